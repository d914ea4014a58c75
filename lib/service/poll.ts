import { withDefaults } from "../model/defaults";
import { WaitTimeoutError } from "../errors/wait-timeout-error";

/** A bounded poll. Plain data. */
export interface WaitPolicy {
  /** Give up after this long. Defaults to 60 000 ms. */
  readonly timeoutMs: number;
  /** Pause after the first unsuccessful check; doubles up to maxIntervalMs. Defaults to 250 ms. */
  readonly intervalMs: number;
  readonly maxIntervalMs: number;
}

export const DEFAULT_WAIT_POLICY: WaitPolicy = { timeoutMs: 60_000, intervalMs: 250, maxIntervalMs: 5_000 };

export function mergeWaitPolicy(input: Partial<WaitPolicy> | undefined): WaitPolicy {
  const merged = withDefaults(DEFAULT_WAIT_POLICY, input);
  for (const [k, v] of Object.entries(merged)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`waits.${k} must be a non-negative number of milliseconds, got ${v}`);
  }
  return merged;
}

/**
 * Checks at once, then with growing pauses, until `probe` returns true; no fixed sleeps.
 * Throws WaitTimeoutError when the policy's time is spent.
 */
export async function pollUntil(probe: () => Promise<boolean>, policy: WaitPolicy, what: string): Promise<number> {
  const start = Date.now();
  let interval = policy.intervalMs;
  for (let polls = 1; ; polls++) {
    if (await probe()) return polls;
    const elapsed = Date.now() - start;
    if (elapsed >= policy.timeoutMs) throw new WaitTimeoutError(what, elapsed, polls);
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, policy.timeoutMs - elapsed)));
    interval = Math.min(interval * 2, policy.maxIntervalMs);
  }
}
