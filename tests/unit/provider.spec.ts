import { expect } from "chai";
import * as sinon from "sinon";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { ConnectorOperationError } from "../../lib/errors/operation-error";
import { WriteFailure } from "../../lib/errors/write-failure";
import { FlinkConnectorProvider } from "../../lib/provider/provider";
import { apiError, FakeService } from "../support/fake-service";
import { failed } from "../support/failed";
import { JAR, JAR_V2, NAMESPACE, WORKSPACE, connector } from "../support/fixtures";

const inputs = {
  workspaceId: WORKSPACE,
  namespaceName: NAMESPACE,
  connectorName: "acme-sink",
  jarUrl: JAR,
  adoptExisting: false,
  contentVersion: "",
  __provider: "PROVIDER",
};
const ID = `${WORKSPACE}:${NAMESPACE}:acme-sink`;

function lostAnswer(): FlinkApiError {
  return new FlinkApiError({
    operation: "RegisterCustomConnector",
    workspaceId: WORKSPACE,
    namespaceName: NAMESPACE,
    code: "RequestTimeout",
    detail: "",
    kind: "transient",
    retryable: true,
    outcomeUnknown: true,
    timedOut: true,
  });
}

const registered = (...names: string[]) => ({ connectors: names.map((n) => connector(n)), via: "answer" as const, attempts: 1 });

function noUndefined(v: unknown, path = "outs"): void {
  expect(v, path).to.not.equal(undefined);
  if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) noUndefined(x, `${path}.${k}`);
}

