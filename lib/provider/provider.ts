import { inspect } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { asInputs } from "./check";
import { ConnectorLifecycle, type LifecycleDeps } from "./connector-lifecycle";
import { idOf } from "./lifecycle";
import { valueOf, type Props } from "./outcome";
import type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./types";

/** What the provider needs from the outside world; defaults are the real thing. */
export type ProviderDeps = LifecycleDeps;

/**
 * The FlinkConnector lifecycle for Pulumi's dynamic-provider host: a thin adapter over
 * ConnectorLifecycle. Holds no credentials in any field that is serialized: settings are read
 * in `configure` and at call time, in the host.
 *
 * A failed write raises a ConnectorOperationError whose message says exactly what is on the
 * platform now; when a connector may exist it carries the id and properties (with the
 * serialized provider the host needs), so Pulumi keeps tracking it.
 */
export class FlinkConnectorProvider implements pulumi.dynamic.ResourceProvider<FlinkConnectorInputs, FlinkConnectorOutputs> {
  private readonly core: ConnectorLifecycle;

  constructor(deps: ProviderDeps = {}) {
    this.core = new ConnectorLifecycle(deps);
  }

  /** Never shows configuration or credentials, whatever prints this object. */
  [inspect.custom](): string {
    return "FlinkConnectorProvider {}";
  }

  toJSON(): Record<string, never> {
    return {};
  }

  /** Receives the whole stack config from the engine (secrets decrypted); kept in the host only. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.core.useConfig((key) => req.config.get(key));
  }

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return this.core.check(olds, news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return this.core.diff(olds, news);
  }

  async create(raw: Props): Promise<pulumi.dynamic.CreateResult<FlinkConnectorOutputs>> {
    const inputs = asInputs(raw);
    const id = idOf(inputs);
    return { id, outs: valueOf(await this.core.create(inputs), id, provided(raw)) };
  }

  async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<FlinkConnectorOutputs>> {
    const found = await this.core.read(id, props);
    // Gone: the engine drops it from the state.
    return found ? { id, props: found.outs, inputs: found.inputs as unknown as FlinkConnectorOutputs } : { id: "" };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<FlinkConnectorOutputs>> {
    return { outs: valueOf(await this.core.update(id, olds, asInputs(news)), id, provided(news)) };
  }

  async delete(id: string, props?: Props): Promise<void> {
    valueOf(await this.core.delete(id, props), id);
  }
}

/** The serialized provider, which the host reads back from the properties of a partial failure. */
const provided = (raw: Props): Props => ({ __provider: raw.__provider });
