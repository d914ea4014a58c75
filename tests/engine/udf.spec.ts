import { expect } from "chai";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VervericaClient } from "../../lib/client/udf-client";
import { buildUdfJar, type FixtureUdfClass } from "../../lib/emulator/fixtures/udf-jar";
import type { Action } from "../../lib/emulator/faults";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { captureProgram, prepareConsumer } from "../support/consumer";
import { EngineDriver } from "../support/engine";
import { KEY_ID, SECRET, WORKSPACE, everyText } from "../support/fixtures";
import { nativeUp, PluginDriver, UDF_TYPE, type NativeState } from "../support/plugin";

type Props = Record<string, unknown>;
const SHORT = ["Get", "Create", "Update", "Delete", "RegFn", "DelFn", "Upload"];
const PER_STEP: Action[] = [
  "GetUdfArtifacts",
  "CreateUdfArtifact",
  "UpdateUdfArtifact",
  "DeleteUdfArtifact",
  "RegisterUdfFunction",
  "DeleteUdfFunction",
  "PutObject",
];
const scalar = (className: string): FixtureUdfClass => ({ className, base: "ScalarFunction" });

interface Driver {
  preview(name: string, news: Props): Promise<{ op: string; inputs?: Props; failures?: Array<{ property: string; reason: string }> }>;
  up(name: string, news: Props): Promise<{ op: string; error?: string }>;
  refresh(name: string): Promise<string>;
  destroy(name: string): Promise<void>;
  outputs(name: string): Props | undefined;
  leaks(): unknown[];
}

