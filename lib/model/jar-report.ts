/** What a JAR tells about itself, read without running it: a yes, a no, or "unknown" when the bytes cannot settle it. */
export type Capability = boolean | "unknown";

/** A connector the platform will register from a JAR: one per distinct factory identifier. */
export interface JarConnector {
  /** The factory identifier: the connector's name and type on the platform, and `'connector' = '...'` in SQL. */
  readonly name: string;
  readonly source: Capability;
  readonly sink: Capability;
  /** True when the table source it creates is a LookupTableSource. */
  readonly lookup: Capability;
  /** The factory classes with this identifier, merged into this one connector. */
  readonly factories: readonly string[];
}

/** A factory that is not a table connector: the platform registers nothing for it. */
export interface JarOtherFactory {
  readonly kind: "format" | "catalog" | "module" | "other";
  readonly factory: string;
  /** Its identifier, when the reader could tell. */
  readonly identifier?: string;
}

/** A listed factory the reader could not resolve, and why. Never guessed. */
export interface UnresolvedFactory {
  readonly factory: string;
  readonly reason: string;
}

/** What a connector JAR will register, and what else it holds. */
export interface JarReport {
  /** Sorted by name. */
  readonly connectors: readonly JarConnector[];
  readonly others: readonly JarOtherFactory[];
  readonly unresolved: readonly UnresolvedFactory[];
  /** Whether the JAR has `META-INF/services/org.apache.flink.table.factories.Factory`. */
  readonly hasFactoryServices: boolean;
  /** Lowest and highest class file major version among the classes read (52 = Java 8, 65 = Java 21). */
  readonly classVersions?: { readonly min: number; readonly max: number };
}
