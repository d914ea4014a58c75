import { JarArchive, UnreadableJar } from "./jar-archive";
import { loadClass, type LoadedClass } from "./jar-class";
import { CannotRun, MiniJvm } from "./jar-vm";

/** A connector the emulated platform registers from a JAR. */
export interface ParsedConnector {
  readonly name: string;
  readonly source: boolean;
  readonly sink: boolean;
  readonly lookup: boolean;
}

export type JarParse =
  { readonly ok: true; readonly connectors: readonly ParsedConnector[] } | { readonly ok: false; readonly reason: string };

const SERVICES = "META-INF/services/org.apache.flink.table.factories.Factory";
const F = "org/apache/flink/table/factories/";
/** Flink types a connector JAR does not hold, and the interfaces they stand for. */
const FLINK_TYPES: Readonly<Record<string, readonly string[]>> = {
  [`${F}DynamicTableSourceFactory`]: ["source"],
  [`${F}DynamicTableSinkFactory`]: ["sink"],
  "org/apache/flink/connector/base/table/AsyncDynamicTableSinkFactory": ["sink"],
  "org/apache/flink/table/connector/source/LookupTableSource": ["lookup"],
};

/** The main manifest section says `Multi-Release: true` (the attribute's name in any case, the value "true" in any case). */
function multiRelease(archive: JarArchive): boolean {
  const text = archive.get("META-INF/MANIFEST.MF")?.toString("utf8") ?? "";
  const main = text.split(/\r?\n\r?\n|\r\r/)[0];
  return /(^|[\r\n])multi-release: true(?=[\r\n]|$)/i.test(main);
}

/** ServiceLoader's reading of a services file: the names, or why it throws ServiceConfigurationError. */
function providerNames(listing: Buffer): string[] | string {
  const names: string[] = [];
  let n = 0;
  for (const raw of listing.toString("utf8").split(/\r\n|\r|\n/)) {
    n++;
    // eslint-disable-next-line no-control-regex -- Java's String.trim strips exactly U+0000..U+0020.
    const line = raw.split("#")[0].replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "");
    if (line === "") continue;
    if (/[ \t]/.test(line)) return `line ${n} of its services file is not valid syntax`;
    // eslint-disable-next-line no-control-regex -- Java counts these control characters as identifier-ignorable.
    const legal = /^[\p{L}\p{Nl}\p{Sc}\p{Pc}][\p{L}\p{Nl}\p{Sc}\p{Pc}\p{Nd}\p{Mn}\p{Mc}\p{Cf}\x00-\x08\x0e-\x1b\x7f-\x9f.]*$/u;
    if (!legal.test(line)) return `line ${n} of its services file is an illegal provider class name`;
    if (!names.includes(line)) names.push(line);
  }
  return names;
}

/**
 * Reads a JAR the way the platform does, on an engine of `javaVersion` (8 by default): loads every
 * factory its services file lists (a multi-release JAR's versioned class winning on Java 9+),
 * keeps the table source and sink factories, runs `factoryIdentifier()` on each, and merges
 * factories of one identifier into one connector. A services file ServiceLoader refuses, or a
 * listed class that is missing, malformed or too new for the engine's Java, fails the whole JAR,
 * as java.util.ServiceLoader would.
 */
export function parseConnectorJar(bytes: Buffer, javaVersion = 8): JarParse {
  try {
    const archive = new JarArchive(bytes);
    const listing = archive.get(SERVICES);
    if (!listing)
      return { ok: false, reason: "no table factory is declared (META-INF/services/org.apache.flink.table.factories.Factory is missing)" };
    const versions = multiRelease(archive) ? Array.from({ length: Math.max(0, javaVersion - 8) }, (_, i) => javaVersion - i) : [];
    const loaded = new Map<string, LoadedClass | undefined>();
    const classes = (name: string): LoadedClass | undefined => {
      if (!loaded.has(name)) {
        const at = versions.map((v) => `META-INF/versions/${v}/${name}.class`).find((p) => archive.has(p)) ?? `${name}.class`;
        const b = archive.get(at);
        loaded.set(name, b ? loadClass(b) : undefined);
      }
      return loaded.get(name);
    };
    const roles = (name: string): Set<string> => {
      const found = new Set<string>();
      const todo = [name];
      for (const seen = new Set<string>(); todo.length && seen.size < 1000;) {
        const t = todo.pop()!;
        if (seen.has(t)) continue;
        seen.add(t);
        for (const r of FLINK_TYPES[t] ?? []) found.add(r);
        const c = classes(t);
        if (c) todo.push(...(c.superName ? [c.superName] : []), ...c.interfaces);
      }
      return found;
    };
    const vm = new MiniJvm(classes);
    const merged = new Map<string, ParsedConnector>();
    const listed = providerNames(listing);
    if (typeof listed === "string") return { ok: false, reason: `java.util.ServiceLoader refuses it: ${listed}` };
    for (const dotted of listed) {
      const name = dotted.replace(/\./g, "/");
      const cls = classes(name);
      if (!cls) return { ok: false, reason: `the factory ${dotted} is listed but not in the JAR` };
      if (cls.major > 44 + javaVersion)
        return {
          ok: false,
          reason: `the factory ${dotted} is compiled for Java ${cls.major - 44}, newer than the engine's Java ${javaVersion}`,
        };
      if (cls.isAbstract) return { ok: false, reason: `the factory ${dotted} cannot be instantiated` };
      const r = roles(name);
      if (!r.has("source") && !r.has("sink")) continue;
      const id = vm.identifierOf(name);
      const lookup =
        r.has("source") &&
        [cls, ...ancestors(cls, classes)].some((c) =>
          c.referenced.some((ref) => ref !== name && classes(ref) !== undefined && roles(ref).has("lookup")),
        );
      const before = merged.get(id);
      merged.set(id, {
        name: id,
        source: r.has("source") || !!before?.source,
        sink: r.has("sink") || !!before?.sink,
        lookup: lookup || !!before?.lookup,
      });
    }
    if (merged.size === 0) return { ok: false, reason: "it declares no table connector (only formats, catalogs or other factories)" };
    return { ok: true, connectors: [...merged.values()] };
  } catch (e) {
    if (e instanceof UnreadableJar || e instanceof CannotRun) return { ok: false, reason: e.message };
    if (e instanceof RangeError) return { ok: false, reason: "a class file is malformed" };
    throw e;
  }
}

function ancestors(cls: LoadedClass, classes: (name: string) => LoadedClass | undefined): LoadedClass[] {
  const out: LoadedClass[] = [];
  for (let c = cls.superName ? classes(cls.superName) : undefined; c && out.length < 64; c = c.superName ? classes(c.superName) : undefined)
    out.push(c);
  return out;
}
