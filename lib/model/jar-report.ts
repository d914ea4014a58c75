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
  /**
   * Lowest and highest class file major version (52 = Java 8, 55 = Java 11, 65 = Java 21) of every
   * class the engine's Java loads from the JAR, and the path of one of the highest.
   */
  readonly classVersions?: { readonly min: number; readonly max: number; readonly newest: string };
  /** The Java version the JAR was read at (a multi-release JAR reads differently on 8 and on 9+). */
  readonly javaVersion: number;
  /** `Multi-Release: true` in the manifest. */
  readonly multiRelease: boolean;
  /** Modules of Flink's own runtime the JAR bundles (they must be `provided`). */
  readonly runtime: readonly RuntimeBundle[];
  /** The Flink versions the JAR's Maven metadata names, with the artifact that names each. */
  readonly flinkVersions: readonly FlinkVersionSource[];
  /** Packages the factories need that neither the JAR nor the engine holds (a thin JAR). */
  readonly missingPackages: readonly string[];
  /** Names the zip lists more than once (the JVM reads the last of each). */
  readonly duplicateEntries: readonly string[];
  /** The line of the services file java.util.ServiceLoader refuses, failing discovery of every factory. */
  readonly servicesError?: ServicesError;
}

/** A module of Flink's runtime found in a JAR, by the classes that only it holds. */
export interface RuntimeBundle {
  readonly module: string;
  readonly classes: readonly string[];
}

/** A Flink version a JAR's metadata names. */
export interface FlinkVersionSource {
  /** `major.minor`, e.g. "1.19". */
  readonly flinkVersion: string;
  /** What names it: Maven coordinates `group:artifact:version`, or the manifest's vendor, title and version. */
  readonly artifact: string;
}

/** A services-file line java.util.ServiceLoader refuses. */
export interface ServicesError {
  readonly line: number;
  /** The line after comments and trimming, hidden characters shown as `\u{…}`. */
  readonly text: string;
  readonly reason: "syntax" | "illegal-name";
}
