import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { startEmulator } from "../lib/emulator";
import { realCli } from "../scripts/build-cli";
import { PulumiCli, yamlProject } from "../scripts/cli/harness";
import { connectorYaml, JAR } from "../scripts/cli/programs";
import { packagePlugin } from "../scripts/package-plugin";
import { hostTarget, REPO } from "../scripts/standalone/node-binaries";

/**
 * `npm run bench:plugin`: the standalone plugin against the Node.js-script plugin (node running
 * dist/lib/plugin/main.js): executable and tarball sizes, start-up to the port line, and `pulumi
 * preview` of a one-connector YAML program under the real CLI. Medians of BENCH_RUNS (5) runs.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TMP = join(REPO, ".tmp", "bench-plugin");
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Milliseconds from spawn to the first line on stdout (the port), then the plugin is stopped. */
function startup(cmd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"], env: { PATH: "/usr/bin:/bin", HOME: TMP } });
    createInterface({ input: child.stdout }).once("line", () => {
      resolve(Number(process.hrtime.bigint() - started) / 1e6);
      child.kill("SIGKILL");
    });
    child.on("error", reject);
  });
}

async function preview(bin: string, pluginFile: string, label: string): Promise<number[]> {
  const emu = await startEmulator({});
  try {
    const cli = new PulumiCli(join(TMP, label), bin, { PATH: `${bin}:/usr/bin:/bin` });
    const program = `resources:\n${connectorYaml("acme-sink", ["acme-sink"], JAR("1.2.0"))}`;
    const project = yamlProject(join(TMP, label, "project"), "bench", program);
    const env = {
      ALICLOUD_FLINK_ENDPOINT: emu.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: emu.credentials.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.credentials.accessKeySecret,
    };
    await cli.run(["plugin", "install", "resource", "alicloud-flink", "0.0.0-bench", "--file", pluginFile], project);
    await cli.run(["stack", "init", "bench"], project, { env });
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = Date.now();
      await cli.run(["preview"], project, { env });
      times.push(Date.now() - t);
    }
    return times;
  } finally {
    await emu.close();
  }
}

async function main(): Promise<void> {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(TMP, { recursive: true });
  const host = hostTarget()!;
  const [made] = await packagePlugin([host], join(TMP, "standalone"));
  const exeDir = join(TMP, "standalone-exe");
  mkdirSync(exeDir, { recursive: true });
  await new Promise<void>((res, rej) =>
    spawn("tar", ["-xzf", made.tarball, "-C", exeDir]).on("close", (c) => (c === 0 ? res() : rej(new Error("tar")))),
  );
  const standalone = join(exeDir, "pulumi-resource-alicloud-flink");
  const scriptDir = join(TMP, "node-script");
  mkdirSync(scriptDir, { recursive: true });
  const script = join(scriptDir, "pulumi-resource-alicloud-flink");
  writeFileSync(script, `#!/bin/sh\nexec ${process.execPath} ${join(REPO, "dist", "lib", "plugin", "main.js")} "$@"\n`);
  chmodSync(script, 0o755);

  const starts = { standalone: [] as number[], script: [] as number[] };
  for (let i = 0; i < RUNS * 2; i++) {
    starts.standalone.push(await startup(standalone));
    starts.script.push(await startup(script));
  }
  const bin = realCli().bin;
  const previews = { standalone: await preview(bin, standalone, "p-standalone"), script: await preview(bin, scriptDir, "p-script") };
  const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  console.log(`| plugin (${host}) | executable | tarball | start-up to the port line | pulumi preview, one connector |`);
  console.log("| --- | --- | --- | --- | --- |");
  console.log(
    `| standalone (Node 22 SEA) | ${mib(made.executableBytes)} | ${mib(made.tarballBytes)} | ${median(starts.standalone).toFixed(0)} ms | ${(median(previews.standalone) / 1000).toFixed(2)} s |`,
  );
  console.log(
    `| Node.js script (node ${process.version}, this clone) | needs Node.js and node_modules | - | ${median(starts.script).toFixed(0)} ms | ${(median(previews.script) / 1000).toFixed(2)} s |`,
  );
  console.log(`\nMedians of ${RUNS * 2} start-ups and ${RUNS} previews. Sizes of all five targets: npm run package:plugin.`);
}

void main();
