import { expect } from "chai";
import { providerOn } from "../support/emulator-provider";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { ConnectorOperationError } from "../../lib/errors/operation-error";
import { FlinkConnectorProvider } from "../../lib/provider/provider";
import { JAR, JAR_V2, KEY_ID, NAMESPACE, SECRET, WORKSPACE, everyText } from "../support/fixtures";

const inputs = {
  workspaceId: WORKSPACE,
  namespaceName: NAMESPACE,
  connectorName: "acme-sink",
  jarUrl: JAR,
  adoptExisting: false,
  contentVersion: "",
  __provider: "P",
};
const ID = `${WORKSPACE}:${NAMESPACE}:acme-sink`;

describe("provider -> service -> client -> emulator", () => {
  let emu: Emulator;
  let provider: FlinkConnectorProvider;
  const logs: string[] = [];

  beforeEach(async () => {
    emu = await startEmulator({
      keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }],
      jars: { "oss://flink-bkt/connectors/broken.jar": { error: "invalid" } },
    });
    logs.length = 0;
    provider = await providerOn(emu, (l) => logs.push(l));
  });
  afterEach(() => emu.close());

  const writes = (): number => emu.calls("RegisterCustomConnector") + emu.calls("DeleteCustomConnector");

  it("creates, sees no change, updates in place, refreshes and deletes", async () => {
    const created = await provider.create(inputs);
    expect(created.id).to.equal(ID);
    expect(emu.connectors(WORKSPACE, NAMESPACE).map((c) => c.name)).to.deep.equal(["acme-sink"]);
    const createCalls = emu.calls();

    const state = { ...created.outs, __provider: "P" };
    expect(await provider.diff(ID, state, { ...inputs })).to.deep.include({ changes: false });

    emu.clearRequests();
    const updated = await provider.update(ID, state, { ...inputs, jarUrl: JAR_V2 });
    expect(updated.outs?.jarUrl).to.equal(JAR_V2);
    expect(emu.requests.filter((r) => r.action !== "ListCustomConnectors").map((r) => r.action)).to.deep.equal([
      "DeleteCustomConnector",
      "RegisterCustomConnector",
    ]);
    expect(emu.requests.find((r) => r.action === "RegisterCustomConnector")?.jarUrl).to.equal(JAR_V2);
    const updateCalls = emu.calls();

    emu.clearRequests();
    const read = await provider.read(ID, { ...updated.outs });
    expect(read.id).to.equal(ID);
    const refreshCalls = emu.calls();

    emu.clearRequests();
    await provider.delete(ID, { ...updated.outs });
    expect(emu.connectors(WORKSPACE, NAMESPACE)).to.deep.equal([]);
    const deleteCalls = emu.calls();
    console.log(`      API calls: create ${createCalls}, update ${updateCalls}, refresh ${refreshCalls}, delete ${deleteCalls}`);
    // create: List (exists?), then Register, whose answer holds the connector. update: Delete,
    // then Register. refresh: one List. delete: one Delete. No confirmation Lists: every
    // answer was definitive.
    expect([createCalls, updateCalls, refreshCalls, deleteCalls]).to.deep.equal([2, 2, 1, 1]);
  });

  it("restores the old connector when the new JAR fails to register, and reports both outcomes", async () => {
    const created = await provider.create(inputs);
    const e = await provider.update(ID, { ...created.outs }, { ...inputs, jarUrl: "oss://flink-bkt/connectors/broken.jar" }).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(ConnectorOperationError.isInstance(e) && e.facts).to.deep.include({
      phase: "register-new",
      causeCode: "InvalidJarFile",
      oldConnector: "present",
      newConnector: "absent",
      restored: true,
    });
    expect(emu.jarOf(WORKSPACE, NAMESPACE, "acme-sink")).to.equal(JAR);
    expect(emu.connectors(WORKSPACE, NAMESPACE).map((c) => c.name)).to.deep.equal(["acme-sink"]);
  });

  it("replaces across namespaces by deleting first, then creating", async () => {
    const created = await provider.create(inputs);
    const d = await provider.diff(ID, { ...created.outs }, { ...inputs, namespaceName: "other-ns" });
    expect(d).to.deep.include({ changes: true, replaces: ["namespaceName"], deleteBeforeReplace: true });
    await provider.delete(ID, { ...created.outs });
    const again = await provider.create({ ...inputs, namespaceName: "other-ns" });
    expect(again.id).to.equal(`${WORKSPACE}:other-ns:acme-sink`);
    expect(emu.connectors(WORKSPACE, NAMESPACE)).to.deep.equal([]);
    expect(emu.connectors(WORKSPACE, "other-ns")).to.have.length(1);
  });

  it("finds a connector deleted out of band gone on refresh, and follows out-of-band changes", async () => {
    const fresh = new FlinkConnectorProvider({ env: () => ({}) });
    const config: Record<string, string> = {
      "alicloud:accessKey": KEY_ID,
      "alicloud:secretKey": SECRET,
      "alicloud-flink:endpoint": emu.url,
      "alicloud-flink:listCacheTtlMs": "0",
    };
    await fresh.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } });
    provider = fresh;
    const created = await provider.create(inputs);
    emu.putConnector(WORKSPACE, NAMESPACE, { name: "acme-sink", lookup: true, modifierName: "console-user" });
    const changed = await provider.read(ID, { ...created.outs });
    expect(changed.props).to.include({ lookup: true, modifierName: "console-user" });
    emu.removeConnector(WORKSPACE, NAMESPACE, "acme-sink");
    expect((await provider.read(ID, { ...created.outs })).id).to.equal("");
  });

  it("refuses to create over an existing connector, then adopts it with adoptExisting", async () => {
    emu.putConnector(WORKSPACE, NAMESPACE, { name: "acme-sink" });
    const refused = await provider.create(inputs).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(ConnectorOperationError.isInstance(refused) && refused.facts).to.deep.include({
      phase: "check-existing",
      oldConnector: "present",
      causeCode: "UnmanagedConnectorExists",
    });
    const adopted = await provider.create({ ...inputs, adoptExisting: true });
    expect(adopted.id).to.equal(ID);
    expect(emu.calls("RegisterCustomConnector")).to.equal(0);
  });

  it("deletes idempotently", async () => {
    await provider.delete(ID, inputs);
    await provider.delete(ID, inputs);
    expect(writes()).to.equal(2);
  });

  it("creates through a throttling storm", async () => {
    emu.faults.throttle(4);
    const created = await provider.create(inputs);
    expect(created.id).to.equal(ID);
    expect(logs.filter((l) => l.includes("Throttling.User"))).to.have.length(4);
    expect(everyText(logs)).to.not.contain(SECRET);
  });
});
