import { expect } from "chai";
import * as sinon from "sinon";
import type { Connector, ConnectorApi } from "../../lib/client/types";
import type { ErrorKind } from "../../lib/errors/classify";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { WaitTimeoutError } from "../../lib/errors/wait-timeout-error";
import { FlinkConnectorService } from "../../lib/service/connector-service";
import { JAR, NAMESPACE, WORKSPACE, connector } from "../support/fixtures";

const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };

function failure(kind: ErrorKind, code: string, opts: { retryable?: boolean; outcomeUnknown?: boolean } = {}): FlinkApiError {
  return new FlinkApiError({
    operation: "RegisterCustomConnector",
    ...ref,
    code,
    detail: "",
    kind,
    retryable: opts.retryable ?? (kind === "throttling" || kind === "transient"),
    outcomeUnknown: opts.outcomeUnknown ?? false,
  });
}

describe("FlinkConnectorService (API stubbed)", () => {
  const sandbox = sinon.createSandbox();
  let api: { register: sinon.SinonStub; list: sinon.SinonStub; delete: sinon.SinonStub };
  let service: FlinkConnectorService;
  let platform: Connector[];

  beforeEach(() => {
    platform = [];
    api = {
      register: sandbox.stub().callsFake(async () => {
        const c = connector("acme-sink");
        platform.push(c);
        return [c];
      }),
      list: sandbox.stub().callsFake(async () => [...platform]),
      delete: sandbox.stub().callsFake(async (_r, name: string) => {
        platform = platform.filter((c) => c.name !== name);
        return [];
      }),
    };
    service = new FlinkConnectorService({
      api: api as unknown as ConnectorApi,
      retry: { minDelayMs: 1, maxDelayMs: 2, jitter: false },
      waits: { intervalMs: 1, maxIntervalMs: 2, timeoutMs: 200 },
    });
  });
  afterEach(() => sandbox.restore());

  it("serves 50 concurrent gets in one namespace with one List call", async () => {
    platform = Array.from({ length: 50 }, (_, i) => connector(`c${i}`));
    const found = await Promise.all(platform.map((c) => service.get({ ...ref, connectorName: c.name })));
    expect(found.map((c) => c?.name)).to.deep.equal(platform.map((c) => c.name));
    expect(api.list.callCount).to.equal(1);
  });

  it("keeps namespaces apart", async () => {
    await Promise.all([service.list(ref), service.list({ ...ref, namespaceName: "other" })]);
    expect(api.list.callCount).to.equal(2);
  });

  it("reuses a List result until a write in the namespace invalidates it", async () => {
    await service.list(ref);
    await service.list(ref);
    expect(api.list.callCount).to.equal(1);
    platform.push(connector("x"));
    await service.delete({ ...ref, connectorName: "x" });
    const before = api.list.callCount;
    expect(await service.get({ ...ref, connectorName: "x" })).to.equal(undefined);
    expect(api.list.callCount).to.equal(before, "the confirmation List after delete fills the cache");
  });

  it("registers, waits until the connector is visible, and reports what was registered", async () => {
    api.list.onCall(1).resolves([]); // not yet visible right after register
    const r = await service.register({ ...ref, jarUrl: JAR });
    expect(r).to.deep.equal({ connectors: [connector("acme-sink")], recovered: false });
    expect(api.register.callCount).to.equal(1);
    expect(api.list.callCount).to.equal(3);
  });

  it("retries a throttled register", async () => {
    api.register.onCall(0).rejects(failure("throttling", "Throttling.User"));
    const r = await service.register({ ...ref, jarUrl: JAR });
    expect(r.recovered).to.equal(false);
    expect(api.register.callCount).to.equal(2);
  });

  it("adopts instead of registering again when a register's answer was lost but it did register", async () => {
    api.register.onCall(0).callsFake(async () => {
      platform.push(connector("acme-sink"));
      throw failure("transient", "ECONNRESET", { outcomeUnknown: true });
    });
    const r = await service.register({ ...ref, jarUrl: JAR, expectedName: "acme-sink" });
    expect(r).to.deep.equal({ connectors: [connector("acme-sink")], recovered: true });
    expect(api.register.callCount).to.equal(1);
  });

  it("registers again after an unknown outcome that did not register anything", async () => {
    api.register.onCall(0).rejects(failure("transient", "RequestTimeout", { outcomeUnknown: true }));
    const r = await service.register({ ...ref, jarUrl: JAR });
    expect(r.recovered).to.equal(false);
    expect(api.register.callCount).to.equal(2);
  });

  it("adopts when the retry hits a conflict because the lost attempt's connector was not yet listed", async () => {
    let visibleAfter = Infinity;
    api.list.callsFake(async () => (api.list.callCount >= visibleAfter ? [...platform] : []));
    api.register.onCall(0).callsFake(async () => {
      platform.push(connector("acme-sink"));
      throw failure("transient", "ECONNRESET", { outcomeUnknown: true });
    });
    api.register.onCall(1).callsFake(async () => {
      visibleAfter = api.list.callCount + 2;
      throw failure("conflict", "ConnectorTypeAlreadyExists");
    });
    const r = await service.register({ ...ref, jarUrl: JAR });
    expect(r.recovered).to.equal(true);
    expect(r.connectors.map((c) => c.name)).to.deep.equal(["acme-sink"]);
    expect(api.register.callCount).to.equal(2);
  });

  it("does not retry a conflict on a clean register", async () => {
    api.register.rejects(failure("conflict", "ConnectorTypeAlreadyExists"));
    await service.register({ ...ref, jarUrl: JAR }).then(
      () => expect.fail("should reject"),
      (e: FlinkApiError) => expect(e.kind).to.equal("conflict"),
    );
    expect(api.register.callCount).to.equal(1);
  });

  it("deletes and waits until List no longer shows the connector", async () => {
    platform.push(connector("acme-sink"));
    api.delete.callsFake(async () => []); // the platform removes it later
    api.list.onCall(0).resolves([connector("acme-sink")]);
    api.list.onCall(1).callsFake(async () => {
      platform = [];
      return [connector("acme-sink")];
    });
    const r = await service.delete({ ...ref, connectorName: "acme-sink" });
    expect(r).to.deep.equal({ existed: true, tables: [] });
    expect(api.list.callCount).to.equal(3);
  });

  it("treats a connector that is already gone as deleted", async () => {
    api.delete.rejects(failure("not-found", "ConnectorNotFound"));
    expect(await service.delete({ ...ref, connectorName: "gone" })).to.deep.equal({ existed: false, tables: [] });
  });

  it("trusts List over an unfamiliar error code when the connector is absent", async () => {
    api.delete.rejects(failure("unknown", "ConnectorIsMissingNow"));
    expect(await service.delete({ ...ref, connectorName: "gone" })).to.deep.equal({ existed: false, tables: [] });
  });

  it("reports an unfamiliar delete error when the connector is still there", async () => {
    platform.push(connector("acme-sink"));
    api.delete.rejects(failure("unknown", "ConnectorInUse"));
    await service.delete({ ...ref, connectorName: "acme-sink" }).then(
      () => expect.fail("should reject"),
      (e: FlinkApiError) => expect(e.code).to.equal("ConnectorInUse"),
    );
  });

  it("never swallows an auth error on delete", async () => {
    api.delete.rejects(failure("auth", "SignatureDoesNotMatch"));
    await service.delete({ ...ref, connectorName: "x" }).then(
      () => expect.fail("should reject"),
      (e: FlinkApiError) => expect(e.kind).to.equal("auth"),
    );
    expect(api.list.callCount).to.equal(0);
  });

  it("bounds the wait for a connector that never disappears", async () => {
    platform.push(connector("stuck"));
    api.delete.resolves([]);
    await service.delete({ ...ref, connectorName: "stuck" }).then(
      () => expect.fail("should reject"),
      (e: unknown) => expect(WaitTimeoutError.isInstance(e)).to.equal(true),
    );
  });

  it("counts API calls by operation", async () => {
    await service.register({ ...ref, jarUrl: JAR });
    expect(service.apiCalls).to.deep.equal({ RegisterCustomConnector: 1, ListCustomConnectors: 2, DeleteCustomConnector: 0 });
  });
});
