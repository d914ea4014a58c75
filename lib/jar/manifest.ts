/**
 * The main section of a JAR manifest (`META-INF/MANIFEST.MF`), as java.util.jar.Manifest reads
 * it: `Name: value` lines, a line starting with one space continues the one before, the main
 * section ends at the first blank line, names compare without case.
 */
export function mainAttributes(bytes: Buffer): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const lines = bytes.toString("utf8").split(/\r\n|\n|\r/);
  let last: string | undefined;
  for (const line of lines.slice(0, 10_000)) {
    if (line === "") break;
    if (line.startsWith(" ") && last !== undefined) {
      out.set(last, out.get(last)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(": ");
    if (colon <= 0) continue;
    last = line.slice(0, colon).toLowerCase();
    if (!out.has(last)) out.set(last, line.slice(colon + 2));
  }
  return out;
}

/**
 * Whether a JVM reads the JAR as multi-release: `Multi-Release: true` in the main section
 * (JDK 17's JarFile: `Boolean.parseBoolean`, so any case of "true").
 */
export function isMultiRelease(manifest: Buffer | undefined): boolean {
  return manifest !== undefined && mainAttributes(manifest).get("multi-release")?.toLowerCase() === "true";
}
