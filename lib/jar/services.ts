/**
 * A services file (`META-INF/services/<interface>`) read as java.util.ServiceLoader reads it
 * (JDK 9+ `ServiceLoader.LazyClassPathLookupIterator.parseLine`, checked against a JVM): UTF-8
 * (a byte-order mark is not skipped), lines ended by `\n`, `\r` or `\r\n`, `#` starts a comment,
 * then Java's `String.trim`, which strips only characters up to U+0020 (not a no-break space, not
 * a byte-order mark). A line left with a space or tab inside, or that is not a Java class name,
 * makes ServiceLoader throw ServiceConfigurationError: Flink's FactoryUtil then fails discovery of
 * every factory, so the whole JAR registers nothing.
 */
export type ServicesParse =
  | { readonly ok: true; readonly names: readonly string[] }
  | { readonly ok: false; readonly line: number; readonly text: string; readonly reason: "syntax" | "illegal-name" };

/** Java's `String.trim`: strips characters up to U+0020 at both ends, nothing else. */
export function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return s.slice(a, b);
}

// Character.isJavaIdentifierStart / isJavaIdentifierPart, by Unicode general category.
const START = /[\p{L}\p{Nl}\p{Sc}\p{Pc}]/u;
// eslint-disable-next-line no-control-regex -- Character.isIdentifierIgnorable: these control characters are identifier parts.
const PART = /[\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}\p{Cf}\u0000-\u0008\u000e-\u001b\u007f-\u009f]/u;

/** Whether ServiceLoader accepts `name` as a provider class name: an identifier start, then identifier parts or dots. */
export function legalProviderName(name: string): boolean {
  const cps = [...name];
  return cps.length > 0 && START.test(cps[0]) && cps.slice(1).every((c) => c === "." || PART.test(c));
}

/** The provider names of a services file in order, each once; or the first line ServiceLoader refuses. */
export function parseServices(bytes: Buffer): ServicesParse {
  const lines = bytes.toString("utf8").split(/\r\n|\n|\r/);
  const names: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const hash = lines[i].indexOf("#");
    const ln = javaTrim(hash >= 0 ? lines[i].slice(0, hash) : lines[i]);
    if (!ln) continue;
    if (ln.includes(" ") || ln.includes("\t")) return { ok: false, line: i + 1, text: ln, reason: "syntax" };
    if (!legalProviderName(ln)) return { ok: false, line: i + 1, text: ln, reason: "illegal-name" };
    if (!names.includes(ln)) names.push(ln);
  }
  return { ok: true, names };
}
