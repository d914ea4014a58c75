import { JarReadError } from "../errors/jar-error";
import { numberOf, parseCommand, usageError } from "./args";
import { BLOCKING, describeWarning, inspectConnectorJar, type JarInspection } from "../jar/inspect";
import { fetchJar, shown } from "../jar/fetch-jar";
import { DEFAULT_JAR_LIMITS, readJarBytes } from "../jar/read-jar";
import { readUdfJar } from "../jar/udf-classes";
import type { Capability } from "../model/jar-report";
import type { UdfJarReport } from "../model/udf";
import { defaultFunctionName } from "../provider/udf-types";

export const INSPECT_USAGE = `Usage: alicloud-flink inspect-jar <path | https-url> [--java-version N] [--flink-version X.Y] [--json]

Reads a connector JAR as the platform does (the table factories listed in
META-INF/services/org.apache.flink.table.factories.Factory, nothing executed) and prints the
connectors that registering it will create, and what to fix first; and the UDF classes it holds
(public classes extending Flink's ScalarFunction, TableFunction, AggregateFunction, ...), with the
function each gets by default as a FlinkUdfArtifact.
  --java-version   the engine's Java (default 8): a multi-release JAR is read as that Java reads
                   it, and class files newer than it are a problem
  --flink-version  the engine's Flink, e.g. 1.17: a JAR whose Maven metadata names another is a problem
Exit codes: 0 the JAR registers connectors (or holds UDF classes) and nothing blocks it; 1 it would fail or surprise
(a name the platform has built in, no connector, a factory that could not be read, a services
file ServiceLoader refuses, Flink's runtime bundled, class files too new, another Flink version);
2 bad arguments, or the JAR could not be fetched or read.`;

export interface CommandResult {
  readonly output: string;
  readonly exitCode: number;
}

const word = (c: Capability): string => (c === "unknown" ? "unknown" : c ? "yes" : "no");

/** A JAR of UDFs only: no connector factory, some UDF class. Its missing services file is no problem. */
export const isUdfJar = (i: JarInspection, udf: UdfJarReport): boolean =>
  udf.classes.length > 0 && i.report.connectors.length === 0 && !i.report.hasFactoryServices;

/** The UDF classes in words. Pure. */
export function formatUdfClasses(udf: UdfJarReport): string[] {
  if (!udf.classes.length && !udf.unknown.length) return [];
  const how = udf.classes.length ? " (as a FlinkUdfArtifact, by default each registers the function named):" : ".";
  const lines = [`UDF classes: ${udf.classes.length}${how}`];
  const width = Math.max(5, ...udf.classes.map((c) => c.className.length)) + 2;
  if (udf.classes.length) lines.push(`  ${"CLASS".padEnd(width)}${"TYPE".padEnd(24)}FUNCTION`);
  for (const c of udf.classes) lines.push(`  ${c.className.padEnd(width)}${c.classType.padEnd(24)}${defaultFunctionName(c.className)}`);
  if (udf.unknown.length)
    lines.push(
      `Maybe UDF classes (their super class is outside the JAR, so unknown): ` +
        `${udf.unknown
          .slice(0, 5)
          .map((u) => `${u.className} (extends ${u.outside})`)
          .join(", ")}${udf.unknown.length > 5 ? ` and ${udf.unknown.length - 5} more` : ""}.`,
    );
  return lines;
}

/** The report in words. Pure. */
export function formatInspection(i: JarInspection, udf?: UdfJarReport): string {
  const { report } = i;
  const n = report.connectors.length;
  const lines = [`${i.source} registers ${n === 0 ? "no connector" : n === 1 ? "1 connector" : `${n} connectors`}${n ? ":" : "."}`];
  if (n) {
    const width = Math.max(4, ...report.connectors.map((c) => c.name.length)) + 2;
    lines.push(`  ${"NAME".padEnd(width)}SOURCE   SINK     LOOKUP`);
    for (const c of report.connectors)
      lines.push(`  ${c.name.padEnd(width)}${word(c.source).padEnd(9)}${word(c.sink).padEnd(9)}${word(c.lookup)}`);
  }
  const facts = [
    `read at Java ${report.javaVersion}${report.multiRelease ? " (a multi-release JAR)" : ""}`,
    ...(report.classVersions ? [`class files of Java ${report.classVersions.min - 44} to ${report.classVersions.max - 44}`] : []),
    ...(report.flinkVersions.length
      ? [`built against Flink ${[...new Set(report.flinkVersions.map((f) => f.flinkVersion))].join(", ")}`]
      : []),
  ];
  lines.push(`${facts.join("; ")}.`);
  if (report.others.length) lines.push(`Not connectors: ${report.others.map((o) => `${o.kind} ${o.identifier ?? o.factory}`).join(", ")}.`);
  if (udf) lines.push(...formatUdfClasses(udf));
  if (i.warnings.length) lines.push("", "Warnings:", ...i.warnings.map((w) => `  - ${describeWarning(w)}`));
  return lines.join("\n");
}

/** `alicloud-flink inspect-jar`. */
export async function runInspectJar(argv: readonly string[]): Promise<CommandResult> {
  const { values, positionals: rest } = parseCommand(
    argv,
    {
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      "java-version": { type: "string" },
      "flink-version": { type: "string" },
    },
    INSPECT_USAGE,
    true,
  );
  if (values.help) return { output: INSPECT_USAGE, exitCode: 0 };
  const json = values.json === true;
  if (rest.length !== 1) throw usageError("inspect-jar takes one JAR (a path or an https:// URL)", INSPECT_USAGE);
  const javaVersion = numberOf("java-version", values["java-version"], 8, INSPECT_USAGE) ?? 8;
  if (!Number.isInteger(javaVersion)) throw usageError("--java-version takes a Java feature version, e.g. 8, 11 or 17", INSPECT_USAGE);
  const flinkVersion = values["flink-version"];
  if (flinkVersion !== undefined && !/^\d+\.\d+$/.test(flinkVersion))
    throw usageError(`--flink-version takes major.minor, e.g. 1.17, got "${flinkVersion}"`, INSPECT_USAGE);
  let inspection: JarInspection;
  let udf: UdfJarReport;
  try {
    const target = rest[0];
    const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
    const bytes = remote ? await fetchJar(target, { maxBytes: DEFAULT_JAR_LIMITS.maxJarBytes }) : await readJarBytes(target);
    inspection = {
      ...(await inspectConnectorJar(bytes, { javaVersion, ...(flinkVersion ? { flinkVersion } : {}) })),
      source: remote ? shown(target) : target,
    };
    udf = readUdfJar(bytes, { javaVersion });
    if (isUdfJar(inspection, udf)) {
      const warnings = inspection.warnings.filter((w) => w.kind !== "no-services");
      inspection = { ...inspection, warnings, problems: warnings.some((w) => BLOCKING.has(w.kind)) };
    }
  } catch (e) {
    if (!JarReadError.isInstance(e) || !json) throw e;
    return {
      output: JSON.stringify(
        { source: rest[0].split("?")[0], error: { problem: e.problem, message: e.message, ...(e.entry ? { entry: e.entry } : {}) } },
        null,
        2,
      ),
      exitCode: 2,
    };
  }
  const output = json
    ? JSON.stringify(
        {
          source: inspection.source,
          ...inspection.report,
          udf: { classes: udf.classes, unknown: udf.unknown },
          warnings: inspection.warnings.map((w) => ({ ...w, message: describeWarning(w) })),
          problems: inspection.problems,
        },
        null,
        2,
      )
    : formatInspection(inspection, udf);
  return { output, exitCode: inspection.problems ? 1 : 0 };
}
