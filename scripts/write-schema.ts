import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCommand } from "../lib/cli/args";
import { packageSchema } from "../lib/plugin/schema";

/**
 * Writes the native provider's schema, as its GetSchema serves it, to the path given (for the SDK
 * generator, `npm run gen-sdk`). `pluginDownloadURL` comes from PULUMI_ALICLOUD_FLINK_PLUGIN_DOWNLOAD_URL.
 */
const [out] = parseCommand(process.argv.slice(2), {}, "Usage: write-schema PATH", true).positionals;
if (!out) {
  console.error("Usage: write-schema PATH");
  process.exit(2);
}
const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
const schema = packageSchema({ version, pluginDownloadURL: process.env.PULUMI_ALICLOUD_FLINK_PLUGIN_DOWNLOAD_URL || undefined });
writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
console.log(`Wrote the schema of alicloud-flink ${version} to ${out}.`);
