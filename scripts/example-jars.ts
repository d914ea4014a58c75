/**
 * The connector JARs the example program (examples/basic) registers, built as small real JARs in
 * a directory that stands in for OSS, plus two more that show what the platform does with other
 * JARs: one that registers two connectors, and one that registers none.
 * `npm run example:jars` writes them to .tmp/oss for `npm run emulator -- --oss-dir .tmp/oss`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildConnectorJar, type ConnectorJarSpec } from "../lib/emulator/fixtures/connector-jar";
import { ossDirWith } from "../tests/support/oss";

export const EXAMPLE_BUCKET = "oss://flink-artifacts/connectors";

export const EXAMPLE_JARS: Readonly<Record<string, ConnectorJarSpec>> = {
  [`${EXAMPLE_BUCKET}/acme-sink-1.2.0.jar`]: { connectors: [{ name: "acme-sink", source: false }] },
  [`${EXAMPLE_BUCKET}/acme-sink-1.3.0.jar`]: { connectors: [{ name: "acme-sink", source: false }] },
  [`${EXAMPLE_BUCKET}/acme-source-2.0.1.jar`]: { connectors: [{ name: "acme-source", sink: false, lookup: true }] },
  [`${EXAMPLE_BUCKET}/acme-kafka-bundle-1.0.jar`]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert-kafka", split: true }] },
  [`${EXAMPLE_BUCKET}/acme-formats-1.0.jar`]: { formats: ["acme-json"], catalogs: ["acme-catalog"] },
};

/** The local JAR the examples declare with `jarFile` (uploaded through the platform), and what it holds. */
export const LOCAL_JAR = "acme-local-1.0.jar";
export const LOCAL_JAR_SPEC: ConnectorJarSpec = { connectors: [{ name: "acme-local", source: false }] };

/** Writes the local JAR into `dir`; returns its path. */
export function writeLocalJar(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCAL_JAR);
  writeFileSync(file, buildConnectorJar(LOCAL_JAR_SPEC));
  return file;
}

/** Writes the example JARs under `dir` (bucket/key); returns `dir`. */
export function writeExampleJars(dir: string): string {
  return ossDirWith(EXAMPLE_JARS, dir);
}

if (require.main === module) {
  const dir = join(__dirname, "..", "..", ".tmp", "oss");
  writeExampleJars(dir);
  const local = writeLocalJar(join(__dirname, "..", "..", ".tmp", "jars"));
  console.log(`Wrote the local JAR the examples upload (jarFile): ${local}`);
  console.log(`Wrote ${Object.keys(EXAMPLE_JARS).length} connector JARs under ${dir}:\n  ${Object.keys(EXAMPLE_JARS).join("\n  ")}`);
  console.log(`Start the emulator with them: npm run emulator -- --oss-dir ${dir}`);
}
