/**
 * The jarUrl of a connector whose JAR nobody told us: the API never reports it, so an import and
 * `alicloud-flink adopt` write this. `check` refuses it with what to do; `diff` does not count
 * replacing it with the real URL as a change (the connectors are there already).
 */
export function jarUrlPlaceholder(names: readonly string[]): string {
  return `REPLACE-ME: the JAR ${names.join(", ")} ${names.length === 1 ? "was" : "were"} registered from`;
}

/** Whether a jarUrl is that placeholder. */
export const isJarUrlPlaceholder = (v: unknown): boolean => typeof v === "string" && /^REPLACE-ME\b/i.test(v);
