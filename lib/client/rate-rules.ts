import { numberDefault } from "../model/settings";

/**
 * The rules of the adaptive rate limiter (rate-limiter.ts), as values: what a cut paces at and how
 * pacing grows. Pure; table-tested.
 */

/** The quota's unit: Alibaba Cloud's flow control counts requests per second. */
export const SECOND_MS = 1000;
/** Requests in flight when an account has shown nothing yet (`alicloud-flink:initialRequestsPerSecond`). */
export const DEFAULT_INITIAL_RATE = numberDefault("initialRequestsPerSecond");
/** How far back the pacing phase measures what the service accepts. */
export const MEASURE_MS = 2000;

/** A cut paces this far below what the service was measured to accept. */
export const BELOW_MEASURED = 0.95;

/**
 * What the probe measured at its first throttling answer: the answers accepted since the window
 * first filled, per second, counting a per-second quota's opening allowance (one second's worth,
 * as a token bucket of the quota's size or a one-second window gives at once) as a second:
 * `accepted / (1 s + elapsed)`.
 */
export function probedRate(accepted: number, elapsedMs: number): number {
  return (accepted * SECOND_MS) / (SECOND_MS + Math.max(0, elapsedMs));
}

/** Growth below the rate last measured, for its `k`-th second there: 2 %, 4 %, 8 %..., back to it fast. */
export function belowStep(k: number): number {
  return 0.02 * 2 ** k;
}

/**
 * Growth above the rate last measured, for its `k`-th second there: 1 % for five seconds, then
 * 2 %, 4 %, 8 %... in case the quota grew (CUBIC's shape: flat near the last maximum, then
 * faster). Gently at first, for a per-second quota accepts a rate just above it for as long as
 * what it saved while we went slower lasts: the throttling answer that says so comes late.
 */
export function aboveStep(k: number): number {
  return k < 5 ? 0.01 : 0.01 * 2 ** (k - 4);
}

/** A later cut: 95 % of the measured rate, kept between 50 % and 90 % of the current one; 70 % without a measurement. */
export function paceCutRate(rate: number, measured: number | undefined): number {
  if (measured === undefined) return rate * 0.7;
  return Math.min(rate * 0.9, Math.max(rate * 0.5, measured * BELOW_MEASURED));
}
