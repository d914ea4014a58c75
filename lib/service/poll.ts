import { numberDefault } from "../model/settings";
import { withDefaults } from "../model/defaults";

/** A bounded poll. Plain data. */
export interface WaitPolicy {
  /** How long to poll List after a Register that succeeded without naming its connector. Defaults to 60 000 ms. */
  readonly timeoutMs: number;
  /** Pause after the first unsuccessful check; doubles up to maxIntervalMs. Defaults to 250 ms. */
  readonly intervalMs: number;
  readonly maxIntervalMs: number;
}

export const DEFAULT_WAIT_POLICY: WaitPolicy = { timeoutMs: numberDefault("waitTimeoutMs"), intervalMs: 250, maxIntervalMs: 5_000 };

export function mergeWaitPolicy(input: Partial<WaitPolicy> | undefined): WaitPolicy {
  const merged = withDefaults(DEFAULT_WAIT_POLICY, input);
  for (const [k, v] of Object.entries(merged)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`waits.${k} must be a non-negative number of milliseconds, got ${v}`);
  }
  return merged;
}

/**
 * Checks at once, then with growing pauses, until `probe` finds something or `until` has
 * passed; always checks once more at `until`. Returns what it found, or [] when time ran out.
 * No fixed sleeps; a failing probe rejects.
 */
export async function pollUntil<T>(probe: () => Promise<T[]>, until: number, policy: WaitPolicy): Promise<T[]> {
  let interval = policy.intervalMs;
  for (;;) {
    const found = await probe();
    const left = until - Date.now();
    if (found.length > 0 || left <= 0) return found;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
    interval = Math.min(interval * 2, policy.maxIntervalMs);
  }
}
