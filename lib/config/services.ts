import { FlinkConnectorService, type ServiceOptions } from "../service/connector-service";
import { fingerprint } from "./settings";

/**
 * Hands out one service per distinct settings: the provider (settings read in `configure` and
 * at call time, in the host) and the list function (settings of the running program) both go
 * through one of these, so a service and its List sharing, pacing and memory of lost answers
 * live as long as the settings do.
 */
export class ServiceCache<S> {
  private memo: { key: string; service: S } | undefined;

  constructor(private readonly build: (options: ServiceOptions) => S) {}

  /** The service for these options: the same one while they stay the same. */
  get(options: ServiceOptions): S {
    const key = fingerprint(options);
    if (this.memo?.key !== key) this.memo = { key, service: this.build(options) };
    return this.memo.service;
  }
}

/** The real service, for a cache that is not given another. */
export const realService = (options: ServiceOptions): FlinkConnectorService => new FlinkConnectorService(options);
