/**
 * The connector JARs the example program (examples/basic) registers, built as small real JARs in
 * a directory that stands in for OSS, plus two more that show what the platform does with other
 * JARs: one that registers two connectors, and one that registers none.
 * `npm run example:jars` writes them to .tmp/oss for `npm run emulator -- --oss-dir .tmp/oss`.
 */
import { join } from "node:path";
import type { ConnectorJarSpec } from "../lib/emulator/fixtures/connector-jar";
import { ossDirWith } from "../tests/support/oss";

export const EXAMPLE_BUCKET = "oss://flink-artifacts/connectors";

export const EXAMPLE_JARS: Readonly<Record<string, ConnectorJarSpec>> = {
  [`${EXAMPLE_BUCKET}/acme-sink-1.2.0.jar`]: { connectors: [{ name: "acme-sink", source: false }] },
  [`${EXAMPLE_BUCKET}/acme-sink-1.3.0.jar`]: { connectors: [{ name: "acme-sink", source: false }] },
  [`${EXAMPLE_BUCKET}/acme-source-2.0.1.jar`]: { connectors: [{ name: "acme-source", sink: false, lookup: true }] },
  [`${EXAMPLE_BUCKET}/acme-kafka-bundle-1.0.jar`]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert-kafka", split: true }] },
  [`${EXAMPLE_BUCKET}/acme-formats-1.0.jar`]: { formats: ["acme-json"], catalogs: ["acme-catalog"] },
};

/** Writes the example JARs under `dir` (bucket/key); returns `dir`. */
export function writeExampleJars(dir: string): string {
  return ossDirWith(EXAMPLE_JARS, dir);
}

if (require.main === module) {
  const dir = join(__dirname, "..", "..", ".tmp", "oss");
  writeExampleJars(dir);
  console.log(`Wrote ${Object.keys(EXAMPLE_JARS).length} connector JARs under ${dir}:\n  ${Object.keys(EXAMPLE_JARS).join("\n  ")}`);
  console.log(`Start the emulator with them: npm run emulator -- --oss-dir ${dir}`);
}
