import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { buildConnectorJar, type FixtureConnector } from "../emulator/fixtures/connector-jar";

export const BUILD_JAR_USAGE = `Usage: alicloud-flink build-jar --out FILE --connector NAME[:KINDS] [--connector ...] [--format NAME]...

Writes a small, real connector JAR for tests and the emulator's --oss-dir: valid class files that
javap and a JVM accept, listed in META-INF/services/org.apache.flink.table.factories.Factory.
KINDS is a comma list of source, sink, lookup (default: source,sink). It has no working code: it
is for registering, not for running jobs.
  alicloud-flink build-jar --out .tmp/oss/bkt/acme-1.0.jar --connector acme:sink --connector acme-cdc:source,lookup`;

/** `alicloud-flink build-jar`. */
export function runBuildJar(argv: readonly string[]): string {
  if (argv.includes("--help") || argv.includes("-h")) return BUILD_JAR_USAGE;
  let out: string | undefined;
  const connectors: FixtureConnector[] = [];
  const formats: string[] = [];
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value\n\n${BUILD_JAR_USAGE}`);
    if (flag === "--out") out = value;
    else if (flag === "--format") formats.push(value);
    else if (flag === "--connector") {
      const [name, kinds] = value.split(":");
      const set = new Set((kinds ?? "source,sink").split(",").filter(Boolean));
      const unknown = [...set].filter((k) => !["source", "sink", "lookup"].includes(k));
      if (!name || unknown.length || (!set.has("source") && !set.has("sink") && !set.has("lookup"))) {
        throw new Error(`--connector takes NAME[:source,sink,lookup], got "${value}"\n\n${BUILD_JAR_USAGE}`);
      }
      connectors.push({ name, source: set.has("source") || set.has("lookup"), sink: set.has("sink"), lookup: set.has("lookup") });
    } else throw new Error(`Unknown argument ${flag}\n\n${BUILD_JAR_USAGE}`);
  }
  if (!out || (connectors.length === 0 && formats.length === 0)) throw new Error(`--out and at least one --connector or --format are required\n\n${BUILD_JAR_USAGE}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, buildConnectorJar({ connectors, formats }));
  const what = [...connectors.map((c) => c.name), ...formats.map((f) => `format ${f}`)].join(", ");
  return `Wrote ${out} (${what}).`;
}
