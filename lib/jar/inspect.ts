import { BUILTIN_CONNECTORS } from "../model/builtin-connectors";
import type { FlinkVersionSource, JarReport, RuntimeBundle, ServicesError } from "../model/jar-report";
import { fetchJar, shown } from "./fetch-jar";
import { DEFAULT_JAR_LIMITS, readConnectorJar, readConnectorJarFile, type JarReaderOptions } from "./read-jar";

/** Something a user should know about a JAR before registering it. Data; `describeWarning` words it. */
export type JarWarning =
  /** The platform has a built-in connector of this name: the docs say to rename the factory identifier and repackage. */
  | { readonly kind: "builtin-name"; readonly connector: string; readonly builtin: string }
  /** Factories, but no table connector among them (formats, catalogs, modules only). */
  | { readonly kind: "no-connector"; readonly others: readonly string[] }
  /** No `META-INF/services/org.apache.flink.table.factories.Factory` at all. */
  | { readonly kind: "no-services" }
  /** One JAR, several connectors: registering it registers all of them. */
  | { readonly kind: "several"; readonly connectors: readonly string[] }
  /** A listed factory the reader could not resolve. */
  | { readonly kind: "unresolved"; readonly factory: string; readonly reason: string }
  /** A services-file line ServiceLoader refuses: discovery of every factory fails. */
  | { readonly kind: "services-invalid"; readonly error: ServicesError }
  /** Modules of Flink's own runtime bundled in the JAR (the docs require `provided` scope). */
  | { readonly kind: "bundled-runtime"; readonly modules: readonly RuntimeBundle[] }
  /** Class files newer than the engine's Java loads. */
  | { readonly kind: "class-too-new"; readonly major: number; readonly newest: string; readonly javaVersion: number }
  /** The JAR was built against another Flink version than the engine's. */
  | { readonly kind: "flink-version"; readonly found: readonly FlinkVersionSource[]; readonly engine: string }
  /** The factories need classes neither the JAR nor the engine holds (a thin JAR). */
  | { readonly kind: "thin-jar"; readonly packages: readonly string[] }
  /** Names the zip lists twice: the JVM reads the last of each. */
  | { readonly kind: "duplicate-entries"; readonly names: readonly string[] };

/** Warnings that mean registration would fail or do something other than intended. */
export const BLOCKING: ReadonlySet<JarWarning["kind"]> = new Set([
  "builtin-name",
  "no-connector",
  "no-services",
  "unresolved",
  "services-invalid",
  "bundled-runtime",
  "class-too-new",
  "flink-version",
]);

/** What the engine the JAR is meant for runs: its Flink version ("1.17"), when known. Its Java is the report's. */
export interface EngineRules {
  readonly flinkVersion?: string;
}

/** The class file major version of a Java feature version (Java 8 is 52). */
export const majorOf = (java: number): number => 44 + java;

/** The warnings a report calls for. Pure. */
export function warningsFor(report: JarReport, engine: EngineRules = {}): JarWarning[] {
  const warnings: JarWarning[] = [];
  if (!report.hasFactoryServices) warnings.push({ kind: "no-services" });
  else if (report.servicesError) warnings.push({ kind: "services-invalid", error: report.servicesError });
  else if (report.connectors.length === 0 && report.unresolved.length === 0) {
    warnings.push({ kind: "no-connector", others: report.others.map((o) => `${o.kind} ${o.identifier ?? o.factory}`) });
  }
  for (const c of report.connectors) {
    const builtin = BUILTIN_CONNECTORS[c.name];
    if (builtin) warnings.push({ kind: "builtin-name", connector: c.name, builtin });
  }
  if (report.connectors.length > 1) warnings.push({ kind: "several", connectors: report.connectors.map((c) => c.name) });
  for (const u of report.unresolved) warnings.push({ kind: "unresolved", factory: u.factory, reason: u.reason });
  if (report.runtime.length) warnings.push({ kind: "bundled-runtime", modules: report.runtime });
  const v = report.classVersions;
  if (v && v.max > majorOf(report.javaVersion))
    warnings.push({ kind: "class-too-new", major: v.max, newest: v.newest, javaVersion: report.javaVersion });
  const other = engine.flinkVersion ? report.flinkVersions.filter((f) => f.flinkVersion !== engine.flinkVersion) : [];
  if (other.length) warnings.push({ kind: "flink-version", found: other, engine: engine.flinkVersion! });
  if (report.missingPackages.length) warnings.push({ kind: "thin-jar", packages: report.missingPackages });
  if (report.duplicateEntries.length) warnings.push({ kind: "duplicate-entries", names: report.duplicateEntries });
  return warnings;
}

const listed = (xs: readonly string[], max = 5): string =>
  xs.length > max ? `${xs.slice(0, max).join(", ")} and ${xs.length - max} more` : xs.join(", ");

/** How the user tells the engine's Java and Flink versions, in the words of what they run. */
export interface EngineAdvice {
  readonly java: string;
  readonly flink: string;
}

/** The command line's words: inspect-jar's options. */
export const CLI_ENGINE_ADVICE: EngineAdvice = { java: "--java-version", flink: "--flink-version" };

