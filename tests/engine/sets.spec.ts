import { expect } from "chai";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { captureProgram, prepareConsumer, type CapturedResource } from "../support/consumer";
import { EngineDriver } from "../support/engine";
import { KEY_ID, SECRET, WORKSPACE, everyText } from "../support/fixtures";
import { ossDirWith } from "../support/oss";

const V1 = "oss://flink-bkt/kafka/flink-sql-connector-acme-kafka-1.0.jar";
const V2 = "oss://flink-bkt/kafka/flink-sql-connector-acme-kafka-2.0.jar";
const oss = ossDirWith({
  // Like the Kafka SQL connector JAR: a connector and its upsert variant, in one JAR.
  [V1]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert", split: true }] },
  // The next version adds a third.
  [V2]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert", split: true }, { name: "acme-cdc", sink: false }] },
});

// The real @pulumi/pulumi dynamic-provider host, driven as the engine drives it, with a program
// that declares one FlinkConnector for a JAR of two connectors. In both styles of business errors.
for (const answers of ["named", "documented"] as const) {
  describe(`engine protocol: one FlinkConnector for a JAR that registers two connectors (errors ${answers})`, function () {
    this.timeout(120_000);
    let emu: Emulator;
    let engine: EngineDriver;
    let captured: CapturedResource[];
    const figures: string[] = [];
    const NS = "kafka";

    before(async () => {
      emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], ossDir: oss, answers });
      const dir = prepareConsumer();
      captured = await captureProgram(
        dir,
        `return [new flink.FlinkConnector("kafka", { workspaceId: "${WORKSPACE}", namespaceName: "${NS}", connectorNames: ["acme-upsert", "acme-kafka"], jarUrl: "${V1}" })];`,
      );
      engine = new EngineDriver(dir, "flink-consumer");
      await engine.start();
      await engine.configure(
        {
          "alicloud:accessKey": KEY_ID,
          "alicloud:secretKey": SECRET,
          "alicloud-flink:endpoint": emu.url,
          "alicloud-flink:retryMinDelayMs": "5",
          "alicloud-flink:retryMaxDelayMs": "20",
        },
        ["alicloud:secretKey"],
      );
    });
    after(async () => {
      await engine?.stop();
      await emu?.close();
      console.log(`      API calls per step (${answers}):\n        ${figures.join("\n        ")}`);
    });

    const inputs = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({ ...captured[0].inputs, ...patch });
    const onPlatform = (): string[] =>
      emu
        .connectors(WORKSPACE, NS)
        .map((c) => c.name)
        .sort();
    const outputs = (): Record<string, unknown> => engine.state.get("kafka")?.outputs ?? {};
    const owned = (): string[] => ((outputs().connectors as Array<{ name: string }>) ?? []).map((c) => c.name);
    const step = async <T>(
      label: string,
      run: () => Promise<T>,
    ): Promise<{ result: T; calls: { register: number; list: number; delete: number } }> => {
      emu.clearRequests();
      const result = await run();
      const calls = {
        register: emu.calls("RegisterCustomConnector"),
        list: emu.calls("ListCustomConnectors"),
        delete: emu.calls("DeleteCustomConnector"),
      };
      figures.push(`${label.padEnd(58)} Register ${calls.register}  List ${calls.list}  Delete ${calls.delete}`);
      return { result, calls };
    };

    it("previews which connectors it will own, with no call", async () => {
      const checked = await engine.check("kafka", inputs());
      expect(checked.inputs.connectorNames).to.deep.equal(["acme-kafka", "acme-upsert"]);
      const { result, calls } = await step("preview (new stack)", () => engine.preview("kafka", inputs()));
      expect(result.op).to.equal("create");
      expect(calls).to.deep.equal({ register: 0, list: 0, delete: 0 });
    });

    it("creates both connectors with one Register, every field of each in the outputs", async () => {
      const { result, calls } = await step("up: create (two connectors)", () => engine.up("kafka", inputs()));
      expect(result).to.deep.equal({ op: "create", name: "kafka" });
      expect(calls).to.deep.equal({ register: 1, list: 1, delete: 0 });
      expect(engine.state.get("kafka")?.id).to.equal(`${WORKSPACE}:${NS}:acme-kafka,acme-upsert`);
      expect(outputs()).to.deep.include({ connectorName: "", connectorNames: ["acme-kafka", "acme-upsert"] });
      expect(
        (outputs().connectors as Array<Record<string, unknown>>).map((c) => [c.name, c.connectorType, c.source, c.sink]),
      ).to.deep.equal([
        ["acme-kafka", "acme-kafka", true, true],
        ["acme-upsert", "acme-upsert", true, true],
      ]);
      expect(onPlatform()).to.deep.equal(["acme-kafka", "acme-upsert"]);
    });

    it("notices on refresh that one was deleted out of band, and the next up registers it again", async () => {
      emu.removeConnector(WORKSPACE, NS, "acme-upsert");
      const refreshed = await step("refresh (acme-upsert deleted out of band)", () => engine.refresh("kafka"));
      expect(refreshed.result.op).to.equal("refresh");
      expect(owned()).to.deep.equal(["acme-kafka"]);
      const diff = await engine.diff("kafka", (await engine.check("kafka", inputs())).inputs);
      expect(diff.changes).to.equal(2);
      expect(diff.replaces).to.deep.equal([]);
      const { result, calls } = await step("up: bring acme-upsert back", () => engine.up("kafka", inputs()));
      expect(result).to.deep.equal({ op: "update", name: "kafka" });
      expect(calls).to.deep.equal({ register: 1, list: 1, delete: 1 }, "look, remove the one left, register the JAR again");
      expect(owned()).to.deep.equal(["acme-kafka", "acme-upsert"]);
      expect(onPlatform()).to.deep.equal(["acme-kafka", "acme-upsert"]);
    });

    it("upgrades to a JAR with another set of connectors: the old set is removed, the new one registered", async () => {
      const { result, calls } = await step("up: JAR v2 with three connectors (replace)", () =>
        engine.up("kafka", inputs({ jarUrl: V2, connectorNames: ["acme-kafka", "acme-upsert", "acme-cdc"] })),
      );
      expect(result).to.deep.include({ op: "replace" });
      expect(calls).to.deep.equal({ register: 1, list: 1, delete: 2 });
      expect(engine.state.get("kafka")?.id).to.equal(`${WORKSPACE}:${NS}:acme-cdc,acme-kafka,acme-upsert`);
      expect(onPlatform()).to.deep.equal(["acme-cdc", "acme-kafka", "acme-upsert"]);
      expect(emu.jarOf(WORKSPACE, NS, "acme-cdc")).to.equal(V2);
    });

    it("refuses a JAR that registers other connectors than declared, leaving nothing behind and naming what it registers", async () => {
      const before = onPlatform();
      const r = await engine.up("other", inputs({ namespaceName: "kafka-other", connectorNames: ["acme-kafka"], jarUrl: V1 }));
      expect(r.error).to.contain(
        'The JAR registers "acme-kafka", "acme-upsert", not "acme-kafka". Declare what it registers (connectorNames: ["acme-kafka", "acme-upsert"])',
      );
      expect(emu.connectors(WORKSPACE, "kafka-other")).to.deep.equal([]);
      expect(onPlatform()).to.deep.equal(before);
    });

    it("destroys every connector it owns, one Delete each", async () => {
      const { calls } = await step("destroy", () => engine.destroy("kafka"));
      expect(calls).to.deep.equal({ register: 0, list: 0, delete: 3 });
      expect(onPlatform()).to.deep.equal([]);
      expect(everyText([engine.returned, engine.logs])).to.not.contain(SECRET);
    });
  });
}
