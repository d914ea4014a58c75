import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { buildConnectorJar, type FixtureConnector } from "../emulator/fixtures/connector-jar";
import { parseCommand, usageError } from "./args";

export const BUILD_JAR_USAGE = `Usage: alicloud-flink build-jar --out FILE --connector NAME[:KINDS] [--connector ...] [--format NAME]...

Writes a small, real connector JAR for tests and the emulator's --oss-dir: valid class files that
javap and a JVM accept, listed in META-INF/services/org.apache.flink.table.factories.Factory.
KINDS is a comma list of source, sink, lookup (default: source,sink). It has no working code: it
is for registering, not for running jobs.
  alicloud-flink build-jar --out .tmp/oss/bkt/acme-1.0.jar --connector acme:sink --connector acme-cdc:source,lookup`;

/** `alicloud-flink build-jar`. */
export function runBuildJar(argv: readonly string[]): string {
  const { values } = parseCommand(
    argv,
    {
      out: { type: "string" },
      connector: { type: "string", multiple: true },
      format: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    BUILD_JAR_USAGE,
  );
  if (values.help) return BUILD_JAR_USAGE;
  const out = values.out;
  const formats = values.format ?? [];
  const connectors: FixtureConnector[] = (values.connector ?? []).map((value) => {
    const [name, kinds] = value.split(":");
    const set = new Set((kinds ?? "source,sink").split(",").filter(Boolean));
    const unknown = [...set].filter((k) => !["source", "sink", "lookup"].includes(k));
    if (!name || unknown.length || (!set.has("source") && !set.has("sink") && !set.has("lookup"))) {
      throw usageError(`--connector takes NAME[:source,sink,lookup], got "${value}"`, BUILD_JAR_USAGE);
    }
    return { name, source: set.has("source") || set.has("lookup"), sink: set.has("sink"), lookup: set.has("lookup") };
  });
  if (!out || (connectors.length === 0 && formats.length === 0))
    throw usageError("--out and at least one --connector or --format are required", BUILD_JAR_USAGE);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, buildConnectorJar({ connectors, formats }));
  const what = [...connectors.map((c) => c.name), ...formats.map((f) => `format ${f}`)].join(", ");
  return `Wrote ${out} (${what}).`;
}
