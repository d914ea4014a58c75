import pRetry from "p-retry";
import { FlinkApiError } from "../errors/flink-api-error";
import type { RetryPolicy } from "./retry-policy";

export interface RetryNotice {
  readonly error: FlinkApiError;
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  readonly retriesLeft: number;
}

/** True for the failures worth another attempt: FlinkApiErrors marked retryable. */
export function isRetryable(e: unknown): boolean {
  return FlinkApiError.isInstance(e) && e.retryable;
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or the policy is spent.
 * The error thrown is the last one, unchanged.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (notice: RetryNotice) => void,
): Promise<T> {
  return pRetry(fn, {
    retries: policy.maxAttempts - 1,
    factor: policy.factor,
    minTimeout: policy.minDelayMs,
    maxTimeout: policy.maxDelayMs,
    maxRetryTime: policy.maxElapsedMs,
    randomize: policy.jitter,
    shouldRetry: ({ error }) => isRetryable(error),
    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
      if (onRetry && isRetryable(error) && retriesLeft > 0) {
        onRetry({ error: error as FlinkApiError, attempt: attemptNumber, retriesLeft });
      }
    },
  });
}
