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

/**
 * Reads a JAR the way the platform does: loads every factory its services file lists, keeps the
 * table source and sink factories, runs `factoryIdentifier()` on each, and merges factories of one
 * identifier into one connector. A listed class that is missing or malformed fails the whole JAR,
 * as java.util.ServiceLoader would.
 */
export function parseConnectorJar(bytes: Buffer): JarParse {
  try {
    const archive = new JarArchive(bytes);
    const listing = archive.get(SERVICES);
    if (!listing)
      return { ok: false, reason: "no table factory is declared (META-INF/services/org.apache.flink.table.factories.Factory is missing)" };
    const loaded = new Map<string, LoadedClass | undefined>();
    const classes = (name: string): LoadedClass | undefined => {
      if (!loaded.has(name)) {
        const b = archive.get(`${name}.class`);
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
    const listed = [
      ...new Set(
        listing
          .toString("utf8")
          .split(/\r?\n/)
          .map((l) => l.split("#")[0].trim())
          .filter(Boolean),
      ),
    ];
    for (const dotted of listed) {
      const name = dotted.replace(/\./g, "/");
      const cls = classes(name);
      if (!cls) return { ok: false, reason: `the factory ${dotted} is listed but not in the JAR` };
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
