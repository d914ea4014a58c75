import { expect } from "chai";
import * as sinon from "sinon";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { WriteFailure } from "../../lib/errors/write-failure";
import { jarUrlPlaceholder } from "../../lib/model/placeholder";
import { FlinkConnectorProvider } from "../../lib/provider/provider";
import { FakeService, refusal } from "../support/fake-service";
import { failed } from "../support/failed";
import { JAR, JAR_V2, NAMESPACE, WORKSPACE, connector } from "../support/fixtures";

/** A JAR that registers two connectors, as the Kafka SQL connector JAR does. */
const NAMES = ["acme-kafka", "acme-upsert"];
const inputs = {
  workspaceId: WORKSPACE,
  namespaceName: NAMESPACE,
  connectorNames: ["acme-upsert", "acme-kafka"],
  jarUrl: JAR,
  adoptExisting: false,
  contentVersion: "",
  __provider: "PROVIDER",
};
const ID = `${WORKSPACE}:${NAMESPACE}:acme-kafka,acme-upsert`;

describe("FlinkConnectorProvider with a JAR that registers several connectors (service stubbed)", () => {
  const sandbox = sinon.createSandbox();
  let svc: FakeService;
  let provider: FlinkConnectorProvider;
  let logs: string[];

  beforeEach(() => {
    svc = new FakeService(sandbox, []);
    svc.jars = { [JAR]: NAMES, [JAR_V2]: NAMES };
    logs = [];
    provider = new FlinkConnectorProvider({ serviceFor: () => svc, env: () => ({}), log: (l) => logs.push(l) });
  });
  afterEach(() => sandbox.restore());

  const names = () => svc.names();

  it("creates every connector the JAR registers, with each one's fields in `connectors`", async () => {
    const r = await provider.create(inputs);
    expect(r.id).to.equal(ID);
    expect(r.outs).to.deep.include({ connectorName: "", connectorNames: NAMES, connectorType: "" });
    expect(r.outs!.connectors.map((c) => [c.id, c.name, c.connectorType, c.modifier])).to.deep.equal([
      [`${WORKSPACE}:${NAMESPACE}:acme-kafka`, "acme-kafka", "acme-kafka", JAR],
      [`${WORKSPACE}:${NAMESPACE}:acme-upsert`, "acme-upsert", "acme-upsert", JAR],
    ]);
    expect(svc.register.firstCall.args[0]).to.deep.include({ expectedNames: NAMES });
    expect(svc.mayExistAny.callCount).to.equal(1);
  });

  describe("after an import, whose state never knew the JAR", () => {
    const imported = { ...inputs, connectorName: "", connectorNames: NAMES, jarUrl: jarUrlPlaceholder(NAMES) };

    it("reads by id alone: inputs as a program declares them, with no jarUrl, and an empty jarUrl in outputs", async () => {
      svc.platform.push(connector("acme-kafka"), connector("acme-upsert"));
      const r = await provider.read(ID);
      expect(r.id).to.equal(ID);
      expect(r.inputs).to.deep.equal({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorNames: NAMES });
      expect(r.props).to.deep.include({ jarUrl: "", connectorNames: NAMES });
    });

    it("reads 0.1's placeholder in state as no jarUrl", async () => {
      svc.platform.push(connector("acme-kafka"), connector("acme-upsert"));
      const r = await provider.read(ID, imported);
      expect(r.inputs).to.not.have.property("jarUrl");
    });

    it("updates with no jarUrl declared by one List and no write when every connector is there", async () => {
      svc.platform.push(connector("acme-kafka"), connector("acme-upsert"));
      const jarless = { ...inputs, jarUrl: undefined };
      const r = await provider.update(ID, { ...imported, jarUrl: "" }, jarless);
      expect(r.outs).to.deep.include({ jarUrl: "", connectorNames: NAMES });
      expect([svc.list.callCount, svc.register.callCount, svc.delete.callCount]).to.deep.equal([1, 0, 0]);
    });

    it("refuses, before any write, to bring back a missing connector with no jarUrl declared", async () => {
      svc.platform.push(connector("acme-kafka"));
      const e = await provider.update(ID, { ...imported, jarUrl: "" }, { ...inputs, jarUrl: undefined }).then(
        () => undefined,
        (x: Error) => x,
      );
      expect(e?.message).to.match(
        /acme-upsert is not on the platform, and no jarUrl is declared to register it from: set jarUrl .* Nothing was changed\./,
      );
      expect([svc.register.callCount, svc.delete.callCount]).to.deep.equal([0, 0]);
    });

    it("records the declared JAR with one List and no write when every connector is there", async () => {
      svc.platform.push(connector("acme-kafka"), connector("acme-upsert"));
      const r = await provider.update(ID, imported, inputs);
      expect(r.outs).to.deep.include({ jarUrl: JAR, connectorNames: NAMES });
      expect([svc.list.callCount, svc.register.callCount, svc.delete.callCount]).to.deep.equal([1, 0, 0]);
      expect(logs.join("\n")).to.contain(`recording ${JAR} as the JAR the imported connectors were registered from`);
    });

    it("counts only its own connectors: someone else's in the namespace does not stand in for a missing one", async () => {
      svc.platform.push(connector("acme-kafka"), connector("foreign"));
      await provider.update(ID, imported, inputs);
      expect(svc.register.callCount).to.equal(1);
      expect(names()).to.deep.equal(["acme-kafka", "acme-upsert", "foreign"]);
    });

    it("keeps the serialized provider in what it reports when registering the declared JAR fails", async () => {
      svc.platform.push(connector("acme-kafka"));
      svc.register.rejects(refusal("invalid-input", "InvalidJarFile"));
      const e = await failed(provider.update(ID, imported, inputs));
      expect(e.properties).to.include({ __provider: "PROVIDER" });
      // With a new contentVersion too: an update of the set, whose failed restore reports the old state.
      const f = await failed(provider.update(ID, imported, { ...inputs, contentVersion: "v2" }));
      expect(f.facts).to.deep.include({ phase: "register-new" });
      expect(f.properties).to.include({ __provider: "PROVIDER", jarUrl: JAR });
    });

    it("records the declared JAR in what it keeps when removing the one there fails", async () => {
      svc.platform.push(connector("acme-kafka"));
      svc.delete.rejects(new WriteFailure("no", new Error("refused"), 1));
      const e = await failed(provider.update(ID, imported, inputs));
      expect(e.properties).to.include({ jarUrl: JAR, workspaceId: WORKSPACE });
    });

    it("registers the declared JAR when one of them is missing, never the placeholder", async () => {
      svc.platform.push(connector("acme-kafka"));
      const r = await provider.update(ID, imported, inputs);
      expect(r.outs).to.deep.include({ jarUrl: JAR });
      expect(names()).to.deep.equal(NAMES);
      expect(svc.register.getCalls().map((c) => c.args[0].jarUrl)).to.deep.equal([JAR]);
    });
  });

  it("removes everything a JAR of another set registered, and says the JAR's actual names", async () => {
    svc.jars[JAR] = ["acme-kafka", "acme-extra"];
    const e = await failed(provider.create(inputs));
    expect(e.facts).to.deep.include({ phase: "verify-name", newConnector: "absent" });
    expect(e.message).to.contain(
      'The JAR registers "acme-extra", "acme-kafka", not "acme-kafka", "acme-upsert". Declare what it registers (connectorNames: ["acme-extra", "acme-kafka"])',
    );
    expect(names()).to.deep.equal([]);
    expect(e.id).to.equal(undefined);
  });

  it("refuses when one of them exists, naming it, with each connector's facts", async () => {
    svc.platform.push(connector("acme-upsert"));
    const e = await failed(provider.create(inputs));
    expect(e.facts).to.deep.include({
      operation: "create",
      phase: "check-existing",
      oldConnector: "partial",
      newConnector: "absent",
      causeCode: "UnmanagedConnectorExists",
    });
    expect(e.facts.connectors).to.deep.equal({ "acme-kafka": { old: "absent" }, "acme-upsert": { old: "present" } });
    expect(e.message).to.match(/Connector "acme-upsert" already exists.*adoptExisting: true/s);
    expect(svc.register.callCount).to.equal(0);
  });

  it("adopts all of them without registering, and brings back a missing one by registering the JAR again", async () => {
    svc.platform.push(connector("acme-upsert"), connector("acme-kafka"));
    const all = await provider.create({ ...inputs, adoptExisting: true });
    expect(all.outs!.connectors).to.have.length(2);
    expect(svc.register.callCount + svc.delete.callCount).to.equal(0);
    svc.platform = [connector("acme-upsert", { creatorName: "console" })];
    const some = await provider.create({ ...inputs, adoptExisting: true });
    expect(svc.delete.firstCall.args[0]).to.deep.include({ connectorName: "acme-upsert" });
    expect(svc.register.callCount).to.equal(1);
    expect(some.outs!.connectors.map((c) => c.name)).to.deep.equal(NAMES);
    expect(names()).to.deep.equal(NAMES);
  });

  it("says the ones it removed to register the JAR again are gone, and keeps nothing in state, when that registration fails", async () => {
    const created = await provider.create(inputs);
    svc.platform = svc.platform.filter((c) => c.name !== "acme-upsert");
    svc.register.rejects(refusal("invalid-input", "InvalidJarFile"));
    const e = await failed(provider.update(ID, created.outs!, { ...inputs, connectorNames: NAMES }));
    expect(e.facts).to.deep.include({ phase: "register", oldConnector: "absent", newConnector: "absent" });
    expect(names()).to.deep.equal([]);
    expect(e.id).to.equal(ID);
    expect(e.properties?.connectors).to.deep.equal([]);
  });

  it("recognises a refusal whose code it does not know by looking, once (answers as the SDK docs show them)", async () => {
    svc.mayExistAny.resolves([]);
    svc.platform.push(connector("acme-kafka"));
    svc.register.rejects(refusal("unknown", "990402"));
    const e = await failed(provider.create(inputs));
    expect(e.facts).to.deep.include({ phase: "check-existing", causeCode: "UnmanagedConnectorExists" });
    expect(svc.list.callCount).to.equal(1);
    svc.platform = [];
    const plain = await failed(provider.create(inputs));
    expect(plain.facts).to.deep.include({ phase: "register", newConnector: "absent", causeCode: "990402" });
  });

  it("does not look after a lost answer, nor after a mismatch; keeps tracking what may exist", async () => {
    svc.register.rejects(new WriteFailure("unknown", new Error("lost"), 2));
    const lost = await failed(provider.create(inputs));
    expect(lost.facts).to.deep.include({ phase: "register", newConnector: "unknown" });
    expect(lost.facts.connectors).to.deep.equal({ "acme-kafka": { new: "unknown" }, "acme-upsert": { new: "unknown" } });
    expect(lost.id).to.equal(ID);
    expect(lost.properties?.connectors).to.deep.equal([]);
    expect(svc.list.callCount).to.equal(0);
    svc.register.reset();
    svc.register.resolves({ connectors: [connector("acme-kafka")], via: "answer", attempts: 1 });
    await failed(provider.create(inputs));
    expect(svc.list.callCount).to.equal(0);
  });

  it("takes a refusal for the refusal it is when only other connectors are there", async () => {
    svc.mayExistAny.resolves([]);
    svc.platform.push(connector("someone-elses"));
    svc.register.rejects(refusal("unknown", "990402"));
    const e = await failed(provider.create(inputs));
    expect(e.facts).to.deep.include({ phase: "register", newConnector: "absent", causeCode: "990402" });
    expect(e.facts.causeCode).to.not.equal("UnmanagedConnectorExists");
  });

  it("names what it could not remove after a mismatch, and tracks only declared connectors it left", async () => {
    svc.jars[JAR] = ["acme-kafka", "acme-extra"];
    svc.delete.callsFake(async (r: { connectorName: string }) => {
      if (r.connectorName === "acme-extra") throw refusal("auth", "Forbidden.RAM");
      svc.platform = svc.platform.filter((c) => c.name !== r.connectorName);
      return { existed: true, tables: [], via: "answer", attempts: 1 };
    });
    const e = await failed(provider.create(inputs));
    expect(e.facts).to.deep.include({ phase: "verify-name", newConnector: "absent" });
    expect(e.facts.connectors).to.deep.equal({ "acme-kafka": { new: "absent" }, "acme-upsert": { new: "absent" } });
    expect(e.message).to.match(/could not be removed and must be deleted in the Flink console: acme-extra \(/);
    expect(e.id).to.equal(undefined);
    expect(e.facts.tables).to.equal(undefined);
  });

  it("tracks a declared connector it registered and could not remove after a mismatch", async () => {
    svc.jars[JAR] = ["acme-kafka", "acme-extra"];
    svc.delete.callsFake(async (r: { connectorName: string }) => {
      if (r.connectorName === "acme-kafka") throw refusal("auth", "Forbidden.RAM");
      svc.platform = svc.platform.filter((c) => c.name !== r.connectorName);
      return { existed: true, tables: [], via: "answer", attempts: 1 };
    });
    const e = await failed(provider.create(inputs));
    expect(e.facts).to.deep.include({ newConnector: "partial" });
    expect(e.facts.connectors).to.deep.equal({ "acme-kafka": { new: "present" }, "acme-upsert": { new: "absent" } });
    expect(e.id).to.equal(ID);
    expect((e.properties?.connectors as Array<{ name: string }>).map((c) => c.name)).to.deep.equal(["acme-kafka"]);
    expect(e.message).to.not.contain("What it registered was removed again");
  });

  it("reads only the connectors of its JAR, and says nothing when all are there", async () => {
    const created = await provider.create(inputs);
    svc.platform.push(connector("unrelated"));
    logs.length = 0;
    const r = await provider.read(ID, created.outs);
    expect(r.props?.connectors.map((c) => c.name)).to.deep.equal(NAMES);
    expect(logs).to.deep.equal([]);
  });

  it("deletes by the state's names, and refuses a malformed id without names to fall back on", async () => {
    const created = await provider.create(inputs);
    await provider.delete("not-an-id", created.outs);
    expect(names()).to.deep.equal([]);
    const e = await provider.delete("not-an-id", {}).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e?.message).to.match(/<workspaceId>:<namespaceName>:<connectorName>/);
  });

  it("does not look after a refusal that says nothing about connectors", async () => {
    svc.register.rejects(refusal("auth", "Forbidden.RAM"));
    await failed(provider.create(inputs));
    expect(svc.list.callCount).to.equal(0);
  });

  it("notices on refresh that one was deleted out of band; the next up registers the JAR again", async () => {
    const created = await provider.create(inputs);
    svc.platform = svc.platform.filter((c) => c.name !== "acme-upsert");
    const read = await provider.read(ID, created.outs);
    expect(read.id).to.equal(ID);
    expect(read.props?.connectors.map((c) => c.name)).to.deep.equal(["acme-kafka"]);
    expect(logs.join("\n")).to.contain("acme-upsert is not on the platform; the next `pulumi up` registers the JAR again");
    expect((await provider.diff(ID, read.props!, { ...inputs, connectorNames: NAMES })).changes).to.equal(true);
    const up = await provider.update(ID, read.props!, { ...inputs, connectorNames: NAMES });
    expect(up.outs!.connectors.map((c) => c.name)).to.deep.equal(NAMES);
    expect(svc.delete.firstCall.args[0]).to.deep.include({ connectorName: "acme-kafka" });
    expect(names()).to.deep.equal(NAMES);
  });

  it("drops the resource on refresh only when every connector is gone", async () => {
    const created = await provider.create(inputs);
    svc.platform = [];
    expect((await provider.read(ID, created.outs)).id).to.equal("");
  });

  it("imports by id alone", async () => {
    svc.platform.push(connector("acme-kafka"), connector("acme-upsert"), connector("other"));
    const r = await provider.read(ID, {});
    expect(r.props?.connectorNames).to.deep.equal(NAMES);
    expect(r.inputs).to.deep.equal({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorNames: NAMES });
  });

  it("re-registers the set on a JAR change, and reports the catalog tables each deleted connector had", async () => {
    const created = await provider.create(inputs);
    svc.tables["acme-kafka"] = [{ catalogName: "vvp", databaseName: "default", tableName: "orders" }];
    const r = await provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 });
    expect(r.outs!.connectors.map((c) => c.modifier)).to.deep.equal([JAR_V2, JAR_V2]);
    expect(logs.join("\n")).to.contain(`deleted ${WORKSPACE}:${NAMESPACE}:acme-kafka; catalog tables created with it: vvp.default.orders`);
  });

  it("restores the previous JAR's connectors when the new JAR is refused, with the tables in the facts", async () => {
    const created = await provider.create(inputs);
    svc.tables["acme-upsert"] = [{ catalogName: "vvp", databaseName: "default", tableName: "upserts" }];
    svc.register.onSecondCall().rejects(refusal("invalid-input", "InvalidJarFile"));
    const e = await failed(provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 }));
    expect(e.facts).to.deep.include({
      phase: "register-new",
      oldConnector: "present",
      newConnector: "absent",
      restored: true,
      tables: ["vvp.default.upserts"],
    });
    expect(e.message).to.contain("Catalog tables created with the deleted connectors: vvp.default.upserts.");
    expect(names()).to.deep.equal(NAMES);
    expect((e.properties?.connectors as Array<{ name: string }>).map((c) => c.name)).to.deep.equal(NAMES);
    expect(e.facts.connectors).to.deep.equal({
      "acme-kafka": { old: "present", new: "absent" },
      "acme-upsert": { old: "present", new: "absent" },
    });
  });

  it("reports a half-deleted set per connector, keeping in state only what may be left", async () => {
    const created = await provider.create(inputs);
    svc.delete.callsFake(async (r: { connectorName: string }) => {
      if (r.connectorName === "acme-upsert") throw refusal("auth", "Forbidden.RAM");
      svc.platform = svc.platform.filter((c) => c.name !== r.connectorName);
      return { existed: true, tables: [], via: "answer", attempts: 1 };
    });
    const e = await failed(provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 }));
    expect(e.facts).to.deep.include({ phase: "delete-old", oldConnector: "partial" });
    expect(e.facts.connectors).to.deep.equal({ "acme-kafka": { old: "absent" }, "acme-upsert": { old: "present" } });
    expect(e.facts).to.not.have.property("tables"); // only connectors that were deleted had tables to report
    expect(e.message).to.match(/previous registration: partial \(acme-kafka: absent, acme-upsert: present\)/);
    expect(e.id).to.equal(ID);
    expect((e.properties?.connectors as Array<{ name: string }>).map((c) => c.name)).to.deep.equal(["acme-upsert"]);
    expect(svc.register.callCount).to.equal(1);
  });

  describe("the lifecycle's other paths", () => {
    it("logs an adoption, one connector or several", async () => {
      svc.platform.push(connector("acme-upsert"), connector("acme-kafka"));
      await provider.create({ ...inputs, adoptExisting: true });
      expect(logs).to.include(`[alicloud-flink] adopted existing connectors ${ID}`);
      expect(logs).to.not.include(`[alicloud-flink] adopted existing connector ${ID}`);
    });

    it("brings back a missing one with a log line that names the ones there", async () => {
      svc.platform.push(connector("acme-upsert"));
      await provider.create({ ...inputs, adoptExisting: true });
      expect(logs).to.include(
        `[alicloud-flink] adopting ${ID}: acme-upsert exist and the others do not; registering the JAR again to bring them back`,
      );
    });

    it("keeps tracking the ones it could not remove to register the JAR again", async () => {
      svc.platform.push(connector("acme-upsert"));
      svc.delete.rejects(
        new WriteFailure(
          "no",
          new FlinkApiError({
            operation: "DeleteCustomConnector",
            workspaceId: WORKSPACE,
            namespaceName: NAMESPACE,
            code: "Forbidden.RAM",
            detail: "d",
            kind: "auth",
            retryable: false,
            outcomeUnknown: false,
          }),
          1,
        ),
      );
      const e = await failed(provider.create({ ...inputs, adoptExisting: true }));
      expect(e.facts).to.deep.include({
        operation: "create",
        phase: "delete-old",
        oldConnector: "partial",
        newConnector: "absent",
        causeCode: "Forbidden.RAM",
      });
      expect(e.facts.connectors).to.deep.equal({ "acme-kafka": { old: "absent" }, "acme-upsert": { old: "present" } });
      expect(e.id).to.equal(ID);
      expect((e.properties?.connectors as Array<{ name: string }>).map((c) => c.name)).to.deep.equal(["acme-upsert"]);
      expect(svc.register.callCount).to.equal(0);
    });

    it("tracks nothing when the JAR cannot be registered again after removing the ones there", async () => {
      svc.platform.push(connector("acme-upsert"));
      svc.register.rejects(refusal("invalid-input", "InvalidJarFile"));
      const e = await failed(provider.create({ ...inputs, adoptExisting: true }));
      expect(e.facts).to.deep.include({ phase: "register", oldConnector: "absent", newConnector: "absent" });
      expect(e.id).to.equal(ID);
      expect(e.properties?.connectors).to.deep.equal([]);
    });

    it("keeps the state as it was when no connector of the set could be removed for an update", async () => {
      const created = await provider.create(inputs);
      svc.delete.rejects(new WriteFailure("no", new Error("refused"), 1));
      const e = await failed(provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 }));
      expect(e.facts).to.deep.include({ phase: "delete-old", oldConnector: "present" });
      expect(e).to.not.have.property("id");
    });

    it("reconciles an unchanged set: nothing when all are there, registers when none are, says which are missing", async () => {
      const created = await provider.create(inputs);
      svc.register.resetHistory();
      expect((await provider.update(ID, created.outs!, inputs)).outs!.connectorNames).to.deep.equal(NAMES);
      expect(svc.register.callCount).to.equal(0);
      svc.platform = [];
      await provider.update(ID, created.outs!, inputs);
      expect(logs).to.include(`[alicloud-flink] ${ID} is not on the platform; registering ${JAR}`);
      svc.platform = svc.platform.filter((c) => c.name !== "acme-kafka");
      await provider.update(ID, created.outs!, inputs);
      expect(logs).to.include(`[alicloud-flink] acme-kafka of ${ID} is not on the platform; registering ${JAR} again`);
      expect(names()).to.deep.equal(NAMES);
    });

    it("says an unchanged set's check could not tell what is there when List fails", async () => {
      const created = await provider.create(inputs);
      svc.list.rejects(new Error("List down"));
      const e = await failed(provider.update(ID, created.outs!, inputs));
      expect(e.facts).to.deep.include({ operation: "update", phase: "check-existing", newConnector: "unknown" });
    });

    it("calls both registrations unknown when the restore is refused and List cannot be read", async () => {
      const created = await provider.create(inputs);
      svc.register.callsFake(async (a: { jarUrl: string }) => {
        throw refusal(a.jarUrl === JAR_V2 ? "invalid-input" : "unknown", a.jarUrl === JAR_V2 ? "InvalidJarFile" : "990301");
      });
      svc.list.rejects(new Error("List down"));
      const e = await failed(provider.update(ID, { ...created.outs!, __provider: "PROVIDER" }, { ...inputs, jarUrl: JAR_V2 }));
      expect(e.facts).to.deep.include({ restored: "unknown", oldConnector: "unknown", newConnector: "unknown" });
      expect(e.facts.connectors).to.deep.equal({
        "acme-kafka": { old: "unknown", new: "unknown" },
        "acme-upsert": { old: "unknown", new: "unknown" },
      });
      // The state goes back to the old JAR's inputs, claiming no connector.
      expect(e.properties).to.deep.include({ jarUrl: JAR, connectors: [], __provider: "PROVIDER" });
    });

    it("does not look after a restore whose answer was lost: both registrations are unknown", async () => {
      const created = await provider.create(inputs);
      svc.register.callsFake(async (a: { jarUrl: string }) => {
        if (a.jarUrl === JAR_V2) throw refusal("invalid-input", "InvalidJarFile");
        throw new WriteFailure("unknown", new Error("lost"), 2);
      });
      svc.list.resetHistory();
      const e = await failed(provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 }));
      expect(e.facts).to.deep.include({ restored: "unknown", oldConnector: "unknown", newConnector: "absent" });
      expect(svc.list.callCount).to.equal(0);
    });
  });

  describe("a JAR of three connectors, two of them there", () => {
    const JAR3 = "oss://flink-bkt/connectors/acme-three-1.0.jar";
    const THREE = ["a", "b", "c"];
    const three = { ...inputs, connectorNames: THREE, jarUrl: JAR3 };
    const ID3 = `${WORKSPACE}:${NAMESPACE}:a,b,c`;
    beforeEach(() => {
      svc.jars[JAR3] = THREE;
      svc.platform.push(connector("a"), connector("b"));
    });

    it("keeps tracking the one it could not remove to bring the third back, and registers nothing", async () => {
      svc.delete.callsFake(async (r: { connectorName: string }) => {
        if (r.connectorName === "b") throw new WriteFailure("no", new Error("refused"), 1);
        svc.platform = svc.platform.filter((c) => c.name !== r.connectorName);
        return { existed: true, tables: [], via: "answer", attempts: 1 };
      });
      const e = await failed(provider.create({ ...three, adoptExisting: true }));
      expect(e.facts).to.deep.include({ phase: "delete-old", oldConnector: "partial" });
      expect(e.facts.connectors).to.deep.equal({ a: { old: "absent" }, b: { old: "present" }, c: { old: "absent" } });
      expect((e.properties?.connectors as Array<{ name: string }>).map((c) => c.name)).to.deep.equal(["b"]);
      expect(svc.register.callCount).to.equal(0);
    });

    it("names only the missing one when it reconciles an unchanged set", async () => {
      await provider.update(ID3, { ...three, connectors: [] }, three);
      expect(logs).to.include(`[alicloud-flink] c of ${ID3} is not on the platform; registering ${JAR3} again`);
      expect(names()).to.deep.equal(THREE);
    });

    it("says a reconcile's registration failed at register", async () => {
      svc.platform = [];
      svc.register.rejects(refusal("invalid-input", "InvalidJarFile"));
      const e = await failed(provider.update(ID3, { ...three, connectors: [] }, three));
      expect(e.facts).to.deep.include({ operation: "update", phase: "register" });
    });
  });

  it("keeps tracking what a mismatched JAR left while bringing a set back, not just nothing", async () => {
    svc.platform.push(connector("acme-upsert"));
    svc.jars[JAR] = ["acme-kafka", "acme-upsert", "extra"];
    svc.delete.callsFake(async (r: { connectorName: string }) => {
      if (r.connectorName === "acme-kafka") throw new WriteFailure("no", new Error("refused"), 1);
      svc.platform = svc.platform.filter((c) => c.name !== r.connectorName);
      return { existed: true, tables: [], via: "answer", attempts: 1 };
    });
    const e = await failed(provider.create({ ...inputs, adoptExisting: true }));
    expect(e.facts).to.deep.include({ phase: "verify-name" });
    expect((e.properties?.connectors as Array<{ name: string }>).map((c) => c.name)).to.deep.equal(["acme-kafka"]);
  });

  describe("restoring the previous JAR", () => {
    it("reports a restore refused without an API error as nothing restored, each connector absent", async () => {
      const created = await provider.create(inputs);
      svc.register.callsFake(async (a: { jarUrl: string }) => {
        if (a.jarUrl === JAR_V2) throw refusal("invalid-input", "InvalidJarFile");
        throw new WriteFailure("no", new Error("refused"), 1);
      });
      const e = await failed(provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 }));
      expect(e.facts).to.deep.include({ restored: false, oldConnector: "absent", newConnector: "absent" });
      expect(e.facts.connectors).to.deep.equal({
        "acme-kafka": { old: "absent", new: "absent" },
        "acme-upsert": { old: "absent", new: "absent" },
      });
    });

    // Before: the stray was neither removed nor tracked (an orphan on the platform), and the name
    // Register's answer proved absent was reported unknown.
    it("verifies the restore: removes a connector the previous JAR registers now but did not before, and calls a name its answer left out absent", async () => {
      const created = await provider.create(inputs);
      svc.register.callsFake(async (a: { jarUrl: string }) => {
        if (a.jarUrl === JAR_V2) throw refusal("invalid-input", "InvalidJarFile");
        const made = [connector("acme-kafka"), connector("stray")];
        svc.platform.push(...made);
        return { connectors: made, via: "answer", attempts: 1 };
      });
      const e = await failed(provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 }));
      expect(e.facts).to.deep.include({ restored: true, oldConnector: "partial", strays: { removed: ["stray"], left: [] } });
      expect(e.facts.connectors).to.deep.equal({
        "acme-kafka": { old: "present", new: "absent" },
        "acme-upsert": { old: "absent", new: "absent" },
      });
      expect((e.properties?.connectors as Array<{ name: string }>).map((c) => c.name)).to.deep.equal(["acme-kafka"]);
      expect(names()).to.deep.equal(["acme-kafka"]);
      expect(e.message).to.contain("The previous JAR also registered stray, which it did not before").and.contain("removed again");
    });

    it("reports a stray of the restore it could not remove, naming it for the console", async () => {
      const created = await provider.create(inputs);
      svc.register.callsFake(async (a: { jarUrl: string }) => {
        if (a.jarUrl === JAR_V2) throw refusal("invalid-input", "InvalidJarFile");
        const made = [connector("acme-kafka"), connector("acme-upsert"), connector("stray")];
        svc.platform.push(...made);
        return { connectors: made, via: "answer", attempts: 1 };
      });
      svc.delete.callsFake(async (r: { connectorName: string }) => {
        if (r.connectorName === "stray") throw new WriteFailure("no", new Error("refused"), 1);
        svc.platform = svc.platform.filter((c) => c.name !== r.connectorName);
        return { existed: true, tables: [], via: "answer", attempts: 1 };
      });
      const e = await failed(provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 }));
      expect(e.facts).to.deep.include({ restored: true, oldConnector: "present", strays: { removed: [], left: ["stray"] } });
      expect(e.message).to.contain("stray could not be removed and must be deleted in the Flink console");
    });

    it("calls a name missing from a restore settled by List unknown, not absent", async () => {
      const created = await provider.create(inputs);
      svc.register.callsFake(async (a: { jarUrl: string }) => {
        if (a.jarUrl === JAR_V2) throw refusal("invalid-input", "InvalidJarFile");
        const made = [connector("acme-kafka")];
        svc.platform.push(...made);
        return { connectors: made, via: "list", attempts: 2 };
      });
      const e = await failed(provider.update(ID, created.outs!, { ...inputs, jarUrl: JAR_V2 }));
      expect(e.facts.connectors).to.deep.equal({
        "acme-kafka": { old: "present", new: "absent" },
        "acme-upsert": { old: "unknown", new: "absent" },
      });
      expect(e.facts.strays).to.equal(undefined);
    });
  });

  it("deletes every connector, and says which are left when one cannot be deleted", async () => {
    const created = await provider.create(inputs);
    svc.delete.onSecondCall().rejects(new WriteFailure("unknown", new Error("lost"), 3));
    const e = await failed(provider.delete(ID, created.outs));
    expect(e.facts).to.deep.include({ operation: "delete", oldConnector: "unknown" });
    expect(e.facts.connectors).to.deep.equal({ "acme-kafka": { old: "absent" }, "acme-upsert": { old: "unknown" } });
    expect(e.facts.cause).to.equal("lost");
    await provider.delete(ID, created.outs);
    expect(names()).to.deep.equal([]);
  });
});
