import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../lib/emulator";
import { realCli } from "./build-cli";
import { filesHolding, PulumiCli, yamlProject } from "./cli/harness";
import { BROKEN_JAR, importedResources, JAR, NAMESPACE, program, WORKSPACE } from "./cli/programs";
import { localJarSteps } from "./cli/local-jar";
import { migrateSteps } from "./cli/migrate";
import { policySteps } from "./cli/policy";
import { upgradeFromFixture } from "./cli/upgrade";
import { assetName, packagePlugin } from "./package-plugin";
import { BUILD_CACHE, hostTarget, REPO } from "./standalone/node-binaries";

/**
 * `npm run test:cli`: YAML programs under the real `pulumi` CLI (built by scripts/build-cli.ts,
 * cached), with the standalone plugin installed as a user installs it (`pulumi plugin install
 * resource alicloud-flink <version> --file <tarball>`), a local backend, no automatic plugin
 * download and no Node.js on PATH, against two emulators. Each step is reported with its time.
 */

const TMP = join(REPO, ".tmp", "cli");
const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
const results: Array<{ name: string; ok: boolean; seconds: number }> = [];

function expect(cond: unknown, what: string): void {
  if (!cond) throw new Error(what);
}

async function step(name: string, run: () => Promise<void> | void): Promise<boolean> {
  const started = Date.now();
  try {
    await run();
    results.push({ name, ok: true, seconds: (Date.now() - started) / 1000 });
    console.log(`ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (e) {
    results.push({ name, ok: false, seconds: (Date.now() - started) / 1000 });
    console.log(`FAIL  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

async function main(): Promise<void> {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(TMP, { recursive: true });
  let cli!: PulumiCli;
  let tarball = "";
  await step("the pinned pulumi CLI and YAML language host (built once, then cached)", () => {
    const built = realCli((l) => console.log(`      ${l}`));
    cli = new PulumiCli(TMP, built.bin);
  });
  await step("the standalone plugin of this machine (npm run package:plugin)", async () => {
    const host = hostTarget();
    expect(host, `no standalone plugin is made for ${process.platform}-${process.arch}`);
    const [made] = await packagePlugin([host!], join(TMP, "plugin"));
    tarball = made.tarball;
    expect(tarball.endsWith(assetName(version, host!)), `the tarball is named ${tarball}`);
  });
  if (!cli || !tarball) return finish();

  const a = await startEmulator({ jars: { [BROKEN_JAR]: { error: "invalid", message: "not a connector JAR" } } });
  const b = await startEmulator({});
  const project = yamlProject(join(TMP, "project"), "cli-test", program({ jar: JAR("1.2.0") }));
  const write = (shape: Parameters<typeof program>[0]): void =>
    void writeFileSync(join(project, "Pulumi.yaml"), `name: cli-test\nruntime: yaml\n${program(shape)}`);
  const calls = (...e: Emulator[]): number => e.reduce((n, x) => n + x.calls(), 0);
  const clear = (): void => [a, b].forEach((e) => e.clearRequests());
  let imported = "";
  try {
    await step("pulumi schema check of sdk/schema.json", async () => {
      const r = await cli.run(["schema", "check", join(REPO, "sdk", "schema.json")], TMP);
      expect(!/error/i.test(r.text), `schema check printed an error:\n${r.text}`);
    });
    await step("pulumi plugin install resource alicloud-flink --file <the standalone tarball>", async () => {
      await cli.run(["plugin", "install", "resource", "alicloud-flink", version, "--file", tarball], TMP);
      const ls = await cli.run(["plugin", "ls"], TMP);
      expect(new RegExp(`alicloud-flink\\s+resource\\s+${version.replace(/\./g, "\\.")}`).test(ls.text), `pulumi plugin ls:\n${ls.text}`);
    });
    await step("stack init and config (the secret keys as secrets)", async () => {
      await cli.run(["stack", "init", "dev"], project);
      // A secret goes in on stdin, as a careful user types it: never on a command line.
      const set = (k: string, v: string, secret = false) =>
        cli.run(["config", "set", k, ...(secret ? ["--secret"] : [v])], project, secret ? { stdin: v } : {});
      await set("alicloud-flink:endpoint", a.url);
      await set("alicloud-flink:accessKey", a.credentials.accessKeyId);
      await set("alicloud-flink:secretKey", a.credentials.accessKeySecret, true);
      await set("stagingEndpoint", b.url);
      await set("stagingAccessKey", b.credentials.accessKeyId);
      await set("stagingSecretKey", b.credentials.accessKeySecret, true);
    });
    await step("preview: two connectors and a provider to create, nothing written", async () => {
      const r = await cli.run(["preview"], project);
      expect(/\+ 4 to create/.test(r.text), `preview:\n${r.text}`);
      expect(a.calls("RegisterCustomConnector") + b.calls("RegisterCustomConnector") === 0, "preview registered something");
    });
    await step("up: each connector registered on its own emulator", async () => {
      await cli.run(["up", "--yes"], project);
      expect(a.jarOf(WORKSPACE, NAMESPACE, "acme-sink") === JAR("1.2.0"), "the default provider's emulator has no acme-sink from 1.2.0");
      expect(b.jarOf(WORKSPACE, NAMESPACE, "acme-sink") === JAR("2.0.0"), "the staging emulator has no acme-sink from 2.0.0");
    });
    await step("a second up changes nothing and calls nothing", async () => {
      clear();
      await cli.run(["up", "--yes", "--expect-no-changes"], project);
      expect(calls(a, b) === 0, `a no-change up made ${calls(a, b)} API calls`);
    });
    await step("a JAR upgrade re-registers in place", async () => {
      write({ jar: JAR("1.3.0") });
      const r = await cli.run(["up", "--yes"], project);
      expect(/~ 1 updated/.test(r.text), `up:\n${r.text}`);
      expect(a.jarOf(WORKSPACE, NAMESPACE, "acme-sink") === JAR("1.3.0"), "acme-sink is not from 1.3.0");
    });
    await step("a failed upgrade fails the up and restores the old JAR; going back to it writes nothing", async () => {
      write({ jar: BROKEN_JAR });
      const r = await cli.run(["up", "--yes"], project, { expectCode: "nonzero" });
      expect(/not a connector JAR/.test(r.text), `the failure does not say why:\n${r.text}`);
      // The plugin's progress lines carry the request's URN: the CLI shows them under the resource,
      // in the order they were logged (the plugin sends one Log call at a time).
      expect(
        /FlinkConnector \(acme-sink\):\n\s+\[alicloud-flink\] updating [^\n]*\n\s+\[alicloud-flink\] registering /.test(r.text),
        `the progress lines are not under acme-sink:\n${r.text}`,
      );
      expect(
        a.jarOf(WORKSPACE, NAMESPACE, "acme-sink") === JAR("1.3.0"),
        `acme-sink is not back on 1.3.0: ${a.jarOf(WORKSPACE, NAMESPACE, "acme-sink")}`,
      );
      // The engine retries a resource whose update failed (its state has init errors): with the
      // restored JAR back in the program, that retry finds the connector there and writes nothing.
      write({ jar: JAR("1.3.0") });
      clear();
      await cli.run(["up", "--yes"], project);
      expect(
        a.calls("RegisterCustomConnector") + a.calls("DeleteCustomConnector") === 0,
        "going back to the restored JAR wrote to the platform",
      );
      await cli.run(["preview", "--expect-no-changes"], project);
    });
    await step("an out-of-band delete, then refresh: dropped from state, and the next up registers it again", async () => {
      a.removeConnector(WORKSPACE, NAMESPACE, "acme-sink");
      const r = await cli.run(["refresh", "--yes"], project);
      expect(/- 1 deleted/.test(r.text), `refresh:\n${r.text}`);
      await cli.run(["up", "--yes"], project);
      expect(a.jarOf(WORKSPACE, NAMESPACE, "acme-sink") === JAR("1.3.0"), "acme-sink was not registered again");
    });
    await step("pulumi import of an out-of-band connector: no warning, code valid as printed, no change after", async () => {
      a.putConnector(WORKSPACE, NAMESPACE, { name: "legacy-sink" });
      const out = join(TMP, "imported.yaml");
      const r = await cli.run(
        ["import", "alicloud-flink:index:FlinkConnector", "legacy-sink", `${WORKSPACE}:${NAMESPACE}:legacy-sink`, "--yes", "--out", out],
        project,
      );
      console.log(indent(`pulumi import printed:\n${r.text.trim()}\nand wrote:\n${readFileSync(out, "utf8").trim()}`));
      expect(!/almost certainly a bug|failed to validate/i.test(r.text), "the import warned");
      const code = readFileSync(out, "utf8");
      expect(
        !/adoptExisting|contentVersion|connectorNames|jarUrl|REPLACE-ME/.test(code),
        "the imported code holds default or placeholder inputs",
      );
      imported = importedResources(code);
      write({ jar: JAR("1.3.0"), imported });
      clear();
      await cli.run(["preview", "--expect-no-changes"], project);
    });
    await step("pulumi import of a missing id fails and imports nothing", async () => {
      const r = await cli.run(
        ["import", "alicloud-flink:index:FlinkConnector", "nope", `${WORKSPACE}:${NAMESPACE}:nope`, "--yes"],
        project,
        { expectCode: "nonzero" },
      );
      expect(/does not exist|not found/i.test(r.text), `the failure does not say the connector is missing:\n${r.text}`);
      const state = await cli.run(["stack", "export"], project);
      expect(!state.stdout.includes("::nope"), "the missing connector is in the state");
    });
    await step("getFlinkConnectors through fn::invoke", async () => {
      write({ jar: JAR("1.3.0"), imported, invoke: true });
      await cli.run(["up", "--yes"], project);
      const names = JSON.parse((await cli.run(["stack", "output", "names", "--json"], project)).stdout) as string[];
      expect(JSON.stringify(names) === JSON.stringify(["acme-sink", "legacy-sink"]), `names: ${JSON.stringify(names)}`);
    });
    await step("destroy refuses the protected import until unprotected, then leaves nothing", async () => {
      const refused = await cli.run(["destroy", "--yes"], project, { expectCode: "nonzero" });
      expect(/protected/.test(refused.text), `destroy:\n${refused.text}`);
      await cli.run(["state", "unprotect", "--all", "--yes"], project);
      await cli.run(["destroy", "--yes"], project);
      expect(
        a.connectors(WORKSPACE, NAMESPACE).length === 0 && b.connectors(WORKSPACE, NAMESPACE).length === 0,
        "connectors are left on the emulators",
      );
    });
    await step("the secret keys are nowhere in the backend, the project or the CLI's output", () => {
      for (const key of [a.credentials.accessKeySecret, b.credentials.accessKeySecret]) {
        const files = filesHolding(TMP, key).filter((f) => !f.startsWith(join(TMP, "plugin")));
        expect(files.length === 0, `a secret key is in ${files.join(", ")}`);
        const leaked = cli.transcript.filter((t) => t.includes(key)).map((t) => t.split("\n")[0]);
        expect(leaked.length === 0, `a secret key is in the output of ${leaked.join("; ")}`);
      }
    });
    await step("upgrade: a stack made with the 0.1.0 plugin previews with this plugin with no change", () =>
      upgradeFromFixture(cli, join(TMP, "legacy")),
    );
    await localJarSteps(cli, join(TMP, "local-jar"), a, step);
    await migrateSteps(cli, join(TMP, "migrate"), step);
    await policySteps(cli, join(TMP, "policy"), step);
  } finally {
    await a.close();
    await b.close();
  }
  finish();
}

const indent = (s: string): string => s.replace(/^/gm, "      ");

function finish(): void {
  const failed = results.filter((r) => !r.ok);
  const total = results.reduce((n, r) => n + r.seconds, 0);
  console.log(
    failed.length
      ? `\n${failed.length} of ${results.length} CLI steps failed.`
      : `\nAll ${results.length} CLI steps passed (${total.toFixed(0)} s; cache ${BUILD_CACHE}).`,
  );
  process.exit(failed.length ? 1 : 0);
}

void main();
