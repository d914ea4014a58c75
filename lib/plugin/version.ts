import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Inlined by the standalone build (esbuild `define`); absent when run from the package. */
declare const __ALICLOUD_FLINK_VERSION__: string | undefined;

/**
 * The plugin's version: the one inlined at bundle time (a single executable has no package.json
 * beside it), else the package's own package.json (dist/lib/plugin/ is three folders below it).
 */
export function pluginVersion(): string {
  if (typeof __ALICLOUD_FLINK_VERSION__ === "string") return __ALICLOUD_FLINK_VERSION__;
  const file = join(__dirname, "..", "..", "..", "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}