function scenarios(label: string, setup: () => Promise<{ driver: Driver; emu: Emulator; dir: string; plugin?: PluginDriver }>): void {
  describe(`UDF artifacts, through ${label}`, function () {
    this.timeout(120_000);
    let driver: Driver;
    let emu: Emulator;
    let dir: string;
    let plugin: PluginDriver | undefined;
    before(async () => ({ driver, emu, dir, plugin } = await setup()));
    const ns = `udf-${label.length}`;
    const jar = (classes: FixtureUdfClass[]): void => writeFileSync(join(dir, "strings.jar"), buildUdfJar({ classes }));
    const declared = (extra: Props = {}): Props => ({
      workspaceId: WORKSPACE,
      namespaceName: ns,
      name: "strings",
      jarFile: "strings.jar",
      ...extra,
    });
    const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      emu.clearRequests();
      const r = await run();
      figures.push(`${label}: ${what.padEnd(44)} ${PER_STEP.map((a, i) => `${SHORT[i]} ${emu.calls(a)}`).join("  ")}`);
      return r;
    };
    const onPlatform = () =>
      emu.udfArtifacts(WORKSPACE, ns).map((a) => [a.name, a.udfClasses.map((c) => `${c.className}:${c.functionNames.join("|")}`)]);

    it("previews the functions read from the JAR with no write; up creates the artifact and one function per class; a second up calls nothing", async () => {
      jar([scalar("a.Upper"), scalar("a.Lower")]);
      const p = await step("preview create", () => driver.preview("strings", declared()));
      expect(p.op).to.equal("create");
      expect(p.inputs?.functions).to.deep.equal({ "a.Lower": ["Lower"], "a.Upper": ["Upper"] });
      expect(emu.calls() - emu.calls("GetUdfArtifacts")).to.equal(0);
      expect((await step("up create", () => driver.up("strings", declared()))).op).to.equal("create");
      expect(emu.calls("CreateUdfArtifact")).to.equal(1);
      expect(emu.calls("RegisterUdfFunction")).to.equal(2);
      expect(onPlatform()).to.deep.equal([["strings", ["a.Lower:Lower", "a.Upper:Upper"]]]);
      expect(driver.outputs("strings")?.functions).to.deep.equal({ "a.Lower": ["Lower"], "a.Upper": ["Upper"] });
      expect((await step("up, no change", () => driver.up("strings", declared()))).op).to.equal("same");
      expect(emu.calls()).to.equal(0);
    });

    it("a JAR change updates the artifact in place and registers the new class's function", async () => {
      jar([scalar("a.Upper"), scalar("a.Lower"), scalar("a.Trim")]);
      expect((await step("up, JAR changed", () => driver.up("strings", declared()))).op).to.equal("update");
      expect([emu.calls("UpdateUdfArtifact"), emu.calls("CreateUdfArtifact"), emu.calls("DeleteUdfArtifact")]).to.deep.equal([1, 0, 0]);
      expect(emu.calls("RegisterUdfFunction")).to.equal(1);
      expect(onPlatform()).to.deep.equal([["strings", ["a.Lower:Lower", "a.Trim:Trim", "a.Upper:Upper"]]]);
    });

    it("functions declared: the ones dropped are deleted, the new ones registered, the artifact kept", async () => {
      const fns = { functions: { "a.Upper": ["UPPER", "TO_UPPER"] } };
      expect((await step("up, functions changed", () => driver.up("strings", declared(fns)))).op).to.equal("update");
      expect([emu.calls("DeleteUdfFunction"), emu.calls("RegisterUdfFunction"), emu.calls("UpdateUdfArtifact")]).to.deep.equal([3, 2, 0]);
      expect(onPlatform()).to.deep.equal([["strings", ["a.Lower:", "a.Trim:", "a.Upper:TO_UPPER|UPPER"]]]);
    });

    it("refuses at preview a class another artifact of the namespace has, naming it, and writes nothing", async () => {
      writeFileSync(join(dir, "copy.jar"), buildUdfJar({ classes: [scalar("a.Upper"), scalar("b.Other")] }));
      const p = await step("preview, colliding class", () =>
        driver.preview("copy", { workspaceId: WORKSPACE, namespaceName: ns, name: "copy", jarFile: "copy.jar" }),
      );
      expect(p.op).to.equal("check-failed");
      expect(p.failures?.map((f) => f.reason).join("\n")).to.match(/a\.Upper is already in UDF artifact "strings" of namespace/);
      expect(emu.calls() - emu.calls("GetUdfArtifacts")).to.equal(0);
    });

    it("refresh after an out-of-band delete drops it; the next up creates it again", async () => {
      emu.removeUdfArtifact(WORKSPACE, ns, "strings");
      expect(await step("refresh, deleted out of band", () => driver.refresh("strings"))).to.equal("gone");
      expect((await step("up, create again", () => driver.up("strings", declared({ functions: { "a.Upper": ["UPPER"] } })))).op).to.equal(
        "create",
      );
      expect(onPlatform()).to.deep.equal([["strings", ["a.Lower:", "a.Trim:", "a.Upper:UPPER"]]]);
    });

    if (label === "the native plugin")
      it("imports an out-of-band artifact by workspace:namespace:name, its code previews no change; getFlinkUdfArtifacts lists both", async () => {
        const client = new VervericaClient({ endpoint: emu.url, credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, env: {} });
        const url = emu.putObject("udf-bkt", "u/legacy.jar", buildUdfJar({ classes: [scalar("c.Legacy")] }));
        const ref = { workspaceId: WORKSPACE, namespaceName: ns };
        await client.createUdfArtifact(ref, { name: "legacy", jarUrl: url, dependencyJarUris: [] });
        await client.registerUdfFunction({ ...ref, udfArtifactName: "legacy" }, "c.Legacy", "LEGACY");
        const read = await step("import", () => plugin!.read("legacy", `${WORKSPACE}:${ns}:legacy`));
        expect(read.inputs).to.deep.equal({
          workspaceId: WORKSPACE,
          namespaceName: ns,
          name: "legacy",
          jarUrl: url,
          functions: { "c.Legacy": ["LEGACY"] },
        });
        const checked = await plugin!.check("legacy", read.inputs, read.inputs);
        expect(checked.failures).to.deep.equal([]);
        const d = await plugin!.diff("legacy", read.id, read.properties, checked.inputs, read.inputs);
        expect(d.changes).to.not.equal(2);
        const found = await step("getFlinkUdfArtifacts (invoke)", () =>
          plugin!.invoke("alicloud-flink:index:getFlinkUdfArtifacts", { workspaceId: WORKSPACE, namespaceName: ns }),
        );
        expect(found.result?.names).to.deep.equal(["legacy", "strings"]);
        const bad = await plugin!.invoke("alicloud-flink:index:getFlinkUdfArtifacts", { workspaceId: WORKSPACE });
        expect(bad.failures).to.deep.equal([{ property: "namespaceName", reason: "getFlinkUdfArtifacts: namespaceName is required." }]);
        await plugin!.delete("legacy", read.id, read.properties);
      });

    it("destroy deletes the functions, then the artifact, leaving nothing; nothing secret anywhere", async () => {
      await step("destroy", () => driver.destroy("strings"));
      expect(emu.udfArtifacts(WORKSPACE, ns)).to.deep.equal([]);
      const text = everyText(driver.leaks());
      for (const needle of [SECRET, "OSSAccessKeyId=", "Signature="]) expect(text).to.not.include(needle);
    });
  });
}

