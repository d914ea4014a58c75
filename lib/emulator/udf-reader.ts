import { JarArchive, UnreadableJar } from "./jar-archive";
import { loadClass, type LoadedClass } from "./jar-class";

/**
 * The emulator's own reading of a JAR's UDF classes (shares nothing with the package's reader):
 * every public, concrete class whose super classes, followed through the JAR, reach one of
 * Flink's UDF base classes. The platform's `classType` words are the emulator's choice: the
 * documentation names none, so nothing may depend on them.
 */

const BASES: Readonly<Record<string, string>> = {
  "org/apache/flink/table/functions/ScalarFunction": "UDF",
  "org/apache/flink/table/functions/TableFunction": "UDTF",
  "org/apache/flink/table/functions/AggregateFunction": "UDAF",
  "org/apache/flink/table/functions/TableAggregateFunction": "UDTAF",
  "org/apache/flink/table/functions/AsyncScalarFunction": "ASYNC_UDF",
  "org/apache/flink/table/functions/AsyncTableFunction": "ASYNC_UDTF",
};

/** Flink classes a JAR's UDFs extend from outside it (the engine provides them), by what they are. */
const PROVIDED: Readonly<Record<string, string>> = {
  "org/apache/flink/table/functions/TemporalTableFunction": "UDTF",
};

export interface ReadUdfClass {
  readonly className: string;
  readonly classType: string;
}

export type UdfJarRead = { ok: true; classes: ReadUdfClass[] } | { ok: false; reason: string };

export function readUdfClasses(bytes: Buffer): UdfJarRead {
  try {
    const jar = new JarArchive(bytes);
    const loaded = new Map<string, LoadedClass | null>();
    const get = (name: string): LoadedClass | null => {
      if (!loaded.has(name)) {
        const b = jar.get(`${name}.class`);
        loaded.set(name, b ? loadClass(b) : null);
      }
      return loaded.get(name) ?? null;
    };
    const typeOf = (start: string | null): string | undefined => {
      let t = start;
      for (let hops = 0; t && hops < 64; hops++) {
        if (BASES[t] ?? PROVIDED[t]) return BASES[t] ?? PROVIDED[t];
        t = get(t)?.superName ?? null;
      }
      return undefined;
    };
    const classes: ReadUdfClass[] = [];
    for (const entry of jar.names().sort()) {
      if (!entry.endsWith(".class") || entry.startsWith("META-INF/")) continue;
      const c = get(entry.slice(0, -6));
      if (!c || (c.flags & 0x0001) === 0 || (c.flags & 0x0600) !== 0 || BASES[c.name]) continue;
      const classType = typeOf(c.superName);
      if (classType) classes.push({ className: c.name.replace(/\//g, "."), classType });
    }
    return { ok: true, classes };
  } catch (e) {
    if (e instanceof UnreadableJar) return { ok: false, reason: e.message };
    throw e;
  }
}
