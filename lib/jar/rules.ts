import type { FlinkVersionSource, RuntimeBundle } from "../model/jar-report";
import type { ClassFile } from "./class-file";
import { PROVIDED_PACKAGES, RUNTIME_MARKERS } from "./runtime-classes";
import { mainAttributes } from "./manifest";
import { MANIFEST, type JarView } from "./view";
import type { EntryReader, ZipEntry } from "./zip";

/** The modules of Flink's runtime a JAR bundles, with the classes that show it. Pure. */
export function bundledRuntime(has: (path: string) => boolean): RuntimeBundle[] {
  return Object.entries(RUNTIME_MARKERS)
    .map(([module, markers]) => ({ module, classes: markers.filter(has).map((m) => m.replace(/\.class$/, "").replace(/\//g, ".")) }))
    .filter((b) => b.classes.length > 0);
}

/** The class file versions the engine would load: lowest, highest, and the entry of one of the highest. */
export function classVersionsOf(view: JarView): { min: number; max: number; newest: string } | undefined {
  let min = Infinity;
  let max = 0;
  let newest = "";
  for (const path of view.classPaths()) {
    const entry = view.entry(path)!;
    const head = view.reader.head(entry, 8);
    if (head.length < 8 || head.readUInt32BE(0) !== 0xcafebabe) continue;
    const major = head.readUInt16BE(6);
    min = Math.min(min, major);
    // The entry read, so that a versioned class is named where it is.
    if (major > max) [max, newest] = [major, entry.name];
  }
  return max ? { min, max, newest } : undefined;
}

const POM = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/;
const MAX_POMS = 512;

/** `key=value` lines of a Java properties file, as far as pom.properties uses them. */
function properties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    const m = /^\s*([^#!=:\s]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/**
 * The Flink version an artifact's coordinates name, when they do: an Apache Flink module of a
 * Flink release (`1.20.0`), an externalized connector (`3.2.0-1.19`), or an artifact named for
 * one (`paimon-flink-1.19`, `1.2.10_flink-1.19`, `flink-doris-connector-1.19`).
 */
export function flinkVersionNamed(groupId: string, artifactId: string, version: string): string | undefined {
  if (groupId === "org.apache.flink") {
    const suffix = /^\d+\.\d+(?:\.\d+)?-(\d+\.\d+)$/.exec(version);
    if (suffix) return suffix[1];
    const release = /^([12])\.(\d+)\.\d+$/.exec(version);
    if (release && artifactId.startsWith("flink-")) return `${release[1]}.${release[2]}`;
  }
  // Another project's artifact names its Flink after "flink-" (`1.2.10_flink-1.19`, `paimon-flink-1.19`), or at the end of an
  // artifact about Flink by a 1.x version Flink has had (`iceberg-flink-runtime-1.19`); a trailing `-2.2` may be HBase's.
  const named =
    /flink-(\d+\.\d+)$/.exec(version) ??
    /flink-(\d+\.\d+)$/.exec(artifactId) ??
    (artifactId.includes("flink") ? /-(1\.(?:1\d|20))$/.exec(artifactId) : null);
  return named?.[1];
}

/**
 * What the JAR's metadata says of the Flink version it was built against: its manifest, as
 * Apache Flink's builds write it (`Implementation-Vendor-Id: org.apache.flink`,
 * `Implementation-Title: Flink : Connectors : …`, `Implementation-Version: 3.2.0-1.19`; their
 * releases carry no pom.properties), and every `META-INF/maven/**\/pom.properties`.
 */
export function flinkVersionsOf(entries: ReadonlyMap<string, ZipEntry>, reader: EntryReader): FlinkVersionSource[] {
  const out: FlinkVersionSource[] = [];
  const manifest = entries.get(MANIFEST);
  if (manifest) {
    const m = mainAttributes(reader.read(manifest));
    const [vendor, title, version] = ["implementation-vendor-id", "implementation-title", "implementation-version"].map(
      (k) => m.get(k) ?? "",
    );
    const flink = /^Flink\b/.test(title) ? flinkVersionNamed(vendor, "flink-", version) : undefined;
    if (flink) out.push({ flinkVersion: flink, artifact: `${vendor}:${title}:${version} (MANIFEST.MF)` });
  }
  let n = 0;
  for (const [name, entry] of entries) {
    const m = POM.exec(name);
    if (!m || ++n > MAX_POMS) continue;
    const p = properties(reader.read(entry).toString("utf8"));
    const [groupId, artifactId, version] = [p.get("groupId") ?? m[1], p.get("artifactId") ?? m[2], p.get("version") ?? ""];
    const flink = flinkVersionNamed(groupId, artifactId, version);
    if (flink) out.push({ flinkVersion: flink, artifact: `${groupId}:${artifactId}:${version}` });
  }
  return out;
}

const provided = (internal: string): boolean => PROVIDED_PACKAGES.some((p) => internal.startsWith(p));
const MAX_WALK = 2000;
/** Classes a factory names, and the classes those name: what loading it and creating its tables needs first. */
const MAX_DEPTH = 2;

/**
 * The packages of classes the factories need (every class a factory's class file names, and the
 * classes those name, MAX_DEPTH deep) that the JAR does not hold and the engine does not provide:
 * the platform loads the JAR alone, so a thin JAR's dependencies are missing there. Classes at
 * the last depth are looked up, not read. Bounded to MAX_WALK classes.
 */
export function missingPackages(
  factories: readonly string[],
  classes: (name: string) => ClassFile | undefined,
  has: (name: string) => boolean,
): string[] {
  const missing = new Set<string>();
  const seen = new Set<string>();
  const queue = factories.map((name) => ({ name, depth: 0 }));
  while (queue.length && seen.size < MAX_WALK) {
    const { name, depth } = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    // A class the JAR holds is followed wherever its package is (connectors live under org/apache/flink/ too).
    if (!has(name)) {
      if (!provided(name)) missing.add(name.includes("/") ? name.slice(0, name.lastIndexOf("/")).replace(/\//g, ".") : "(default package)");
      continue;
    }
    const cls = depth < MAX_DEPTH ? classes(name) : undefined;
    if (!cls) continue;
    for (const k of cls.pool) {
      if (k?.tag !== "class") continue;
      const v = cls.pool[k.name];
      const raw = v?.tag === "utf8" ? v.value : "";
      const element = raw.startsWith("[") ? /^\[+L(.+);$/.exec(raw)?.[1] : raw;
      if (element && !seen.has(element)) queue.push({ name: element, depth: depth + 1 });
    }
  }
  return [...missing].sort();
}
