/**
 * Plain data merged over defaults: every key of `input` that is not undefined replaces the
 * default. The one merge behind every policy of this package (retries, waits, timeouts).
 */
export function withDefaults<T extends object>(defaults: T, input: Partial<T> | undefined): T {
  const merged = { ...defaults };
  for (const [k, v] of Object.entries(input ?? {})) {
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  }
  return merged;
}
