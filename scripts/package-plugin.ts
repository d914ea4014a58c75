import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * `npm run package:plugin [-- <os>-<arch> ...]`: the plugin tarball `pulumi plugin install resource
 * alicloud-flink <version> --file <tarball>` takes, and the file a `pluginDownloadURL` serves:
 * `pulumi-resource-alicloud-flink-v<version>-<os>-<arch>.tar.gz` in .tmp/plugin/. It holds the
 * executable the engine starts (a shell script, and a .cmd for Windows) and the packed package with
 * its production dependencies. The code is JavaScript only, so every platform gets the same content;
 * the machine needs Node.js 20.19 or later on PATH.
 */

const REPO = resolve(__dirname, "..", "..");
const OUT = join(REPO, ".tmp", "plugin");
const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
const platforms = process.argv.slice(2).length ? process.argv.slice(2) : [`${process.platform === "win32" ? "windows" : process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`];

const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_cache: join(REPO, ".tmp", "npm-cache"), npm_config_update_notifier: "false" } });

rmSync(OUT, { recursive: true, force: true });
const stage = join(OUT, "stage");
mkdirSync(stage, { recursive: true });
const tgz = join(OUT, run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", OUT], REPO).trim().split("\n").pop() ?? "");
writeFileSync(join(stage, "package.json"), JSON.stringify({ name: "pulumi-resource-alicloud-flink", private: true, version, dependencies: { "pulumi-alicloud-flink": `file:${tgz}` } }, null, 2));
run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--silent", "--install-links"], stage);
rmSync(join(stage, "package-lock.json"), { force: true });

const entry = "node_modules/pulumi-alicloud-flink/dist/lib/plugin/main.js";
writeFileSync(join(stage, "pulumi-resource-alicloud-flink"), `#!/bin/sh\n# The alicloud-flink native provider: needs Node.js 20.19 or later on PATH.\nexec node "$(dirname "$0")/${entry}" "$@"\n`);
chmodSync(join(stage, "pulumi-resource-alicloud-flink"), 0o755);
writeFileSync(join(stage, "pulumi-resource-alicloud-flink.cmd"), `@echo off\r\nnode "%~dp0${entry.replace(/\//g, "\\")}" %*\r\n`);

for (const platform of platforms) {
  const file = join(OUT, `pulumi-resource-alicloud-flink-v${version}-${platform}.tar.gz`);
  run("tar", ["-czf", file, "-C", stage, "."], REPO);
  const bytes = Number(run("stat", ["-c", "%s", file], REPO).trim());
  console.log(`${file} (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
}
