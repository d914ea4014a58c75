import { ACC_INTERFACE, type ClassFile } from "./class-file";

/**
 * Every type a class extends or implements, followed through the classes of the JAR. Flink's own
 * types are not in a connector JAR; those that matter are named here with what they imply, the
 * JDK's say nothing, and any other type outside the JAR is reported as unknown.
 */
const FACTORIES = "org/apache/flink/table/factories/";
const KNOWN: Readonly<Record<string, readonly string[]>> = {
  [`${FACTORIES}Factory`]: [],
  [`${FACTORIES}DynamicTableFactory`]: [`${FACTORIES}Factory`],
  [`${FACTORIES}DynamicTableSourceFactory`]: [`${FACTORIES}DynamicTableFactory`],
  [`${FACTORIES}DynamicTableSinkFactory`]: [`${FACTORIES}DynamicTableFactory`],
  [`${FACTORIES}FormatFactory`]: [`${FACTORIES}Factory`],
  [`${FACTORIES}DecodingFormatFactory`]: [`${FACTORIES}FormatFactory`],
  [`${FACTORIES}EncodingFormatFactory`]: [`${FACTORIES}FormatFactory`],
  [`${FACTORIES}DeserializationFormatFactory`]: [`${FACTORIES}DecodingFormatFactory`],
  [`${FACTORIES}SerializationFormatFactory`]: [`${FACTORIES}EncodingFormatFactory`],
  [`${FACTORIES}CatalogFactory`]: [`${FACTORIES}Factory`],
  [`${FACTORIES}CatalogStoreFactory`]: [`${FACTORIES}Factory`],
  [`${FACTORIES}ModuleFactory`]: [`${FACTORIES}Factory`],
  [`${FACTORIES}ManagedTableFactory`]: [`${FACTORIES}DynamicTableFactory`],
  ["org/apache/flink/connector/file/table/factories/BulkReaderFormatFactory"]: [`${FACTORIES}DecodingFormatFactory`],
  ["org/apache/flink/connector/file/table/factories/BulkWriterFormatFactory"]: [`${FACTORIES}EncodingFormatFactory`],
  ["org/apache/flink/connector/base/table/AsyncDynamicTableSinkFactory"]: [`${FACTORIES}DynamicTableSinkFactory`],
  ["org/apache/flink/table/connector/source/DynamicTableSource"]: [],
  ["org/apache/flink/table/connector/source/ScanTableSource"]: ["org/apache/flink/table/connector/source/DynamicTableSource"],
  ["org/apache/flink/table/connector/source/LookupTableSource"]: ["org/apache/flink/table/connector/source/DynamicTableSource"],
};

/**
 * Prefixes of types that imply nothing the reader asks about: the JDK's, and Flink's source and
 * sink abilities (`SupportsProjectionPushDown`, ...).
 */
const SAY_NOTHING = [
  "java/",
  "javax/",
  "org/apache/flink/table/connector/source/abilities/",
  "org/apache/flink/table/connector/sink/abilities/",
];

export const SOURCE_FACTORY = `${FACTORIES}DynamicTableSourceFactory`;
export const SINK_FACTORY = `${FACTORIES}DynamicTableSinkFactory`;
export const FORMAT_FACTORY = `${FACTORIES}FormatFactory`;
export const CATALOG_FACTORIES = [`${FACTORIES}CatalogFactory`, `${FACTORIES}CatalogStoreFactory`];
export const MODULE_FACTORY = `${FACTORIES}ModuleFactory`;
export const TABLE_SOURCE = "org/apache/flink/table/connector/source/DynamicTableSource";
export const LOOKUP_SOURCE = "org/apache/flink/table/connector/source/LookupTableSource";

export interface Supertypes {
  readonly all: ReadonlySet<string>;
  /** Types outside the JAR and outside what the reader knows: they may imply more. */
  readonly unknown: readonly string[];
  readonly isInterface: boolean;
}

/** The supertypes of `name`, bounded to `limit` types visited. */
export function supertypes(name: string, classes: (n: string) => ClassFile | undefined, limit = 512): Supertypes {
  const all = new Set<string>();
  const unknown: string[] = [];
  const queue = [name];
  const start = classes(name);
  while (queue.length && all.size < limit) {
    const t = queue.shift()!;
    if (all.has(t)) continue;
    all.add(t);
    const cls = t === name ? start : classes(t);
    if (cls) {
      queue.push(...(cls.superName ? [cls.superName] : []), ...cls.interfaces);
    } else if (KNOWN[t]) {
      queue.push(...KNOWN[t]);
    } else if (!SAY_NOTHING.some((p) => t.startsWith(p))) {
      unknown.push(t);
    }
  }
  all.delete(name);
  return { all, unknown, isInterface: ((start?.access ?? 0) & ACC_INTERFACE) !== 0 };
}
