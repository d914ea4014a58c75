import pRetry from "p-retry";
import { FlinkApiError } from "../errors/flink-api-error";
import { retryDelayMs, type RetryPolicy } from "./retry-policy";

export interface RetryNotice {
  readonly error: FlinkApiError;
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  readonly retriesLeft: number;
  /** How long until the next attempt. */
  readonly delayMs: number;
}

/** The progress line of a retry, in the words every service logs it. */
export function retryLine(n: RetryNotice): string {
  const what = n.error.kind === "throttling" ? `throttled (${n.error.code})` : `failed with ${n.error.code} (${n.error.kind})`;
  return `${n.error.operation}: attempt ${n.attempt} ${what}; retrying in ${(n.delayMs / 1000).toFixed(1)} s, ${n.retriesLeft} left`;
}

/** True for the failures worth another attempt: FlinkApiErrors marked retryable. */
export function isRetryable(e: unknown): boolean {
  return FlinkApiError.isInstance(e) && e.retryable;
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or the policy is spent.
 * p-retry counts attempts and time; the delays are ours (full jitter, a longer base for
 * throttling), taken in `shouldRetry`, so p-retry's own delay is zero. A retryable failure that
 * exhausted the policy is thrown with the attempts and the time it took; any other error is
 * thrown unchanged.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (notice: RetryNotice) => void,
): Promise<T> {
  const started = Date.now();
  let attempts = 0;
  try {
    return await pRetry(
      (n) => {
        attempts = n;
        return fn(n);
      },
      {
        retries: policy.maxAttempts - 1,
        minTimeout: 0,
        maxTimeout: 0,
        maxRetryTime: policy.maxElapsedMs,
        shouldRetry: async ({ error, attemptNumber, retriesLeft }) => {
          if (!isRetryable(error)) return false;
          const e = error as FlinkApiError;
          // No retry starts after maxElapsedMs: a delay never runs past it either.
          const left = policy.maxElapsedMs - (Date.now() - started);
          if (left <= 0) return false;
          const delayMs = Math.min(left, retryDelayMs(policy, attemptNumber, e.kind === "throttling"));
          onRetry?.({ error: e, attempt: attemptNumber, retriesLeft, delayMs });
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          return true;
        },
      },
    );
  } catch (e) {
    if (FlinkApiError.isInstance(e) && e.retryable) throw e.afterAttempts(attempts, Date.now() - started);
    throw e;
  }
}