/** A warning in words that say what to do. */
export function describeWarning(w: JarWarning, advice: EngineAdvice = CLI_ENGINE_ADVICE): string {
  switch (w.kind) {
    case "builtin-name":
      return (
        `"${w.connector}" is the name of a connector the platform has built in ` +
        `(${w.builtin}). Alibaba Cloud's docs say a custom connector of that ` +
        `name must be renamed: change the factory's factoryIdentifier() (and ` +
        `'connector' = '...' in your SQL), rebuild and repackage the JAR.`
      );
    case "no-connector":
      return (
        `The JAR declares no table connector${w.others.length ? ` (only ${w.others.join(", ")})` : ""}: registering it as a ` +
        `custom connector fails. Formats are uploaded as custom formats in the console; catalogs and modules are not connectors.`
      );
    case "no-services":
      return (
        "The JAR has no META-INF/services/org.apache.flink.table.factories.Factory, so " +
        "the platform finds no connector in it. Build the JAR with that services file " +
        "listing your DynamicTableSourceFactory/DynamicTableSinkFactory classes (a shaded " +
        "JAR must merge services files: Maven Shade's ServicesResourceTransformer)."
      );
    case "several":
      return (
        `The JAR registers ${w.connectors.length} connectors (${w.connectors.join(", ")}): ` +
        `registering it registers all of them, and each name can exist only once in a namespace.`
      );
    case "unresolved":
      return (
        `The factory ${w.factory} could not be read: ${w.reason}. The platform may still ` +
        `register it; check with javap -c -p that its factoryIdentifier() returns a constant.`
      );
    case "services-invalid":
      return (
        `Line ${w.error.line} of META-INF/services/org.apache.flink.table.factories.Factory, "${w.error.text}", is ` +
        `${w.error.reason === "syntax" ? "not one class name (it holds a space or tab)" : "not a legal Java class name"}: ` +
        `java.util.ServiceLoader refuses the whole file, so Flink discovers no factory of the JAR. Write one class name a ` +
        `line, in UTF-8 without a byte-order mark, and rebuild the JAR.`
      );
    case "bundled-runtime":
      return (
        `The JAR bundles Flink's own runtime (${w.modules.map((m) => `${m.module}: ${m.classes[0]}`).join("; ")}). ` +
        `Alibaba Cloud's docs require Flink dependencies in provided scope: uploading runtime classes causes dependency ` +
        `conflicts. Set <scope>provided</scope> on every org.apache.flink dependency (or exclude them in the shade plugin) and rebuild.`
      );
    case "class-too-new":
      return (
        `${w.newest} is a class file of Java ${w.major - 44} (major version ${w.major}), but the engine runs Java ` +
        `${w.javaVersion}: loading it fails with UnsupportedClassVersionError. Compile for Java ${w.javaVersion} ` +
        `(maven.compiler.release ${w.javaVersion}), or, if the engine runs a newer Java, say so with ${advice.java}.`
      );
    case "flink-version":
      return (
        `The JAR was built against Flink ${[...new Set(w.found.map((f) => f.flinkVersion))].join(", ")} ` +
        `(${listed(
          w.found.map((f) => f.artifact),
          3,
        )}), but the engine runs Flink ${w.engine}. The docs require the Flink ` +
        `version of your pom.xml to match the workspace's engine: build against ${w.engine}, or correct ${advice.flink}.`
      );
    case "thin-jar":
      return (
        `The factories' classes name classes the JAR does not hold (packages ${listed(w.packages)}), and the platform ` +
        `loads the JAR alone: code that uses them fails there. Bundle and shade these dependencies (Maven Shade Plugin), ` +
        `unless the engine provides them or that code never runs.`
      );
    case "duplicate-entries":
      return (
        `The archive lists ${listed(w.names, 3)} more than once; the JVM reads the last of each, as this report does. ` +
        `Rebuild the JAR so that each file is in it once.`
      );
  }
}

export interface JarInspection {
  /** The path, or the URL without its query and credentials. */
  readonly source: string;
  readonly report: JarReport;
  readonly warnings: readonly JarWarning[];
  /** True when a warning means registering the JAR would fail or not do what is meant. */
  readonly problems: boolean;
}

/**
 * Says which connectors a JAR will register and what to fix first: from a file path, an
 * `https://` URL (plain `http://` only on loopback), or the JAR's bytes. Nothing in the JAR runs.
 */
export async function inspectConnectorJar(jar: string | Buffer, options: JarReaderOptions & EngineRules = {}): Promise<JarInspection> {
  let report: JarReport;
  let source: string;
  if (Buffer.isBuffer(jar)) {
    report = readConnectorJar(jar, options);
    source = `${jar.length} bytes`;
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(jar)) {
    report = readConnectorJar(await fetchJar(jar, { maxBytes: options.maxJarBytes ?? DEFAULT_JAR_LIMITS.maxJarBytes }), options);
    source = shown(jar);
  } else {
    report = await readConnectorJarFile(jar, options);
    source = jar;
  }
  const warnings = warningsFor(report, options);
  return { source, report, warnings, problems: warnings.some((w) => BLOCKING.has(w.kind)) };
}
