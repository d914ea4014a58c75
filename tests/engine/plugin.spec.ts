import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { ConnectorOperationError } from "../../lib/errors/operation-error";
import { captureProgram, prepareConsumer, REPO } from "../support/consumer";
import { KEY_ID, SECRET, STS_TOKEN, WORKSPACE, everyText } from "../support/fixtures";
import { ossDirWith, sinkJar } from "../support/oss";
import {
  nativeUp,
  PluginCallError,
  PluginDriver,
  SECRET_SIG,
  SIG_KEY,
  UNKNOWN,
  secret,
  type Failure,
  type NativeState,
} from "../support/plugin";

type Props = Record<string, unknown>;
const JAR = "oss://flink-bkt/connectors/acme-sink-1.2.0.jar";
const JAR_V2 = "oss://flink-bkt/connectors/acme-sink-1.3.0.jar";
const BROKEN = "oss://flink-bkt/connectors/broken-2.0.jar";
const BUNDLE = "oss://flink-bkt/connectors/bundle-1.0.jar";
const FUNCTION = "alicloud-flink:index:getFlinkConnectors";

// The native plugin of the packed package, started and driven over gRPC in the engine's order.
describe("native plugin pulumi-resource-alicloud-flink, driven as the engine drives it", function () {
  this.timeout(120_000);
  let emu: Emulator;
  let other: Emulator;
  let plugin: PluginDriver;
  let main: string;
  let dir: string;
  const state = new Map<string, NativeState>();
  const figures: string[] = [];
  const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;

  const oss = ossDirWith({
    [JAR]: sinkJar("acme-sink"),
    [JAR_V2]: sinkJar("acme-sink"),
    "oss://flink-bkt/connectors/legacy-sink.jar": sinkJar("legacy-sink"),
    [BUNDLE]: { connectors: [{ name: "bundle-sink" }, { name: "bundle-extra" }] },
    [BROKEN]: { formats: ["acme-json"] },
  });
  const config = (endpoint: string): Props => ({
    accessKey: KEY_ID,
    secretKey: SECRET,
    securityToken: STS_TOKEN,
    endpoint,
    retryMinDelayMs: 5,
    retryMaxDelayMs: 20,
  });
  /** Provider inputs as the engine sends them to CheckConfig and DiffConfig: secrets in envelopes. */
  const providerInputs = (endpoint: string, patch: Props = {}): Props => ({
    ...config(endpoint),
    accessKey: secret(KEY_ID),
    secretKey: secret(SECRET),
    securityToken: secret(STS_TOKEN),
    ...patch,
  });

  before(async () => {
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: STS_TOKEN }], ossDir: oss });
    other = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: STS_TOKEN }], ossDir: oss });
    dir = prepareConsumer();
    main = join(dir, "node_modules", "pulumi-alicloud-flink", "dist", "lib", "plugin", "main.js");
    plugin = new PluginDriver(dir, main);
    await plugin.start();
  });

  after(async () => {
    await plugin?.stop();
    await emu?.close();
    await other?.close();
    if (figures.length) console.log(`      API calls per step (native):\n        ${figures.join("\n        ")}`);
  });

  afterEach(() => {
    // No credential in any reply, error or log line; the AccessKey ID was configured as a secret.
    const everything = everyText([plugin.returned, plugin.logs]);
    for (const s of [SECRET, STS_TOKEN, KEY_ID]) expect(everything).to.not.contain(s);
  });

  let scenario = 0;
  let ns = "";
  beforeEach(() => {
    ns = `native-${++scenario}`;
    state.clear();
    emu.faults.clear();
  });

  const declared = (patch: Props = {}): Props => ({
    workspaceId: WORKSPACE,
    namespaceName: ns,
    connectorName: "acme-sink",
    jarUrl: JAR,
    ...patch,
  });
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    emu.clearRequests();
    const r = await run();
    figures.push(
      `${label.padEnd(50)} Register ${emu.calls("RegisterCustomConnector")}  List ${emu.calls("ListCustomConnectors")}  Delete ${emu.calls("DeleteCustomConnector")}`,
    );
    return r;
  };

  /** `pulumi up` of one resource: Check, then Create, or Diff and Update/replace. Returns what happened. */
  const up = (name: string, news: Props, p: PluginDriver = plugin): Promise<{ op: string; failures?: Failure[] }> =>
    nativeUp(p, state, name, news);

  it("answers GetPluginInfo with the package's version, leaves Handshake to the engine's fallback, and serves its schema", async () => {
    expect(await plugin.pluginInfo()).to.equal(version);
    expect(await plugin.handshake()).to.equal("unimplemented");
    const schema = await plugin.schema();
    expect(schema).to.include({ name: "alicloud-flink", version });
    const resource = (schema.resources as Record<string, Props>)["alicloud-flink:index:FlinkConnector"];
    expect(resource.requiredInputs).to.deep.equal(["workspaceId", "namespaceName"]);
    expect(Object.keys(schema.functions as Props)).to.deep.equal([FUNCTION, "alicloud-flink:index:getFlinkUdfArtifacts"]);
    const settings = (schema.config as { variables: Record<string, { secret?: boolean }> }).variables;
    expect(
      Object.entries(settings)
        .filter(([, v]) => v.secret)
        .map(([k]) => k),
    ).to.deep.equal(["accessKey", "secretKey", "securityToken"]);
  });

  it("checks its configuration at CheckConfig: every bad setting at once, in its own key's words; DiffConfig names what changed", async () => {
    const bad = await plugin.checkConfig({ maxAttempts: "zero", allowInsecureHttp: "maybe", accessKey: secret(KEY_ID), colour: "blue" });
    expect(bad.failures.map((f) => f.property).sort()).to.deep.equal(["allowInsecureHttp", "colour", "maxAttempts", "region", "secretKey"]);
    expect(bad.failures.find((f) => f.property === "maxAttempts")?.reason).to.match(/alicloud-flink:maxAttempts must be a whole number/);
    expect(bad.failures.find((f) => f.property === "region")?.reason).to.match(/alicloud-flink:region/);
    const good = await plugin.checkConfig(providerInputs(emu.url));
    expect(good.failures).to.deep.equal([]);
    expect(good.inputs.secretKey).to.deep.equal(secret(SECRET)); // given back as it came: still a secret
    // A value not known during preview is not judged.
    expect((await plugin.checkConfig({ region: UNKNOWN })).failures).to.deep.equal([]);
    expect(await plugin.diffConfig(providerInputs(emu.url), providerInputs(emu.url, { maxAttempts: 2 }))).to.deep.equal({
      changes: 2,
      detailed: ["maxAttempts"],
    });
  });

  it("is configured from `alicloud-flink:*` with secrets in envelopes, accepting secrets and previews", async () => {
    expect(await plugin.configure(config(emu.url), ["accessKey", "secretKey", "securityToken"])).to.deep.equal({
      acceptSecrets: true,
      supportsPreview: true,
    });
  });

  it("previews a create with no call: what only the platform knows is unknown", async () => {
    const checked = await plugin.check("sink", declared({ jarUrl: UNKNOWN }));
    expect(checked.failures).to.deep.equal([]);
    const r = await step("preview: create (jarUrl unknown)", () => plugin.create("sink", checked.inputs, true));
    expect(r.id).to.equal("");
    expect(r.properties).to.include({ connectorName: "acme-sink", jarUrl: UNKNOWN, connectorType: UNKNOWN, connectors: UNKNOWN });
    expect(emu.calls()).to.equal(0);
  });

  it("runs a lifecycle: create, no change, update in place with a detailed diff, refresh, delete", async () => {
    expect(await step("up: create", () => up("sink", declared()))).to.deep.equal({ op: "create" });
    expect(state.get("sink")?.id).to.equal(`${WORKSPACE}:${ns}:acme-sink`);
    expect(state.get("sink")?.outputs).to.include({ connectorType: "acme-sink", sink: true, jarUrl: JAR });
    expect(await step("up: no change", () => up("sink", declared()))).to.deep.equal({ op: "same" });
    expect(emu.calls()).to.equal(0);
    const s = state.get("sink")!;
    const d = await plugin.diff("sink", s.id, s.outputs, (await plugin.check("sink", declared({ jarUrl: JAR_V2 }))).inputs, s.inputs);
    expect(d).to.deep.equal({ changes: 2, replaces: [], deleteBeforeReplace: false, detailed: { jarUrl: 4 /* UPDATE */ } });
    const previewed = await step("preview: jarUrl change", () =>
      plugin.update("sink", s.id, s.outputs, declared({ jarUrl: JAR_V2 }), s.inputs, true),
    );
    expect(previewed).to.include({ jarUrl: JAR_V2, connectorType: UNKNOWN });
    expect(emu.calls()).to.equal(0);
    expect(await step("up: jarUrl change (update)", () => up("sink", declared({ jarUrl: JAR_V2 })))).to.deep.equal({ op: "update" });
    expect(emu.requests.map((x) => x.action)).to.deep.equal(["DeleteCustomConnector", "RegisterCustomConnector"]);
    expect(emu.jarOf(WORKSPACE, ns, "acme-sink")).to.equal(JAR_V2);
    emu.putConnector(WORKSPACE, ns, { name: "acme-sink", lookup: true, modifierName: "console-user" });
    const refreshed = await step("refresh", () => plugin.read("sink", s.id, state.get("sink")!.outputs, state.get("sink")!.inputs));
    expect(refreshed.properties).to.include({ lookup: true, modifierName: "console-user", jarUrl: JAR_V2 });
    expect(refreshed.inputs).to.include({ jarUrl: JAR_V2, connectorName: "acme-sink" });
    await step("destroy", () => plugin.delete("sink", s.id, refreshed.properties));
    expect(emu.connectors(WORKSPACE, ns)).to.deep.equal([]);
    expect((await plugin.read("sink", s.id, refreshed.properties, refreshed.inputs)).id).to.equal("");
  });

  it("replaces on a namespace change, deleting first, with detailed diff kinds", async () => {
    await up("sink", declared());
    const s = state.get("sink")!;
    const d = await plugin.diff(
      "sink",
      s.id,
      s.outputs,
      (await plugin.check("sink", declared({ namespaceName: `${ns}-moved` }))).inputs,
      s.inputs,
    );
    expect(d).to.deep.equal({
      changes: 2,
      replaces: ["namespaceName"],
      deleteBeforeReplace: true,
      detailed: { namespaceName: 5 /* UPDATE_REPLACE */ },
    });
  });

  it("restores the old connector when the new JAR fails, reporting the facts", async () => {
    await up("sink", declared());
    const err = await step("up: failing JAR (restored)", () =>
      up("sink", declared({ jarUrl: BROKEN })).then(
        () => undefined,
        (e: unknown) => e as PluginCallError,
      ),
    );
    expect(err).to.be.instanceOf(PluginCallError);
    expect(ConnectorOperationError.factsIn(err!.message)).to.deep.include({
      phase: "register-new",
      causeCode: "InvalidJarFile",
      restored: true,
      oldConnector: "present",
    });
    expect(emu.jarOf(WORKSPACE, ns, "acme-sink")).to.equal(JAR);
  });

  it("refuses an existing connector, then adopts it with adoptExisting", async () => {
    emu.putConnector(WORKSPACE, ns, { name: "legacy-sink" });
    const base = declared({ connectorName: "legacy-sink", jarUrl: "oss://flink-bkt/connectors/legacy-sink.jar" });
    const refused = await up("legacy", base).then(
      () => undefined,
      (e: unknown) => e as PluginCallError,
    );
    expect(ConnectorOperationError.factsIn(refused!.message)).to.deep.include({
      phase: "check-existing",
      oldConnector: "present",
      causeCode: "UnmanagedConnectorExists",
    });
    emu.clearRequests();
    expect(await up("legacy", { ...base, adoptExisting: true })).to.deep.equal({ op: "create" });
    expect(emu.calls("RegisterCustomConnector")).to.equal(0);
  });

  it("imports an existing connector by id alone: the inputs a program declares, valid as they are; a jarUrl declared later is recorded without a write", async () => {
    emu.putConnector(WORKSPACE, ns, { name: "legacy-sink", sink: true });
    const id = `${WORKSPACE}:${ns}:legacy-sink`;
    const r = await step("import (read by id)", () => plugin.read("legacy", id));
    expect(r.id).to.equal(id);
    expect(r.inputs).to.deep.equal({ workspaceId: WORKSPACE, namespaceName: ns, connectorName: "legacy-sink" });
    expect((r.properties.connectors as Props[]).map((c) => c.name)).to.deep.equal(["legacy-sink"]);
    // `pulumi import` checks the read inputs against themselves: they pass as they are.
    const checked = await plugin.check("legacy", r.inputs, r.inputs);
    expect(checked.failures).to.deep.equal([]);
    expect(checked.inputs).to.deep.equal(r.inputs);
    // The code it prints, previewed: no change.
    expect((await plugin.diff("legacy", id, r.properties, checked.inputs, r.inputs)).changes).to.equal(1 /* DIFF_NONE */);
    // The same inputs in a new stack (a create) are refused before any call: no JAR to register.
    expect((await plugin.check("legacy", r.inputs)).failures.map((f) => f.property)).to.deep.equal(["jarUrl"]);
    // The `import` option: the program's inputs against what was read. An update records the
    // declared JAR (one List, no write), so that a later JAR change re-registers as usual.
    const program = (
      await plugin.check("legacy", declared({ connectorName: "legacy-sink", jarUrl: "oss://flink-bkt/connectors/legacy-sink.jar" }))
    ).inputs;
    const d = await plugin.diff("legacy", id, r.properties, program, r.inputs);
    expect(d).to.deep.include({ changes: 2, replaces: [], detailed: { jarUrl: 4 /* UPDATE */ } });
    const recorded = await step("up after import: record the declared JAR", () =>
      plugin.update("legacy", id, r.properties, program, r.inputs),
    );
    expect(recorded).to.include({ jarUrl: "oss://flink-bkt/connectors/legacy-sink.jar", connectorType: "legacy-sink" });
    expect(emu.calls("RegisterCustomConnector")).to.equal(0);
    expect(emu.calls("DeleteCustomConnector")).to.equal(0);
    const later = (await plugin.check("legacy", declared({ connectorName: "legacy-sink", jarUrl: JAR_V2 }))).inputs;
    expect((await plugin.diff("legacy", id, recorded, later, program)).detailed).to.deep.equal({ jarUrl: 4 });
  });

  it("imports a connector that does not exist as nothing (empty id), and refuses a malformed id", async () => {
    expect((await plugin.read("ghost", `${WORKSPACE}:${ns}:ghost-sink`)).id).to.equal("");
    const bad = await plugin.read("bad", "not-an-id").then(
      () => undefined,
      (e: unknown) => e as PluginCallError,
    );
    expect(bad?.message).to.match(/malformed/);
  });

  it("reports a partial create as ErrorResourceInitFailed with the id and properties, so the engine keeps it", async () => {
    emu.faults.add({ kind: "internal-error", action: "DeleteCustomConnector", times: 12 });
    const inputs = (await plugin.check("bundle", declared({ connectorName: "bundle-sink", jarUrl: BUNDLE }))).inputs;
    const err = await plugin.create("bundle", inputs).then(
      () => undefined,
      (e: unknown) => e as PluginCallError,
    );
    expect(err?.initFailed?.id).to.equal(`${WORKSPACE}:${ns}:bundle-sink`);
    expect(err?.initFailed?.properties).to.include({ connectorName: "bundle-sink", jarUrl: BUNDLE });
    expect(err?.initFailed?.properties).to.not.have.property("__provider");
    expect(err?.initFailed?.reasons[0]).to.match(/must be deleted in the Flink console/);
    expect(err?.initFailed?.inputs).to.include({ connectorName: "bundle-sink", jarUrl: BUNDLE }); // the engine records these as the inputs
    emu.faults.clear();
    await plugin.delete("bundle", err!.initFailed!.id, err!.initFailed!.properties);
  });

  it("keeps a secret jarUrl secret: wrapped in every answer, blanked from errors and logs", async () => {
    const signed = "oss://flink-bkt/connectors/acme-sink-1.2.0.jar";
    const logsBefore = plugin.engineLogs.length;
    const checked = await plugin.check("sink", declared({ jarUrl: secret(signed) }));
    expect(checked.inputs.jarUrl).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: signed });
    const created = await plugin.create("sink", checked.inputs);
    expect(created.properties.jarUrl).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: signed });
    expect(created.properties.connectorType).to.equal("acme-sink");
    // A failing update names the JAR only as [secret].
    const hidden = "oss://flink-bkt/connectors/broken-2.0.jar";
    const err = await plugin
      .update("sink", created.id, created.properties, { ...checked.inputs, jarUrl: secret(hidden) }, checked.inputs)
      .then(
        () => undefined,
        (e: unknown) => e as PluginCallError,
      );
    expect(err?.message).to.contain("[secret]").and.not.contain(hidden);
    // Logs reach the engine on their own channel: give the last lines a moment.
    await new Promise((r) => setTimeout(r, 200));
    // Progress goes to the engine's Log service, not to stderr.
    const logs = plugin.engineLogs.slice(logsBefore);
    expect(logs.join("\n")).to.contain("[secret]").and.not.contain(hidden).and.not.contain(signed);
    // Each line names the resource it was logged for, so the engine shows it under that resource.
    expect([...new Set(plugin.engineLogUrns.slice(logsBefore))]).to.deep.equal([
      "urn:pulumi:dev::flink::alicloud-flink:index:FlinkConnector::sink",
    ]);
    await plugin.delete("sink", created.id, created.properties);
  });

  it("serves getFlinkConnectors as a function: filters, and failures for missing arguments", async () => {
    await up("sink", declared());
    emu.putConnector(WORKSPACE, ns, { name: "other-src", type: "other-src", source: true, sink: false });
    const all = await step("invoke getFlinkConnectors", () => plugin.invoke(FUNCTION, { workspaceId: WORKSPACE, namespaceName: ns }));
    expect(all.failures).to.deep.equal([]);
    expect(all.result).to.deep.include({ id: `${WORKSPACE}:${ns}`, names: ["acme-sink", "other-src"] });
    expect(emu.calls("ListCustomConnectors")).to.equal(1);
    expect((await plugin.invoke(FUNCTION, { workspaceId: WORKSPACE, namespaceName: ns, nameRegex: "^acme" })).result?.names).to.deep.equal([
      "acme-sink",
    ]);
    const missing = await plugin.invoke(FUNCTION, { namespaceName: ns, nameRegex: "(" });
    expect(missing.failures.map((f) => f.property)).to.deep.equal(["workspaceId", "nameRegex"]);
    expect(missing.result).to.equal(undefined);
    const unknownTok = await plugin.invoke("alicloud-flink:index:nope", {}).then(
      () => undefined,
      (e: unknown) => e as PluginCallError,
    );
    expect(unknownTok?.message).to.match(/no function/);
  });

  it("serves two explicit providers as two plugin processes, each on its own account and endpoint", async () => {
    const second = new PluginDriver(dir, main);
    await second.start();
    try {
      await second.configure(config(other.url), ["accessKey", "secretKey", "securityToken"]);
      await up("here", declared());
      state.clear();
      await up("there", declared(), second);
      expect(emu.connectors(WORKSPACE, ns).map((c) => c.name)).to.deep.equal(["acme-sink"]);
      expect(other.connectors(WORKSPACE, ns).map((c) => c.name)).to.deep.equal(["acme-sink"]);
      expect(other.calls("RegisterCustomConnector")).to.equal(1);
      expect(everyText([second.returned, second.logs])).to.not.contain(SECRET);
    } finally {
      await second.stop();
    }
  });

  it("keeps a smaller state per connector than the dynamic provider: no serialized provider in inputs and outputs", async () => {
    await up("sink", declared());
    const native = state.get("sink")!;
    const nativeBytes = JSON.stringify({ inputs: native.inputs, outputs: native.outputs }).length;
    // The dynamic resource of the same connector: the same inputs and outputs, each with `__provider`.
    const [dyn] = await captureProgram(dir, `return [new flink.FlinkConnector("sink", ${JSON.stringify(declared())})];`);
    const provider = String(dyn.inputs.__provider);
    const dynamicBytes = JSON.stringify({
      inputs: { ...native.inputs, __provider: provider },
      outputs: { ...native.outputs, __provider: provider },
    }).length;
    figures.push(
      `state per connector: native ${nativeBytes} bytes, dynamic ${dynamicBytes} bytes (__provider ${provider.length} bytes, twice)`,
    );
    expect(nativeBytes).to.be.below(dynamicBytes);
  });

  it("answers Cancel", async () => {
    await plugin.cancel();
  });
});
