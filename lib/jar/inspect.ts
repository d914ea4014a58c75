import { BUILTIN_CONNECTORS } from "../model/builtin-connectors";
import type { JarReport } from "../model/jar-report";
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
  | { readonly kind: "unresolved"; readonly factory: string; readonly reason: string };

/** Warnings that mean registration would fail or do something other than intended. */
export const BLOCKING: ReadonlySet<JarWarning["kind"]> = new Set(["builtin-name", "no-connector", "no-services", "unresolved"]);

/** The warnings a report calls for. Pure. */
export function warningsFor(report: JarReport): JarWarning[] {
  const warnings: JarWarning[] = [];
  if (!report.hasFactoryServices) warnings.push({ kind: "no-services" });
  else if (report.connectors.length === 0 && report.unresolved.length === 0) {
    warnings.push({ kind: "no-connector", others: report.others.map((o) => `${o.kind} ${o.identifier ?? o.factory}`) });
  }
  for (const c of report.connectors) {
    const builtin = BUILTIN_CONNECTORS[c.name];
    if (builtin) warnings.push({ kind: "builtin-name", connector: c.name, builtin });
  }
  if (report.connectors.length > 1) warnings.push({ kind: "several", connectors: report.connectors.map((c) => c.name) });
  for (const u of report.unresolved) warnings.push({ kind: "unresolved", factory: u.factory, reason: u.reason });
  return warnings;
}

/** A warning in words that say what to do. */
export function describeWarning(w: JarWarning): string {
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
export async function inspectConnectorJar(jar: string | Buffer, options: JarReaderOptions = {}): Promise<JarInspection> {
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
  const warnings = warningsFor(report);
  return { source, report, warnings, problems: warnings.some((w) => BLOCKING.has(w.kind)) };
}
