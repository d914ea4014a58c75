import { expect } from "chai";
import * as sinon from "sinon";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { WaitTimeoutError } from "../../lib/errors/wait-timeout-error";
import { FlinkConnectorProvider } from "../../lib/provider/provider";
import type { FlinkConnectorService } from "../../lib/service/connector-service";
import { JAR, JAR_V2, NAMESPACE, WORKSPACE, connector } from "../support/fixtures";

const inputs = { workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "acme-sink", jarUrl: JAR, adoptExisting: false, contentVersion: "", __provider: "PROVIDER" };
const ID = `${WORKSPACE}:${NAMESPACE}:acme-sink`;

function apiError(kind: "invalid-input" | "auth", code: string): FlinkApiError {
  return new FlinkApiError({ operation: "RegisterCustomConnector", workspaceId: WORKSPACE, namespaceName: NAMESPACE, code, detail: "d", kind, retryable: false, outcomeUnknown: false });
}

function noUndefined(v: unknown, path = "outs"): void {
  expect(v, path).to.not.equal(undefined);
  if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) noUndefined(x, `${path}.${k}`);
}

describe("FlinkConnectorProvider lifecycle (service stubbed)", () => {
  const sandbox = sinon.createSandbox();
  let svc: { get: sinon.SinonStub; register: sinon.SinonStub; delete: sinon.SinonStub; list: sinon.SinonStub };
  let provider: FlinkConnectorProvider;
  let logs: string[];

  beforeEach(() => {
    svc = { get: sandbox.stub().resolves(undefined), register: sandbox.stub(), delete: sandbox.stub().resolves({ existed: true, tables: [] }), list: sandbox.stub() };
    svc.register.callsFake(async (a: { jarUrl: string }) => ({ connectors: [connector("acme-sink", { modifier: a.jarUrl })], recovered: false }));
    logs = [];
    provider = new FlinkConnectorProvider({ serviceFor: () => svc as unknown as FlinkConnectorService, env: () => ({}), log: (l) => logs.push(l) });
  });
  afterEach(() => sandbox.restore());

  describe("create", () => {
    it("registers and returns the id and every output, with no undefined anywhere", async () => {
      const r = await provider.create(inputs);
      expect(r.id).to.equal(ID);
      expect(r.outs).to.include({ workspaceId: WORKSPACE, connectorName: "acme-sink", jarUrl: JAR, connectorType: "acme-sink", sink: true, adoptExisting: false });
      noUndefined(r.outs);
      expect(svc.register.firstCall.args[0]).to.deep.include({ jarUrl: JAR, expectedName: "acme-sink" });
    });

    it("refuses to take over an existing connector and says how to adopt it", async () => {
      svc.get.resolves(connector("acme-sink"));
      await provider.create(inputs).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/already exists.*adoptExisting: true/),
      );
      expect(svc.register.callCount).to.equal(0);
    });

    it("adopts an existing connector with adoptExisting, without registering", async () => {
      svc.get.resolves(connector("acme-sink", { creatorName: "console" }));
      const r = await provider.create({ ...inputs, adoptExisting: true });
      expect(r.outs).to.include({ creatorName: "console", adoptExisting: true });
      expect(svc.register.callCount).to.equal(0);
    });

    it("removes what a JAR registered under another name and fails clearly", async () => {
      svc.register.resolves({ connectors: [connector("other-name")], recovered: false });
      await provider.create(inputs).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/registers "other-name", not "acme-sink".*removed again/),
      );
      expect(svc.delete.firstCall.args[0]).to.deep.include({ connectorName: "other-name" });
    });

    it("reports connectors it could not remove as unmanaged", async () => {
      svc.register.resolves({ connectors: [connector("other-name")], recovered: false });
      svc.delete.rejects(apiError("auth", "Forbidden.RAM"));
      await provider.create(inputs).then(
        () => expect.fail("should reject"),
        (e: Error & { id?: string }) => {
          expect(e.message).to.match(/NOT managed by Pulumi.*other-name/);
          expect(e.id).to.equal(undefined);
        },
      );
    });

    it("keeps tracking a connector it registered but cannot remove (partial failure with id and __provider)", async () => {
      svc.register.resolves({ connectors: [connector("acme-sink"), connector("acme-extra")], recovered: false });
      svc.delete.rejects(apiError("auth", "Forbidden.RAM"));
      await provider.create(inputs).then(
        () => expect.fail("should reject"),
        (e: Error & { id?: string; properties?: Record<string, unknown> }) => {
          expect(e.id).to.equal(ID);
          expect(e.properties).to.include({ __provider: "PROVIDER", connectorName: "acme-sink" });
        },
      );
    });

    it("reports a registered-but-not-visible connector as a partial failure carrying the id", async () => {
      svc.register.rejects(new WaitTimeoutError("visible", 60000, 9));
      await provider.create(inputs).then(
        () => expect.fail("should reject"),
        (e: Error & { id?: string; properties?: Record<string, unknown> }) => {
          expect(e.id).to.equal(ID);
          expect(e.properties?.__provider).to.equal("PROVIDER");
        },
      );
    });

    it("says how to recover when the outcome of registering stayed unknown", async () => {
      svc.register.rejects(
        new FlinkApiError({ operation: "RegisterCustomConnector", workspaceId: WORKSPACE, namespaceName: NAMESPACE, code: "RequestTimeout", detail: "", kind: "transient", retryable: true, outcomeUnknown: true }),
      );
      await provider.create(inputs).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/RequestTimeout.*is unknown.*pulumi up.*adoptExisting: true/),
      );
    });

    it("passes an API failure through when nothing was registered", async () => {
      svc.register.rejects(apiError("invalid-input", "InvalidJarFile"));
      await provider.create(inputs).then(
        () => expect.fail("should reject"),
        (e: FlinkApiError) => expect(e.code).to.equal("InvalidJarFile"),
      );
    });
  });

  describe("update", () => {
    const olds = { ...inputs, connectorType: "acme-sink" };

    it("deletes, then registers the new JAR", async () => {
      const r = await provider.update(ID, olds, { ...inputs, jarUrl: JAR_V2 });
      expect(r.outs).to.include({ jarUrl: JAR_V2, modifier: JAR_V2 });
      expect(svc.delete.calledBefore(svc.register)).to.equal(true);
      expect(svc.register.callCount).to.equal(1);
    });

    it("registers the old JAR again when the new one fails, and reports both", async () => {
      svc.register.onFirstCall().rejects(apiError("invalid-input", "InvalidJarFile"));
      await provider.update(ID, olds, { ...inputs, jarUrl: JAR_V2 }).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/new JAR .*acme-sink-1\.3\.0\.jar failed: .*InvalidJarFile.*previous JAR .*acme-sink-1\.2\.0\.jar was registered again/),
      );
      expect(svc.register.secondCall.args[0]).to.deep.include({ jarUrl: JAR });
    });

    it("says plainly when the connector is absent because the restore failed too", async () => {
      svc.register.rejects(apiError("invalid-input", "JarFileNotAccessible"));
      await provider.update(ID, olds, { ...inputs, jarUrl: JAR_V2 }).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/now ABSENT.*new JAR.*failed.*previous JAR.*also failed.*pulumi up/),
      );
    });

    it("says the old JAR is back but not yet visible when the restore's wait runs out", async () => {
      svc.register.onFirstCall().rejects(apiError("invalid-input", "InvalidJarFile"));
      svc.register.onSecondCall().rejects(new WaitTimeoutError("visible", 60000, 9));
      await provider.update(ID, olds, { ...inputs, jarUrl: JAR_V2 }).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/registered again but is not visible yet.*pulumi refresh/),
      );
    });

    it("changes nothing when removing the old registration fails", async () => {
      svc.delete.rejects(apiError("auth", "Forbidden.RAM"));
      await provider.update(ID, olds, { ...inputs, jarUrl: JAR_V2 }).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/failed before anything changed.*Forbidden.RAM/),
      );
      expect(svc.register.callCount).to.equal(0);
    });

    it("restores the old JAR when the new JAR registers a connector of another name", async () => {
      svc.register.onFirstCall().resolves({ connectors: [connector("renamed")], recovered: false });
      await provider.update(ID, olds, { ...inputs, jarUrl: JAR_V2 }).then(
        () => expect.fail("should reject"),
        (e: Error) => expect(e.message).to.match(/registers "renamed".*was registered again/),
      );
      expect(svc.delete.secondCall.args[0]).to.deep.include({ connectorName: "renamed" });
      expect(svc.register.secondCall.args[0]).to.deep.include({ jarUrl: JAR });
    });
  });

  describe("read", () => {
    it("returns outputs that follow the platform, and the inputs for the next diff", async () => {
      svc.get.resolves(connector("acme-sink", { modifierName: "someone-else", lookup: true }));
      const r = await provider.read(ID, { ...inputs, connectorType: "acme-sink", lookup: false });
      expect(r.id).to.equal(ID);
      expect(r.props).to.include({ modifierName: "someone-else", lookup: true, jarUrl: JAR });
      expect(r.inputs).to.deep.equal({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "acme-sink", jarUrl: JAR, adoptExisting: false, contentVersion: "" });
      noUndefined(r.props);
    });

    it("reports a connector deleted out of band as gone (empty id)", async () => {
      expect((await provider.read(ID, inputs)).id).to.equal("");
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
      expect(svc.delete.firstCall.args[0]).to.deep.include({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "acme-sink" });
    });
  });

  it("diff ignores __provider", async () => {
    expect(await provider.diff(ID, { ...inputs, __provider: "a" }, { ...inputs, __provider: "b" })).to.deep.include({ changes: false });
  });

  it("check fails before any API call", async () => {
    const r = await provider.check({}, { ...inputs, jarUrl: "ftp://x/y.jar" });
    expect(r.failures).to.have.length(1);
    expect(svc.get.callCount + svc.register.callCount).to.equal(0);
  });
});
