import { numberDefault } from "../model/settings";
import { withDefaults } from "../model/defaults";

/** Per-request timeouts, in milliseconds. */
export interface Timeouts {
  /** Time to establish the connection. Defaults to 10 000. */
  readonly connectMs: number;
  /** Time to wait for a List or Delete response. Defaults to 30 000. */
  readonly readMs: number;
  /**
   * Time to wait for a Register response: the platform downloads and parses the JAR, which
   * takes far longer than openapi-client's 3 s default. Defaults to 120 000.
   */
  readonly registerReadMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 10_000,
  readMs: numberDefault("requestTimeoutMs"),
  registerReadMs: numberDefault("registerTimeoutMs"),
};

/**
 * The values to hand to openapi-client for one request. httpx (under openapi-client) applies
 * `connectTimeout` as Node's socket *idle* timeout, which also fires while waiting for the
 * response; so the value passed must never be below the read timeout, or a slow Register
 * would be cut off after `connectMs`. The connect phase is then bounded by the read timeout.
 */
export function runtimeTimeouts(t: Timeouts, register: boolean): { connectTimeout: number; readTimeout: number } {
  const read = register ? t.registerReadMs : t.readMs;
  return { readTimeout: read, connectTimeout: Math.max(t.connectMs, read) };
}

export function mergeTimeouts(partial: Partial<Timeouts> | undefined): Timeouts {
  const t = withDefaults(DEFAULT_TIMEOUTS, partial);
  for (const [k, v] of Object.entries(t)) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`timeouts.${k} must be a positive number of milliseconds, got ${v}`);
  }
  return t;
}
