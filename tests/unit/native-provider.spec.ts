import { ConnectorOperationError } from "../../lib/errors/operation-error";
import { expect } from "chai";
import * as sinon from "sinon";
import type { ServiceOptions } from "../../lib/service/connector-service";
import { FakeService } from "../support/fake-service";
import { NativeProvider, partialOf, previewOutputs } from "../../lib/plugin/native-provider";
import { UNKNOWN } from "../../lib/provider/check";
import { JAR, NAMESPACE, WORKSPACE, connector } from "../support/fixtures";

const FN = "alicloud-flink:index:getFlinkConnectors";

describe("NativeProvider (service stubbed)", () => {
  const sandbox = sinon.createSandbox();
  let options: ServiceOptions[];
  let svc: FakeService;
  let provider: NativeProvider;

  beforeEach(() => {
    options = [];
    svc = new FakeService(sandbox, ["acme-sink"]);
    svc.platform = [connector("acme-sink"), connector("other", { type: "other", source: true })];
    provider = new NativeProvider({ serviceFor: (o) => (options.push(o), svc), env: () => ({}), log: () => undefined });
  });
  afterEach(() => sandbox.restore());

  it("reads its settings from alicloud-flink:* (args first, then variables), with one service for resources and the function alike", async () => {
    await provider.configure(
      { endpoint: "http://127.0.0.1:1", maxAttempts: 2 },
      { "alicloud-flink:config:region": "cn-shanghai", "alicloud-flink:config:endpoint": "http://ignored" },
    );
    await provider.read(`${WORKSPACE}:${NAMESPACE}:acme-sink`, {}, {});
    await provider.invoke(FN, { workspaceId: WORKSPACE, namespaceName: NAMESPACE });
    for (const o of options) expect(o).to.deep.include({ endpoint: "http://127.0.0.1:1", region: "cn-shanghai" });
    // One service: the function's List shares batching and lost-answer memory with the resources'.
    expect(options.map((o) => o.retry)).to.deep.equal([{ maxAttempts: 2, minDelayMs: 500, maxDelayMs: 10_000, throttleMinDelayMs: 1_000 }]);
  });

  it("refuses another resource type or function by name", async () => {
    for (const p of [
      provider.check("x:index:Other", {}, {}),
      provider.create("x:index:Other", {}, false),
      provider.delete("x:index:Other", "a:b:c", {}),
      provider.invoke("x:index:nope", {}),
    ]) {
      const e = await p.then(
        () => undefined,
        (x: Error) => x,
      );
      expect(e?.message).to.match(/alicloud-flink has no (resource type|function) "x:index:(Other|nope)"; it has alicloud-flink:index:/);
    }
  });

  it("answers invoke argument errors as failures, with no call, and filters like getFlinkConnectors", async () => {
    const bad = await provider.invoke(FN, { workspaceId: " ", namespaceName: NAMESPACE, ids: "a", names: [1], nameRegex: 7, type: false });
    expect(bad.failures.map((f) => f.property)).to.deep.equal(["workspaceId", "ids", "names", "nameRegex", "type"]);
    expect(svc.list.callCount).to.equal(0);
    const ok = await provider.invoke(FN, { workspaceId: WORKSPACE, namespaceName: NAMESPACE, type: "other" });
    expect(ok.result?.names).to.deep.equal(["other"]);
  });

  it("diffs against old outputs with old inputs over them, with a kind for each changed input", async () => {
    const olds = { workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "acme-sink", jarUrl: "REPLACE-ME: x", connectors: [] };
    const d = await provider.diff(
      olds,
      { jarUrl: JAR },
      { workspaceId: WORKSPACE, namespaceName: "other", connectorName: "acme-sink", jarUrl: JAR, contentVersion: "v2" },
    );
    expect(d).to.deep.equal({
      changes: true,
      replaces: ["namespaceName"],
      deleteBeforeReplace: true,
      detailed: { contentVersion: "update", namespaceName: "replace" },
    });
  });

  it("previews outputs: the inputs, and unknown for what only the platform says", () => {
    const out = previewOutputs({ workspaceId: WORKSPACE, jarUrl: JAR });
    expect(out).to.include({ workspaceId: WORKSPACE, jarUrl: JAR, connectorType: UNKNOWN, creator: UNKNOWN, connectors: UNKNOWN });
  });

  const facts = { operation: "update", connectorId: "w:n:a", phase: "register-new", cause: "no" } as const;

  it("keeps, as a partial failure's inputs, those its properties describe: the restored JAR, not the one asked for", () => {
    const restored = {
      workspaceId: "w",
      namespaceName: "n",
      connectorName: "a",
      connectorNames: ["a"],
      jarUrl: "oss://b/a-1.jar",
      adoptExisting: false,
      contentVersion: "",
      connectors: [],
    };
    expect(partialOf(new ConnectorOperationError(facts, { id: "w:n:a", properties: restored }))?.inputs).to.deep.equal({
      workspaceId: "w",
      namespaceName: "n",
      connectorName: "a",
      jarUrl: "oss://b/a-1.jar",
    });
  });

  it("recognizes a partial failure only as the error class's partial state, never by the shape of another error", () => {
    const e = new ConnectorOperationError(facts, { id: "w:n:a", properties: { a: 1 } });
    expect(partialOf(e)).to.deep.include({ id: "w:n:a", properties: { a: 1 }, reasons: [e.message] });
    const lookalike = Object.assign(new Error("m"), { id: "w:n:a", properties: { a: 1 } });
    for (const x of [new ConnectorOperationError(facts), lookalike, new Error("m"), undefined]) expect(partialOf(x)).to.equal(undefined);
  });
});
