import { expect } from "chai";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildConnectorJar, type ConnectorJarSpec } from "../../lib/emulator/fixtures/connector-jar";
import type { Action } from "../../lib/emulator/faults";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { captureProgram, prepareConsumer } from "../support/consumer";
import { EngineDriver } from "../support/engine";
import { KEY_ID, SECRET, WORKSPACE, everyText } from "../support/fixtures";
import { nativeUp, PluginDriver, type NativeState } from "../support/plugin";

type Props = Record<string, unknown>;

/** Anything that would let someone use a pre-signed URL: its signature or key parameters, or its route with a query. */
const PRESIGNED = /OSSAccessKeyId=|Signature=|Expires=\d|\/_oss\/[^\s"]*\?/;
const SHORT = ["UploadUrl", "Put", "Register", "List", "Delete"];
const PER_STEP: Action[] = [
  "GetPreSignedUrlForPutObject",
  "PutObject",
  "RegisterCustomConnector",
  "ListCustomConnectors",
  "DeleteCustomConnector",
];

/** The steps every protocol takes a jarFile connector through, as the engine orders them. */
interface Driver {
  preview(name: string, news: Props): Promise<{ op: string; inputs?: Props; failures?: Array<{ property: string; reason: string }> }>;
  up(name: string, news: Props): Promise<{ op: string; error?: string }>;
  destroy(name: string): Promise<void>;
  outputs(name: string): Props | undefined;
  leaks(): unknown[];
}

function scenarios(label: string, setup: () => Promise<{ driver: Driver; emu: Emulator; dir: string; figures: string[] }>): void {
  describe(`a connector from a local JAR, through ${label}`, function () {
    this.timeout(120_000);
    let driver: Driver;
    let emu: Emulator;
    let dir: string;
    let figures: string[];
    before(async () => ({ driver, emu, dir, figures } = await setup()));

    const write = (file: string, spec: ConnectorJarSpec): void => writeFileSync(join(dir, file), buildConnectorJar(spec));
    const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      emu.clearRequests();
      const r = await run();
      figures.push(`${label}: ${what.padEnd(40)} ${PER_STEP.map((a, i) => `${SHORT[i]} ${emu.calls(a)}`).join("  ")}`);
      return r;
    };
    const counts = (): number[] => PER_STEP.map((a) => emu.calls(a));
    const declared = (jarFile: string): Props => ({ workspaceId: WORKSPACE, namespaceName: `jar-file-${label.length}`, jarFile });

    it("previews the JAR's connector names with no API call; up uploads once and registers once; a second up does nothing", async () => {
      write("acme-bundle.jar", { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert" }] });
      const preview = await step("preview (new, jarFile)", () => driver.preview("bundle", declared("acme-bundle.jar")));
      expect(preview.op).to.equal("create");
      expect(preview.inputs?.connectorNames).to.deep.equal(["acme-kafka", "acme-upsert"]);
      expect(emu.requests).to.have.length(0);

      expect(await step("up: create", () => driver.up("bundle", declared("acme-bundle.jar")))).to.deep.include({ op: "create" });
      expect(counts()).to.deep.equal([1, 1, 1, 1, 0], "one upload URL, one PUT, one Register (after the takeover List)");
      expect(driver.outputs("bundle")).to.deep.include({ jarUrl: "", jarFile: "acme-bundle.jar" });
      expect(String(driver.outputs("bundle")?.uploadedJarUrl)).to.match(/^oss:\/\/flink-.*\/acme-bundle-[0-9a-f]{16}\.jar$/);
      expect(await step("up: no change", () => driver.up("bundle", declared("acme-bundle.jar")))).to.deep.include({ op: "same" });
      expect(emu.requests).to.have.length(0);
    });

    it("re-uploads and re-registers after the JAR is edited", async () => {
      write("acme-sink.jar", { connectors: [{ name: "acme-sink", source: false }] });
      await driver.up("sink", declared("acme-sink.jar"));
      const before = driver.outputs("sink")?.uploadedJarUrl;
      write("acme-sink.jar", { connectors: [{ name: "acme-sink" }] });
      expect((await step("preview (edited JAR)", () => driver.preview("sink", declared("acme-sink.jar")))).op).to.equal("update");
      expect(emu.requests).to.have.length(0);
      expect(await step("up: edited JAR", () => driver.up("sink", declared("acme-sink.jar")))).to.deep.include({ op: "update" });
      expect(counts()).to.deep.equal([1, 1, 1, 0, 1], "one upload, then Delete and Register in place");
      expect(driver.outputs("sink")?.uploadedJarUrl).to.not.equal(before);
      expect(driver.outputs("sink")).to.deep.include({ source: true, sink: true });
      await step("destroy", () => driver.destroy("sink"));
      expect(emu.connectors(WORKSPACE, `jar-file-${label.length}`).map((c) => c.name)).to.not.include("acme-sink");
    });

    it("refuses at preview a built-in name, a bundled Flink runtime and a too-new class file, with their messages and no call", async () => {
      const cases: Array<[ConnectorJarSpec, RegExp]> = [
        [{ connectors: [{ name: "kafka" }] }, /"kafka" is the name of a connector the platform has built in .*rename/],
        [
          { connectors: [{ name: "acme" }], bundle: ["org/apache/flink/streaming/api/environment/StreamExecutionEnvironment"] },
          /bundles Flink's own runtime \(flink-streaming-java: .*<scope>provided<\/scope>/,
        ],
        [{ connectors: [{ name: "acme" }], javaVersion: 17 }, /class file of Java 17 \(major version 61\), but the engine runs Java 8/],
      ];
      for (const [i, [spec, words]] of cases.entries()) {
        write(`refused-${i}.jar`, spec);
        const r = await step(`preview (refused JAR ${i + 1})`, () => driver.preview(`refused-${i}`, declared(`refused-${i}.jar`)));
        expect(r.op).to.equal("check-failed");
        expect(r.failures?.map((f) => `${f.property}: ${f.reason}`).join("\n")).to.match(words);
        expect(emu.requests).to.have.length(0);
      }
    });

    it("refuses at preview a second JAR of the stack that declares a connector the first declares, naming both", async () => {
      write("dup-a.jar", { connectors: [{ name: "acme-dup" }] });
      write("dup-b.jar", { connectors: [{ name: "acme-dup" }, { name: "acme-other" }] });
      expect((await driver.preview("dup-a", declared("dup-a.jar"))).op).to.equal("create");
      const r = await driver.preview("dup-b", declared("dup-b.jar"));
      expect(r.op).to.equal("check-failed");
      expect(r.failures?.[0].reason).to.match(
        /"acme-dup" is declared by two JARs of this stack, jarFile dup-b\.jar and jarFile dup-a\.jar/,
      );
    });

    it("never lets a pre-signed URL reach state, outputs or logs", () => {
      expect(emu.uploads().length).to.be.greaterThan(0);
      expect(everyText(driver.leaks())).not.to.match(PRESIGNED);
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
  if (figures.length) console.log(`      API calls per step (jarFile):\n        ${figures.join("\n        ")}`);
});

scenarios("the dynamic-provider host", async () => {
  const emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }] });
  const dir = prepareConsumer();
  const [captured] = await captureProgram(
    dir,
    `return [new flink.FlinkConnector("f", { workspaceId: "${WORKSPACE}", namespaceName: "n", jarFile: "acme.jar" })];`,
    {},
  );
  const engine = new EngineDriver(dir, "flink-consumer");
  await engine.start();
  await engine.configure(CONFIG(emu), ["alicloud:secretKey"]);
  cleanups.push(async () => {
    await engine.stop();
    await emu.close();
    for (const f of ["acme-bundle.jar", "acme-sink.jar", "refused-0.jar", "refused-1.jar", "refused-2.jar", "dup-a.jar", "dup-b.jar"])
      rmSync(join(dir, f), { force: true });
  });
  const withProvider = (news: Props): Props => ({ ...news, __provider: captured.inputs.__provider });
  const driver: Driver = {
    preview: async (name, news) => {
      const c = await engine.check(name, withProvider(news));
      const r = await engine.preview(name, withProvider(news));
      return { op: r.op, inputs: c.inputs, ...(r.failures ? { failures: r.failures } : {}) };
    },
    up: (name, news) => engine.up(name, withProvider(news)),
    destroy: async (name) => void (await engine.destroy(name)),
    outputs: (name) => engine.state.get(name)?.outputs,
    leaks: () => [engine.returned, engine.logs, [...engine.state.values()]],
  };
  return { driver, emu, dir, figures };
});

scenarios("the native plugin", async () => {
  const emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }] });
  const dir = prepareConsumer();
  const plugin = new PluginDriver(dir, join(dir, "node_modules", "pulumi-alicloud-flink", "dist", "lib", "plugin", "main.js"));
  await plugin.start();
  const c = CONFIG(emu);
  await plugin.configure({
    accessKey: KEY_ID,
    secretKey: SECRET,
    endpoint: c["alicloud-flink:endpoint"],
    retryMinDelayMs: 5,
    retryMaxDelayMs: 20,
  });
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
    destroy: async (name) => {
      const s = state.get(name)!;
      await plugin.delete(name, s.id, s.outputs);
      state.delete(name);
    },
    outputs: (name) => state.get(name)?.outputs,
    leaks: () => [plugin.returned, plugin.stderr, plugin.engineLogs, [...state.values()]],
  };
  return { driver, emu, dir, figures };
});
