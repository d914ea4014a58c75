import { expect } from "chai";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { ConnectorOperationError } from "../../lib/errors/operation-error";
import { captureProgram, prepareConsumer, type CapturedResource } from "../support/consumer";
import { EngineDriver } from "../support/engine";
import { KEY_ID, SECRET, STS_TOKEN, WORKSPACE, everyText } from "../support/fixtures";
import { ossDirWith, sinkJar } from "../support/oss";

// The real @pulumi/pulumi dynamic-provider host, loading the provider serialized by a program
// that installed the packed package, driven over gRPC as the engine drives it.
const PROVIDER_BUDGET_BYTES = 8 * 1024;

describe("engine protocol: the packed package in the real dynamic-provider host", function () {
  this.timeout(120_000);
  let emu: Emulator;
  let engine: EngineDriver;
  let captured: CapturedResource[];
  let providerText: string;
  const calls: string[] = [];

  before(async () => {
    // Real JARs, read by the emulator as the platform reads them: one connector, two, none.
    const ossDir = ossDirWith({
      "oss://flink-bkt/connectors/acme-sink-1.2.0.jar": sinkJar("acme-sink"),
      "oss://flink-bkt/connectors/acme-sink-1.3.0.jar": sinkJar("acme-sink"),
      "oss://flink-bkt/connectors/legacy-sink.jar": sinkJar("legacy-sink"),
      "oss://flink-bkt/connectors/storm-sink-1.0.jar": sinkJar("storm-sink"),
      "oss://flink-bkt/connectors/other-sink-1.0.jar": sinkJar("other-sink"),
      "oss://flink-bkt/connectors/bundle-1.0.jar": { connectors: [{ name: "bundle-sink" }, { name: "bundle-extra" }] },
      "oss://flink-bkt/connectors/broken-2.0.jar": { formats: ["acme-json"] },
    });
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], ossDir });
    const dir = prepareConsumer();
    captured = await captureProgram(
      dir,
      `return [
        new flink.FlinkConnector("sink", { workspaceId: "${WORKSPACE}", namespaceName: "prod", connectorName: "acme-sink", jarUrl: "oss://flink-bkt/connectors/acme-sink-1.2.0.jar" }),
      ];`,
      { ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: STS_TOKEN },
    );
    providerText = String(captured[0].inputs.__provider);
    engine = new EngineDriver(dir, "flink-consumer");
    await engine.start();
    await engine.configure(
      {
        "alicloud:accessKey": KEY_ID,
        "alicloud:secretKey": SECRET,
        "alicloud:region": "cn-hangzhou",
        "alicloud-flink:endpoint": emu.url,
        "alicloud-flink:retryMinDelayMs": "5",
        "alicloud-flink:retryMaxDelayMs": "20",
        "flink-consumer:unrelated": "x",
      },
      ["alicloud:secretKey"],
    );
  });

  after(async () => {
    await engine?.stop();
    await emu?.close();
    if (calls.length) console.log(`      API calls per step:\n        ${calls.join("\n        ")}`);
  });

  afterEach(() => {
    // In every scenario: no credential in the serialized provider, in anything the host
    // returned, or in any log line.
    const everything = everyText([providerText, engine.returned, engine.logs]);
    expect(everything).to.not.contain(SECRET);
    expect(everything).to.not.contain(STS_TOKEN);
    // The platform records an account user as creator; the AccessKey ID never reaches the state.
    expect(everyText([engine.returned])).to.not.contain(KEY_ID);
  });

  const callCounts = () => ({
    register: emu.calls("RegisterCustomConnector"),
    list: emu.calls("ListCustomConnectors"),
    delete: emu.calls("DeleteCustomConnector"),
  });
  const inputs = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({ ...captured[0].inputs, ...patch });
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    emu.clearRequests();
    const r = await run();
    const n = (a: Parameters<Emulator["calls"]>[0]) => emu.calls(a);
    calls.push(
      `${label.padEnd(44)} Register ${n("RegisterCustomConnector")}  List ${n("ListCustomConnectors")}  Delete ${n("DeleteCustomConnector")}`,
    );
    return r;
  };

  // Every scenario starts from its own state, in its own namespace: any one can run alone (it.only).
  let scenario = 0;
  let ns = "";
  beforeEach(() => {
    ns = `scenario-${++scenario}`;
    engine.state.clear();
    emu.faults.clear();
  });

  /** A connector the stack already manages: created by an up that is not part of the scenario's figures. */
  async function given(name: string, patch: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const base = inputs({ namespaceName: ns, ...patch });
    expect(await engine.up(name, base)).to.deep.include({ op: "create" });
    return base;
  }

  it("serializes a small provider, by reference to the installed package, with no credential", () => {
    expect(captured[0].type).to.equal("pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector");
    expect(providerText).to.contain('require("pulumi-alicloud-flink/dist/lib/provider/instance.js")');
    expect(Buffer.byteLength(providerText)).to.be.at.most(PROVIDER_BUDGET_BYTES);
    console.log(`      __provider: ${Buffer.byteLength(providerText)} bytes`);
  });

  it("previews a new stack: check and diff, nothing written", async () => {
    const r = await step("preview (new stack)", () => engine.preview("sink", inputs({ namespaceName: ns })));
    expect(r.op).to.equal("create");
    expect(emu.calls()).to.equal(0);
  });

  it("creates on up, then a second up with no change writes nothing", async () => {
    const first = await step("up: create", () => engine.up("sink", inputs({ namespaceName: ns })));
    expect(first).to.deep.equal({ op: "create", name: "sink" });
    expect(callCounts()).to.deep.equal(
      { register: 1, list: 1, delete: 0 },
      "the takeover check, then Register, whose answer holds the connector",
    );
    expect(engine.state.get("sink")?.id).to.equal(`${WORKSPACE}:${ns}:acme-sink`);
    expect(engine.state.get("sink")?.outputs).to.include({ connectorType: "acme-sink", __provider: providerText });
    expect(emu.connectors(WORKSPACE, ns).map((c) => c.name)).to.deep.equal(["acme-sink"]);
    const second = await step("up: no change", () => engine.up("sink", inputs({ namespaceName: ns })));
    expect(second.op).to.equal("same");
    expect(emu.calls()).to.equal(0);
  });

  it("updates in place on a jarUrl change: one Delete, then one Register", async () => {
    const base = await given("sink");
    const r = await step("up: jarUrl change (update)", () =>
      engine.up("sink", { ...base, jarUrl: "oss://flink-bkt/connectors/acme-sink-1.3.0.jar" }),
    );
    expect(r.op).to.equal("update");
    expect(engine.state.get("sink")?.outputs.jarUrl).to.equal("oss://flink-bkt/connectors/acme-sink-1.3.0.jar");
    expect(emu.requests.map((x) => x.action)).to.deep.equal(["DeleteCustomConnector", "RegisterCustomConnector"]);
  });

  it("restores the old connector when the new JAR fails, and reports the facts", async () => {
    const base = await given("sink");
    const r = await step("up: failing JAR (restored)", () =>
      engine.up("sink", { ...base, jarUrl: "oss://flink-bkt/connectors/broken-2.0.jar" }),
    );
    expect(ConnectorOperationError.factsIn(r.error ?? "")).to.deep.include({
      phase: "register-new",
      causeCode: "InvalidJarFile",
      restored: true,
      oldConnector: "present",
      newConnector: "absent",
    });
    expect(emu.connectors(WORKSPACE, ns).map((c) => c.name)).to.deep.equal(["acme-sink"]);
    expect(emu.jarOf(WORKSPACE, ns, "acme-sink")).to.equal(base.jarUrl);
    expect(engine.state.get("sink")?.outputs.jarUrl).to.equal(base.jarUrl);
  });

  it("replaces on a namespace change, deleting first", async () => {
    const base = await given("sink");
    const target = `${ns}-moved`;
    const r = await step("up: namespace change (replace)", () => engine.up("sink", { ...base, namespaceName: target }));
    expect(r).to.deep.include({ op: "replace", detail: "namespaceName" });
    const order = emu.requests.filter((x) => x.action !== "ListCustomConnectors").map((x) => `${x.action}@${x.namespaceName}`);
    expect(order).to.deep.equal([`DeleteCustomConnector@${ns}`, `RegisterCustomConnector@${target}`]);
  });

  it("follows out-of-band changes on refresh, and finds an out-of-band delete gone", async () => {
    await given("sink");
    emu.putConnector(WORKSPACE, ns, { name: "acme-sink", lookup: true, modifierName: "console-user" });
    const changed = await step("refresh (changed out of band)", () => engine.refresh("sink"));
    expect(changed.op).to.equal("refresh");
    expect(callCounts()).to.deep.equal({ register: 0, list: 1, delete: 0 });
    expect(engine.state.get("sink")?.outputs).to.include({ lookup: true, modifierName: "console-user" });
    emu.removeConnector(WORKSPACE, ns, "acme-sink");
    const gone = await step("refresh (deleted out of band)", () => engine.refresh("sink"));
    expect(gone.op).to.equal("gone");
    expect(engine.state.has("sink")).to.equal(false);
  });

  it("refuses an existing connector, then adopts it with adoptExisting", async () => {
    emu.putConnector(WORKSPACE, ns, { name: "legacy-sink" });
    const base = inputs({ namespaceName: ns, connectorName: "legacy-sink", jarUrl: "oss://flink-bkt/connectors/legacy-sink.jar" });
    const refused = await step("up: existing connector (refused)", () => engine.up("legacy", base));
    expect(ConnectorOperationError.factsIn(refused.error ?? "")).to.deep.include({
      phase: "check-existing",
      oldConnector: "present",
      newConnector: "absent",
      causeCode: "UnmanagedConnectorExists",
    });
    expect(emu.calls("RegisterCustomConnector")).to.equal(0);
    const adopted = await step("up: adoptExisting", () => engine.up("legacy", { ...base, adoptExisting: true }));
    expect(adopted.op).to.equal("create");
    expect(emu.calls("RegisterCustomConnector")).to.equal(0);
  });

  it("rejects bad input at check with zero API calls", async () => {
    const r = await step("up: bad input (check)", () => engine.up("bad", inputs({ jarUrl: "ftp://nowhere/x.jar", workspaceId: "" })));
    expect(r.op).to.equal("check-failed");
    expect(r.failures?.map((f) => f.property).sort()).to.deep.equal(["jarUrl", "workspaceId"]);
    expect(emu.calls()).to.equal(0);
  });

  it("succeeds during a throttling storm, logging each retry through the host", async () => {
    emu.faults.throttle(4);
    const before = engine.logs.length;
    const r = await step("up: create during throttling storm", () =>
      engine.up(
        "storm",
        inputs({ namespaceName: ns, connectorName: "storm-sink", jarUrl: "oss://flink-bkt/connectors/storm-sink-1.0.jar" }),
      ),
    );
    expect(r.op).to.equal("create");
    expect(emu.requests.filter((x) => x.code === "Throttling.User")).to.have.length(4);
    // The host's stderr arrives on its own pipe, independently of the gRPC answer.
    const retryLines = (): string[] =>
      engine.logs.slice(before).filter((l) => l.includes("[alicloud-flink]") && l.includes("Throttling.User"));
    for (let i = 0; i < 100 && retryLines().length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    expect(retryLines()).to.have.length(4);
  });

  it("keeps tracking a connector it registered but could not clean up (partial create carrying the id)", async () => {
    // The JAR registers two connectors; removing them again fails (the service keeps erroring).
    emu.faults.add({ kind: "internal-error", action: "DeleteCustomConnector", times: 12 });
    const r = await step("up: partial create (cleanup failed)", () =>
      engine.up("bundle", inputs({ namespaceName: ns, connectorName: "bundle-sink", jarUrl: "oss://flink-bkt/connectors/bundle-1.0.jar" })),
    );
    expect(ConnectorOperationError.factsIn(r.error ?? "")).to.deep.include({
      operation: "create",
      phase: "verify-name",
      newConnector: "present",
    });
    expect(r.error).to.match(/bundle-extra.*must be deleted in the Flink console/);
    expect(engine.state.get("bundle")).to.deep.include({ id: `${WORKSPACE}:${ns}:bundle-sink` });
    expect(engine.state.get("bundle")?.outputs).to.include({ __provider: providerText, connectorName: "bundle-sink" });
    emu.faults.clear();
    expect(await engine.destroy("bundle")).to.deep.include({ op: "delete" });
  });

  it("destroys what the stack manages, one Delete each", async () => {
    await given("sink");
    await given("other", { connectorName: "other-sink", jarUrl: "oss://flink-bkt/connectors/other-sink-1.0.jar" });
    for (const name of ["sink", "other"]) {
      await step(`destroy ${name}`, () => engine.destroy(name));
      expect(callCounts()).to.deep.equal({ register: 0, list: 0, delete: 1 });
    }
    expect(emu.connectors(WORKSPACE, ns)).to.deep.equal([]);
    expect(engine.state.size).to.equal(0);
  });
});
