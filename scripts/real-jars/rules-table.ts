import { warningsFor, type JarWarning } from "../../lib/jar/inspect";
import { readConnectorJar } from "../../lib/jar/read-jar";

/** What the platform's rules say of one JAR: on a Java 8 engine of Flink 1.17, and on a Java 11 one. */
export interface RuleRow {
  readonly name: string;
  readonly size: number;
  readonly at8: readonly JarWarning[];
  readonly at11: readonly JarWarning[];
}

export const at11Of = (bytes: Buffer): JarWarning[] => warningsFor(readConnectorJar(bytes, { javaVersion: 11 }));

/** One warning, briefly: its kind and what it found. */
function brief(w: JarWarning): string {
  switch (w.kind) {
    case "builtin-name":
      return `built-in ${w.connector}`;
    case "bundled-runtime":
      return `runtime ${w.modules.map((m) => m.module).join("+")}`;
    case "class-too-new":
      return `Java ${w.major - 44} classes`;
    case "flink-version":
      return `Flink ${[...new Set(w.found.map((f) => f.flinkVersion))].join("/")}`;
    case "thin-jar":
      return `thin (${w.packages.length} packages missing, e.g. ${w.packages[0]})`;
    case "services-invalid":
      return `services line ${w.error.line} refused`;
    case "duplicate-entries":
      return `${w.names.length} duplicate names`;
    default:
      return w.kind;
  }
}

/** The rules table the note quotes: each JAR, what each engine would refuse (blocking) or warn about. */
export function rulesTable(rows: readonly RuleRow[]): string {
  const cell = (ws: readonly JarWarning[]): string =>
    ws
      .filter((w) => w.kind !== "several")
      .map(brief)
      .join("; ") || "—";
  return [
    "\nThe platform's rules, read from each JAR (engine of Java 8 and Flink 1.17 | engine of Java 11):",
    "| JAR | Java 8, Flink 1.17 | Java 11 |",
    "| --- | --- | --- |",
    ...rows.map((r) => `| ${r.name} | ${cell(r.at8)} | ${cell(r.at11)} |`),
  ].join("\n");
}