describe("FlinkConnectorProvider lifecycle (service stubbed)", () => {
  const sandbox = sinon.createSandbox();
  let svc: FakeService;
  let provider: FlinkConnectorProvider;
  let logs: string[];

  beforeEach(() => {
    svc = new FakeService(sandbox, ["acme-sink"]);
    logs = [];
    provider = new FlinkConnectorProvider({ serviceFor: () => svc, env: () => ({}), log: (l) => logs.push(l) });
  });
  afterEach(() => sandbox.restore());

  describe("create", () => {
    it("registers and returns the id and every output, with no undefined anywhere", async () => {
      const r = await provider.create(inputs);
      expect(r.id).to.equal(ID);
      expect(r.outs).to.include({
        workspaceId: WORKSPACE,
        connectorName: "acme-sink",
        jarUrl: JAR,
        connectorType: "acme-sink",
        sink: true,
        adoptExisting: false,
      });
      noUndefined(r.outs);
      expect(svc.register.firstCall.args[0]).to.deep.include({ jarUrl: JAR, expectedNames: ["acme-sink"] });
    });

    it("refuses to take over an existing connector and says how to adopt it", async () => {
      svc.platform = [connector("acme-sink")];
      const e = await failed(provider.create(inputs));
      expect(e.facts).to.deep.include({
        phase: "check-existing",
        oldConnector: "present",
        newConnector: "absent",
        causeCode: "UnmanagedConnectorExists",
      });
      expect(e.message).to.contain("adoptExisting: true");
      expect(svc.register.callCount).to.equal(0);
    });

    it("adopts an existing connector with adoptExisting, without registering", async () => {
      svc.platform = [connector("acme-sink", { creatorName: "console" })];
      const r = await provider.create({ ...inputs, adoptExisting: true });
      expect(r.outs).to.include({ creatorName: "console", adoptExisting: true });
      expect(svc.register.callCount).to.equal(0);
      expect(logs).to.deep.equal([`[alicloud-flink] adopted existing connector ${ID}`]);
    });

    it("removes what a JAR registered under another name; the facts say nothing is left", async () => {
      svc.register.resolves(registered("other-name"));
      const e = await failed(provider.create(inputs));
      expect(e.facts).to.deep.include({ operation: "create", phase: "verify-name", newConnector: "absent" });
      expect(e.message).to.match(/registers "other-name", not "acme-sink"/);
      expect(e.id).to.equal(undefined);
      expect(svc.delete.firstCall.args[0]).to.deep.include({ connectorName: "other-name" });
    });

    it("names connectors it could not remove, without tracking them", async () => {
      svc.register.resolves(registered("other-name"));
      svc.delete.rejects(new WriteFailure("no", apiError("auth", "Forbidden.RAM"), 1));
      const e = await failed(provider.create(inputs));
      expect(e.facts).to.deep.include({ phase: "verify-name", newConnector: "absent" });
      expect(e.message).to.match(/must be deleted in the Flink console.*other-name/);
      expect(e.id).to.equal(undefined);
    });

    it("keeps tracking a connector it registered but cannot remove (partial failure with id and __provider)", async () => {
      svc.register.resolves(registered("acme-sink", "acme-extra"));
      svc.delete.rejects(new WriteFailure("no", apiError("auth", "Forbidden.RAM"), 1));
      const e = await failed(provider.create(inputs));
      expect(e.facts).to.deep.include({ phase: "verify-name", newConnector: "present" });
      expect(e.id).to.equal(ID);
      expect(e.properties).to.include({ __provider: "PROVIDER", connectorName: "acme-sink" });
    });

    it("keeps tracking the connector when whether it was registered is unknown (partial failure carrying the id)", async () => {
      svc.register.rejects(new WriteFailure("unknown", lostAnswer(), 6));
      const e = await failed(provider.create(inputs));
      expect(e.facts).to.deep.include({ operation: "create", phase: "register", newConnector: "unknown", causeCode: "RequestTimeout" });
      expect(e.id).to.equal(ID);
      expect(e.properties).to.include({ __provider: "PROVIDER", jarUrl: JAR, connectorType: "" });
    });

    it("fails plainly, tracking nothing, when the platform refused the JAR", async () => {
      svc.register.rejects(new WriteFailure("no", apiError("invalid-input", "InvalidJarFile"), 1));
      const e = await failed(provider.create(inputs));
      expect(e.facts).to.deep.include({ phase: "register", newConnector: "absent", causeCode: "InvalidJarFile" });
      expect(e.id).to.equal(undefined);
    });

    it("treats a Register refused because the connector appeared since the check like an existing connector", async () => {
      svc.mayExistAny.resolves([]);
      svc.register.rejects(new WriteFailure("no", apiError("conflict", "ConnectorTypeAlreadyExists"), 1));
      svc.platform = [connector("acme-sink", { creatorName: "someone" })];
      const refused = await provider.create(inputs).then(
        () => expect.fail("should reject"),
        (e: Error) => e,
      );
      expect(ConnectorOperationError.isInstance(refused) && refused.facts).to.deep.include({
        phase: "check-existing",
        oldConnector: "present",
        causeCode: "UnmanagedConnectorExists",
      });
      const adopted = await provider.create({ ...inputs, adoptExisting: true });
      expect(adopted.outs).to.include({ creatorName: "someone" });
    });

    it("reports a Register conflict with nothing of that name as the refusal it is", async () => {
      svc.register.rejects(new WriteFailure("no", apiError("conflict", "ConnectorTypeAlreadyExists"), 1));
      const e = await failed(provider.create(inputs));
      expect(e.facts).to.deep.include({ phase: "register", causeKind: "conflict", newConnector: "absent" });
    });

    it("changes nothing when the check for an existing connector fails", async () => {
      svc.list.rejects(apiError("auth", "Forbidden.RAM"));
      svc.mayExistAny.rejects(apiError("auth", "Forbidden.RAM"));
      const e = await failed(provider.create(inputs));
      expect(e.facts).to.deep.include({ phase: "check-existing", newConnector: "absent" });
      expect(svc.register.callCount).to.equal(0);
    });

    it("reads the facts back from the message alone, as a tool behind the engine would", async () => {
      svc.register.rejects(new WriteFailure("unknown", lostAnswer(), 6));
      const e = await failed(provider.create(inputs));
      expect(ConnectorOperationError.factsIn(e.message)).to.deep.equal(e.facts);
    });
  });

  describe("update", () => {
    const olds = { ...inputs, connectorType: "acme-sink" };
    const news = { ...inputs, jarUrl: JAR_V2 };

    it("deletes, then registers the new JAR, with outputs from Register's answer", async () => {
      const r = await provider.update(ID, olds, news);
      expect(r.outs).to.include({ jarUrl: JAR_V2, modifier: JAR_V2 });
      expect(svc.delete.calledBefore(svc.register)).to.equal(true);
      expect(svc.register.callCount).to.equal(1);
      expect(svc.list.callCount + svc.mayExistAny.callCount).to.equal(0);
    });

    it("registers the old JAR again when the new one is refused, and the state follows the restored connector", async () => {
      svc.register.onFirstCall().rejects(new WriteFailure("no", apiError("invalid-input", "InvalidJarFile"), 1));
      const e = await failed(provider.update(ID, olds, news));
      expect(e.facts).to.deep.include({
        operation: "update",
        phase: "register-new",
        oldConnector: "present",
        newConnector: "absent",
        restored: true,
        causeCode: "InvalidJarFile",
      });
      expect(svc.register.secondCall.args[0]).to.deep.include({ jarUrl: JAR });
      expect(e.id).to.equal(ID);
      expect(e.properties).to.include({ jarUrl: JAR, modifier: JAR, __provider: "PROVIDER" });
      expect(logs).to.deep.equal([
        `[alicloud-flink] updating ${ID}: removing the registration of ${JAR}, then registering ${JAR_V2}`,
        `[alicloud-flink] registering ${JAR_V2} as ${ID} (the platform downloads and parses the JAR)`,
        `[alicloud-flink] registering the new JAR failed; registering the previous JAR ${JAR} again`,
      ]);
    });

    it("states an API error's cause once (in the facts), points at inspect-jar, and stays under 1 KiB", async () => {
      svc.register.onFirstCall().rejects(new WriteFailure("no", apiError("invalid-input", "InvalidJarFile"), 1));
      const e = await failed(provider.update(ID, olds, news));
      expect(e.message.split("InvalidJarFile: d").length - 1, e.message).to.equal(1);
      expect(e.facts.cause).to.equal("InvalidJarFile: d");
      expect(e.message).to.match(
        /failed while registering the new JAR \(.*\): the platform refused it \(InvalidJarFile; the cause is in the facts below\)\./,
      );
      expect(e.message).to.contain("`alicloud-flink inspect-jar` shows the connectors a JAR registers");
      expect(e.message.length).to.be.below(1024);
    });

    it("says the connector is absent when the restore was refused too", async () => {
      svc.register.rejects(new WriteFailure("no", apiError("invalid-input", "JarFileNotAccessible"), 1));
      const e = await failed(provider.update(ID, olds, news));
      expect(e.facts).to.deep.include({ oldConnector: "absent", newConnector: "absent", restored: false });
      expect(e.facts.restoreCause).to.match(/JarFileNotAccessible/);
    });

    it("calls both registrations unknown when the restore is refused as a conflict and a connector of that name is there", async () => {
      svc.register.onFirstCall().rejects(new WriteFailure("no", apiError("invalid-input", "InvalidJarFile"), 1));
      svc.register.onSecondCall().callsFake(async () => {
        // Registered meanwhile, from a JAR we cannot tell.
        svc.platform = [connector("acme-sink", { modifier: "someone" })];
        throw new WriteFailure("no", apiError("conflict", "ConnectorTypeAlreadyExists"), 1);
      });
      const e = await failed(provider.update(ID, olds, news));
      expect(e.facts).to.deep.include({ oldConnector: "unknown", newConnector: "unknown", restored: "unknown" });
    });

    it("says the previous registration is unknown when the restore's answer was lost", async () => {
      svc.register.onFirstCall().rejects(new WriteFailure("no", apiError("invalid-input", "InvalidJarFile"), 1));
      svc.register.onSecondCall().rejects(new WriteFailure("unknown", lostAnswer(), 6));
      const e = await failed(provider.update(ID, olds, news));
      expect(e.facts).to.deep.include({ oldConnector: "unknown", newConnector: "absent", restored: "unknown" });
    });

    it("does not restore when the new registration's answer was lost: it tracks the new JAR instead", async () => {
      svc.register.onFirstCall().rejects(new WriteFailure("unknown", lostAnswer(), 6));
      const e = await failed(provider.update(ID, olds, news));
      expect(e.facts).to.deep.include({ phase: "register-new", oldConnector: "absent", newConnector: "unknown" });
      expect(svc.register.callCount).to.equal(1);
      expect(e.id).to.equal(ID);
      expect(e.properties).to.include({ jarUrl: JAR_V2 });
    });

    it("changes nothing when removing the old registration is refused", async () => {
      svc.delete.rejects(new WriteFailure("no", apiError("auth", "Forbidden.RAM"), 1));
      const e = await failed(provider.update(ID, olds, news));
      expect(e.facts).to.deep.include({ phase: "delete-old", oldConnector: "present", newConnector: "absent", causeCode: "Forbidden.RAM" });
      expect(svc.register.callCount).to.equal(0);
    });

    it("says the previous registration is unknown when the Delete's answer was lost", async () => {
      svc.delete.rejects(new WriteFailure("unknown", lostAnswer(), 6));
      const e = await failed(provider.update(ID, olds, news));
      expect(e.facts).to.deep.include({ phase: "delete-old", oldConnector: "unknown", newConnector: "absent" });
      expect(e.id, "tracked as a partial failure, so the next up retries").to.equal(ID);
      expect(e.properties).to.deep.equal(olds);
    });

    it("restores the old JAR when the new JAR registers a connector of another name", async () => {
      svc.register.onFirstCall().resolves(registered("renamed"));
      const e = await failed(provider.update(ID, olds, news));
      expect(e.facts).to.deep.include({ phase: "verify-name", restored: true, oldConnector: "present" });
      expect(svc.delete.secondCall.args[0]).to.deep.include({ connectorName: "renamed" });
      expect(svc.register.secondCall.args[0]).to.deep.include({ jarUrl: JAR });
    });

    it("reconciles when the inputs did not change (the engine's retry after a partial failure)", async () => {
      svc.platform = [connector("acme-sink", { creatorName: "platform" })];
      const kept = await provider.update(ID, olds, inputs);
      expect(kept.outs).to.include({ creatorName: "platform" });
      expect(svc.register.callCount + svc.delete.callCount).to.equal(0);
      svc.platform = [];
      const again = await provider.update(ID, olds, inputs);
      expect(again.outs).to.include({ connectorType: "acme-sink" });
      expect(svc.register.callCount).to.equal(1);
      expect(svc.delete.callCount).to.equal(0);
    });
  });

  describe("read", () => {
    it("returns outputs that follow the platform, and the inputs for the next diff", async () => {
      svc.platform = [connector("acme-sink", { modifierName: "someone-else", lookup: true })];
      const r = await provider.read(ID, { ...inputs, connectorType: "acme-sink", lookup: false });
      expect(r.id).to.equal(ID);
      expect(r.props).to.include({ modifierName: "someone-else", lookup: true, jarUrl: JAR });
      expect(r.inputs).to.deep.equal({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "acme-sink", jarUrl: JAR });
      noUndefined(r.props);
    });

    it("reports a connector deleted out of band as gone (empty id)", async () => {
      expect((await provider.read(ID, inputs)).id).to.equal("");
    });

    it("reads by id alone (an import): the id's names, only the connectors named, and no jarUrl in the inputs", async () => {
      svc.list.resolves([connector("acme-sink"), connector("someone-elses")]);
      const r = await provider.read(ID);
      expect(r.props).to.deep.include({ connectorName: "acme-sink", connectorNames: ["acme-sink"], jarUrl: "" });
      expect(r.inputs).to.deep.equal({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "acme-sink" });
      expect(r.props!.connectors.map((c) => c.name)).to.deep.equal(["acme-sink"]);
    });

    it("finds a connector gone when only someone else's are in the namespace", async () => {
      svc.list.resolves([connector("someone-elses")]);
      expect((await provider.read(ID, inputs)).id).to.equal("");
    });

    it("logs to stderr when it was given nowhere else", async () => {
      const err = sandbox.stub(console, "error");
      const p = new FlinkConnectorProvider({ serviceFor: () => svc, env: () => ({}) });
      svc.list.resolves([connector("b")]);
      await p.read(`${WORKSPACE}:${NAMESPACE}:b`, { ...inputs, connectorName: "", connectorNames: ["a", "b"] });
      expect(err.calledWithMatch(/^\[alicloud-flink\] .*: a is not on the platform/)).to.equal(true);
    });

    it("takes the state's names over the id's, and says which of a set are missing", async () => {
      svc.list.resolves([connector("b")]);
      const r = await provider.read(`${WORKSPACE}:${NAMESPACE}:b`, { ...inputs, connectorName: "", connectorNames: ["a", "b", "c"] });
      expect(r.props!.connectorNames).to.deep.equal(["a", "b", "c"]);
      expect(logs).to.include(
        `[alicloud-flink] ${WORKSPACE}:${NAMESPACE}:b: a, c are not on the platform; the next \`pulumi up\` registers the JAR again`,
      );
      svc.list.resolves([connector("b"), connector("c")]);
      await provider.read(`${WORKSPACE}:${NAMESPACE}:b`, { ...inputs, connectorName: "", connectorNames: ["a", "b", "c"] });
      expect(logs[logs.length - 1]).to.contain(": a is not on the platform;");
    });

    it("logs what drifted against the state's outputs", async () => {
      svc.platform = [connector("acme-sink", { lookup: true })];
      const stated = { ...inputs, connectors: [{ id: ID, ...connector("acme-sink"), connectorType: "acme-sink" }] };
      await provider.read(ID, stated);
      expect(logs.some((l) => l.includes("acme-sink") && l.includes("lookup"))).to.equal(true);
    });

    it("rejects a malformed id with the expected format", async () => {
      await provider.read("just-a-name", {}).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/<workspaceId>:<namespaceName>:<connectorName>/),
      );
    });
  });

  describe("delete", () => {
    it("deletes by id", async () => {
      await provider.delete(ID, inputs);
      expect(svc.delete.firstCall.args[0]).to.deep.include({
        workspaceId: WORKSPACE,
        namespaceName: NAMESPACE,
        connectorName: "acme-sink",
      });
    });

    it("deletes by the state when the id is malformed, and refuses when neither names a connector", async () => {
      await provider.delete("not-an-id", inputs);
      expect(svc.delete.firstCall.args[0]).to.deep.include({
        workspaceId: WORKSPACE,
        namespaceName: NAMESPACE,
        connectorName: "acme-sink",
      });
      for (const stated of [
        { ...inputs, workspaceId: "" },
        { ...inputs, namespaceName: "" },
        { ...inputs, connectorName: "" },
      ]) {
        await provider.delete("not-an-id", stated).then(
          () => expect.fail("should reject"),
          (e: Error) => expect(e.message).to.match(/The id "not-an-id" is malformed/),
        );
      }
      expect(svc.delete.callCount).to.equal(1);
    });

    it("says whether the connector may be gone when a delete fails", async () => {
      svc.delete.rejects(new WriteFailure("unknown", lostAnswer(), 6));
      expect((await failed(provider.delete(ID, inputs))).facts).to.deep.include({
        operation: "delete",
        phase: "delete",
        oldConnector: "unknown",
      });
      svc.delete.rejects(new WriteFailure("no", apiError("auth", "Forbidden.RAM"), 1));
      expect((await failed(provider.delete(ID, inputs))).facts).to.deep.include({ oldConnector: "present" });
    });
  });

  it("never shows its configuration when printed", async () => {
    const { inspect } = await import("node:util");
    await provider.configure({
      config: { get: (k: string) => (k === "alicloud:secretKey" ? "TopSecretValue123" : undefined), require: () => "" },
    });
    expect(inspect(provider, { depth: 10 }) + JSON.stringify(provider)).to.not.contain("TopSecretValue123");
    expect(inspect(provider, { depth: 10 })).to.equal("FlinkConnectorProvider {}");
    expect(JSON.stringify(provider)).to.equal("{}");
  });

  it("builds its service from the configuration it was given, the environment, and its own log", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const p = new FlinkConnectorProvider({
      serviceFor: (o) => (seen.push(o as unknown as Record<string, unknown>), svc),
      env: () => ({ ALICLOUD_REGION: "cn-beijing" }),
      log: (l) => logs.push(l),
    });
    await p.configure({ config: { get: (k: string) => (k === "alicloud-flink:endpoint" ? "http://127.0.0.1:9" : undefined) } } as never);
    svc.platform = [connector("acme-sink")];
    await p.read(ID, inputs);
    expect(seen[0]).to.deep.include({ endpoint: "http://127.0.0.1:9", env: { ALICLOUD_REGION: "cn-beijing" } });
    (seen[0].log as (m: string) => void)("a retry line");
    expect(logs).to.include("[alicloud-flink] a retry line");
  });

  it("reads the process environment when given none", async () => {
    const seen: Array<{ env?: unknown }> = [];
    const p = new FlinkConnectorProvider({ serviceFor: (o) => (seen.push(o), svc), log: () => undefined });
    svc.platform = [connector("acme-sink")];
    await p.read(ID, inputs);
    expect(seen[0].env).to.equal(process.env);
  });

  it("diff ignores __provider", async () => {
    expect(await provider.diff(ID, { ...inputs, __provider: "a" }, { ...inputs, __provider: "b" })).to.deep.include({ changes: false });
  });

  it("check fails before any API call", async () => {
    const r = await provider.check({}, { ...inputs, jarUrl: "ftp://x/y.jar" });
    expect(r.failures).to.have.length(1);
    expect(svc.list.callCount + svc.mayExistAny.callCount + svc.register.callCount).to.equal(0);
  });
});
