import { numberDefault } from "../model/settings";
import { withDefaults } from "../model/defaults";

/** How the service retries retryable failures (throttling, 5xx, resets, timeouts). Plain data. */
export interface RetryPolicy {
  /** Attempts in all, the first included. 1 means fail fast. Defaults to 6. */
  readonly maxAttempts: number;
  /** Base of the delay before the first retry of a transient failure (5xx, reset, timeout). Defaults to 500 ms. */
  readonly minDelayMs: number;
  /** Base of the delay before the first retry of a throttled call: throttling lasts longer. Defaults to 1 000 ms. */
  readonly throttleMinDelayMs: number;
  /** Upper bound of one delay. Defaults to 10 000 ms. */
  readonly maxDelayMs: number;
  /** Growth of the delay per retry. Defaults to 2. */
  readonly factor: number;
  /** No retry starts after this much time since the first attempt. Defaults to 120 000 ms. */
  readonly maxElapsedMs: number;
  /**
   * Full jitter: each delay is drawn uniformly between 0 and its exponential cap, so parallel
   * callers spread out instead of retrying together. Defaults to true; false waits the cap.
   */
  readonly jitter: boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: numberDefault("maxAttempts"),
  minDelayMs: numberDefault("retryMinDelayMs"),
  throttleMinDelayMs: numberDefault("throttleRetryMinDelayMs"),
  maxDelayMs: numberDefault("retryMaxDelayMs"),
  factor: 2,
  maxElapsedMs: 120_000,
  jitter: true,
};

/** `false` switches retries off; a partial policy is merged over the defaults. */
export function mergeRetryPolicy(input: Partial<RetryPolicy> | false | undefined): RetryPolicy {
  if (input === false) return { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };
  const merged = withDefaults(DEFAULT_RETRY_POLICY, input);
  const bad = (name: keyof RetryPolicy, rule: string): never => {
    throw new RangeError(`retry.${name} ${rule}, got ${String(merged[name])}`);
  };
  if (!Number.isInteger(merged.maxAttempts) || merged.maxAttempts < 1) bad("maxAttempts", "must be an integer of at least 1");
  for (const k of ["minDelayMs", "throttleMinDelayMs", "maxDelayMs", "maxElapsedMs"] as const) {
    if (!Number.isFinite(merged[k]) || merged[k] < 0) bad(k, "must be a non-negative number of milliseconds");
  }
  if (!Number.isFinite(merged.factor) || merged.factor < 1) bad("factor", "must be a number of at least 1");
  if (merged.maxDelayMs < merged.minDelayMs) bad("maxDelayMs", `must not be below minDelayMs (${merged.minDelayMs})`);
  return merged;
}

/** The delay before retry number `retry` (1-based) after a failure of this kind. */
export function retryDelayMs(policy: RetryPolicy, retry: number, throttled: boolean, random: () => number = Math.random): number {
  const base = throttled ? Math.max(policy.throttleMinDelayMs, policy.minDelayMs) : policy.minDelayMs;
  const cap = Math.min(policy.maxDelayMs, base * policy.factor ** (retry - 1));
  return policy.jitter ? Math.floor(random() * cap) : cap;
}
