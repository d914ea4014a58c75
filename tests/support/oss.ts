import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildConnectorJar, type ConnectorJarSpec } from "../../lib/emulator/fixtures/connector-jar";

/**
 * A directory standing in for OSS, holding real connector JARs built for the given `oss://` URLs,
 * for the emulator's `ossDir`: what Register answers is read from the JAR's bytes.
 */
export function ossDirWith(jars: Readonly<Record<string, ConnectorJarSpec>>, dir = mkdtempSync(join(tmpdir(), "flink-oss-"))): string {
  for (const [url, spec] of Object.entries(jars)) {
    const m = /^oss:\/\/([^/]+)\/(.+)$/.exec(url);
    if (!m) throw new Error(`not an oss:// URL: ${url}`);
    const path = join(dir, m[1], ...m[2].split("/"));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, buildConnectorJar(spec));
  }
  return dir;
}

/** A JAR with one sink connector of this name. */
export const sinkJar = (name: string): ConnectorJarSpec => ({ connectors: [{ name, source: false }] });