const CONFIG = (emu: Emulator): Record<string, string> => ({
  "alicloud:accessKey": KEY_ID,
  "alicloud:secretKey": SECRET,
  "alicloud-flink:endpoint": emu.url,
  "alicloud-flink:retryMinDelayMs": "5",
  "alicloud-flink:retryMaxDelayMs": "20",
});
const cleanups: Array<() => Promise<void>> = [];
const figures: string[] = [];
after(async () => {
  for (const c of cleanups.splice(0)) await c();
  if (figures.length) console.log(`      API calls per step (UDF artifacts):\n        ${figures.join("\n        ")}`);
});

scenarios("the dynamic-provider host", async () => {
  const emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }] });
  const dir = prepareConsumer();
  const [captured] = await captureProgram(
    dir,
    `return [new flink.FlinkUdfArtifact("u", { workspaceId: "${WORKSPACE}", namespaceName: "n", name: "u", jarFile: "x.jar" })];`,
  );
  const engine = new EngineDriver(dir, "flink-consumer");
  await engine.start();
  await engine.configure(CONFIG(emu), ["alicloud:secretKey"]);
  cleanups.push(async () => {
    await engine.stop();
    await emu.close();
    for (const f of ["strings.jar", "copy.jar"]) rmSync(join(dir, f), { force: true });
  });
  const p = (news: Props): Props => ({ ...news, __provider: captured.inputs.__provider });
  const driver: Driver = {
    preview: async (name, news) => {
      const c = await engine.check(name, p(news));
      const r = await engine.preview(name, p(news));
      return { op: r.op, inputs: c.inputs, ...(r.failures ? { failures: r.failures } : {}) };
    },
    up: (name, news) => engine.up(name, p(news)),
    refresh: async (name) => (await engine.refresh(name)).op,
    destroy: async (name) => void (await engine.destroy(name)),
    outputs: (name) => engine.state.get(name)?.outputs,
    leaks: () => [engine.returned, engine.logs, [...engine.state.values()]],
  };
  return { driver, emu, dir };
});

scenarios("the native plugin", async () => {
  const emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }] });
  const dir = prepareConsumer();
  const plugin = new PluginDriver(dir, join(dir, "node_modules", "pulumi-alicloud-flink", "dist", "lib", "plugin", "main.js"));
  plugin.type = UDF_TYPE;
  await plugin.start();
  await plugin.configure({ accessKey: KEY_ID, secretKey: SECRET, endpoint: emu.url, retryMinDelayMs: 5, retryMaxDelayMs: 20 });
  cleanups.push(async () => {
    await plugin.stop();
    await emu.close();
  });
  const state = new Map<string, NativeState>();
  const driver: Driver = {
    preview: async (name, news) => {
      const old = state.get(name);
      const checked = await plugin.check(name, news, old?.inputs ?? {});
      if (checked.failures.length) return { op: "check-failed", failures: checked.failures };
      if (!old) {
        await plugin.create(name, checked.inputs, true);
        return { op: "create", inputs: checked.inputs };
      }
      const d = await plugin.diff(name, old.id, old.outputs, checked.inputs, old.inputs);
      return { op: d.changes !== 2 ? "same" : d.replaces.length ? "replace" : "update", inputs: checked.inputs };
    },
    up: (name, news) => nativeUp(plugin, state, name, news),
    refresh: async (name) => {
      const s = state.get(name)!;
      const r = await plugin.read(name, s.id, s.outputs, s.inputs);
      if (!r.id) {
        state.delete(name);
        return "gone";
      }
      state.set(name, { id: r.id, inputs: r.inputs, outputs: r.properties });
      return "refresh";
    },
    destroy: async (name) => {
      const s = state.get(name)!;
      await plugin.delete(name, s.id, s.outputs);
      state.delete(name);
    },
    outputs: (name) => state.get(name)?.outputs,
    leaks: () => [plugin.returned, plugin.stderr, plugin.engineLogs, [...state.values()]],
  };
  return { driver, emu, dir, plugin };
});
