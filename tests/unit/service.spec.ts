import { expect } from "chai";
import * as sinon from "sinon";
import { VervericaConnectorClient } from "../../lib/client/connector-client";
import type { Connector, ConnectorApi } from "../../lib/model/connector";
import type { ErrorKind } from "../../lib/errors/classify";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { WriteFailure } from "../../lib/errors/write-failure";
import { FlinkConnectorService } from "../../lib/service/connector-service";
import { JAR, NAMESPACE, WORKSPACE, connector } from "../support/fixtures";
import { idleClock } from "../support/idle-clock";

const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };
const reg = { ...ref, jarUrl: JAR, expectedName: "acme-sink" };
const TIMEOUT_MS = 60;

function failure(
  kind: ErrorKind,
  code: string,
  opts: { retryable?: boolean; outcomeUnknown?: boolean; timedOut?: boolean } = {},
): FlinkApiError {
  return new FlinkApiError({
    operation: "RegisterCustomConnector",
    ...ref,
    code,
    detail: "",
    kind,
    retryable: opts.retryable ?? (kind === "throttling" || kind === "transient"),
    outcomeUnknown: opts.outcomeUnknown ?? false,
    timedOut: opts.timedOut ?? false,
  });
}
const lostTimeout = (): FlinkApiError => failure("transient", "RequestTimeout", { outcomeUnknown: true, timedOut: true });
const lostReset = (): FlinkApiError => failure("transient", "ECONNRESET", { outcomeUnknown: true });

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail("should reject"),
    (e: unknown) => e,
  );
}

describe("FlinkConnectorService (API stubbed)", () => {
  const sandbox = sinon.createSandbox();
  let api: { register: sinon.SinonStub; list: sinon.SinonStub; delete: sinon.SinonStub };
  let service: FlinkConnectorService;
  let platform: Connector[];
  let logs: string[];
  let time: ReturnType<typeof idleClock>;

  beforeEach(() => {
    time = idleClock();
    platform = [];
    logs = [];
    api = {
      register: sandbox.stub().callsFake(async () => {
        const c = connector("acme-sink");
        platform.push(c);
        return [c];
      }),
      list: sandbox.stub().callsFake(async () => [...platform]),
      delete: sandbox.stub().callsFake(async (_r, name: string) => {
        const had = platform.some((c) => c.name === name);
        if (!had) throw failure("not-found", "ConnectorNotFound");
        platform = platform.filter((c) => c.name !== name);
        return [];
      }),
    };
    service = new FlinkConnectorService({
      api: api as unknown as ConnectorApi,
      retry: { minDelayMs: 1, maxDelayMs: 2, jitter: false },
      waits: { intervalMs: 5, maxIntervalMs: 10, timeoutMs: 200 },
      timeouts: { readMs: TIMEOUT_MS, registerReadMs: TIMEOUT_MS },
      listBatchWindowMs: 1,
      log: (l) => logs.push(l),
    });
  });
  afterEach(() => {
    time.restore();
    sandbox.restore();
  });

  describe("reads", () => {
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

    it("never answers a read with a List that started before the read was asked", async () => {
      let release!: () => void;
      api.list.onCall(0).callsFake(async () => {
        const snapshot = [...platform];
        await new Promise<void>((r) => (release = r));
        return snapshot;
      });
      platform = [connector("x")];
      const first = service.get({ ...ref, connectorName: "x" });
      await new Promise((r) => setTimeout(r, 10)); // the first List is in flight
      platform = []; // deleted out of band
      const second = service.get({ ...ref, connectorName: "x" });
      release();
      expect(await first).to.not.equal(undefined);
      expect(await second).to.equal(undefined);
      expect(api.list.callCount).to.equal(2);
    });

    it("answers create's takeover check 'absent' from a recent List, and confirms 'present' with a new one", async () => {
      platform = [connector("x")];
      await service.list(ref);
      expect(await service.mayExist({ ...ref, connectorName: "acme-sink" })).to.equal(undefined);
      expect(api.list.callCount).to.equal(1);
      platform = [];
      expect(await service.mayExist({ ...ref, connectorName: "x" })).to.equal(undefined, "deleted since: the new List says so");
      expect(api.list.callCount).to.equal(2);
    });

    it("does not reuse an earlier answer for a later read", async () => {
      await service.list(ref);
      await service.list(ref);
      expect(api.list.callCount).to.equal(2);
    });
  });

  describe("register", () => {
    it("takes the connector from Register's answer, with no List at all", async () => {
      const r = await service.register(reg);
      expect(r).to.deep.equal({ connectors: [connector("acme-sink")], via: "answer", attempts: 1 });
      expect(service.apiCalls).to.deep.include({ RegisterCustomConnector: 1, ListCustomConnectors: 0, DeleteCustomConnector: 0 });
    });

    it("requires the expected connector name", async () => {
      await rejection(service.register({ ...ref, jarUrl: JAR })).then((e) => expect(e).to.be.instanceOf(TypeError));
      expect(api.register.callCount).to.equal(0);
    });

    it("polls List only when a successful answer does not name the connector", async () => {
      api.register.callsFake(async () => {
        setTimeout(() => platform.push(connector("acme-sink")), 15);
        return [];
      });
      const r = await service.register(reg);
      expect(r.via).to.equal("list");
      expect(api.list.callCount).to.be.greaterThan(0);
    });

    it("retries a throttled register", async () => {
      api.register.onCall(0).rejects(failure("throttling", "Throttling.User"));
      const r = await service.register(reg);
      expect(r).to.deep.include({ via: "answer", attempts: 2 });
      expect(api.register.callCount).to.equal(2);
    });

    it("adopts instead of registering again when a register's answer was lost but it did register", async () => {
      api.register.onCall(0).callsFake(async () => {
        platform.push(connector("acme-sink"));
        throw lostReset();
      });
      const r = await service.register(reg);
      expect(r).to.deep.equal({ connectors: [connector("acme-sink")], via: "list", attempts: 1 });
      expect(api.register.callCount).to.equal(1);
      expect(logs.join("\n")).to.match(/not registering again/);
    });

    it("waits for a timed-out register held by the service instead of sending it again", async () => {
      api.register.onCall(0).callsFake(async () => {
        setTimeout(() => platform.push(connector("acme-sink")), TIMEOUT_MS / 2); // carried out late
        throw lostTimeout();
      });
      const r = await service.register(reg);
      expect(r.via).to.equal("list");
      expect(api.register.callCount).to.equal(1);
    });

    it("sends again only once a lost register's window has passed with nothing registered", async () => {
      api.register.onCall(0).rejects(lostTimeout());
      const t0 = Date.now();
      const r = await service.register(reg);
      expect(r).to.deep.include({ via: "answer", attempts: 2 });
      expect(Date.now() - t0).to.be.at.least(TIMEOUT_MS - 5);
      expect(api.list.callCount).to.be.at.least(1);
    });

    it("settles a conflict that follows a lost answer with List", async () => {
      api.register.onCall(0).rejects(lostReset());
      api.register.onCall(1).callsFake(async () => {
        platform.push(connector("acme-sink")); // the lost one landed after our look
        throw failure("conflict", "ConnectorTypeAlreadyExists");
      });
      const r = await service.register(reg);
      expect(r.via).to.equal("list");
      expect(api.register.callCount).to.equal(2);
    });

    it("calls a conflict that follows a lost answer unknown when List cannot settle it", async () => {
      let listBroken = false;
      api.register.callsFake(async () => {
        listBroken = true; // from here on, List cannot say whose connector conflicts
        throw failure("conflict", "ConnectorTypeAlreadyExists");
      });
      api.register.onCall(0).rejects(lostReset());
      api.list.callsFake(async () => {
        if (listBroken) throw failure("throttling", "Throttling.User");
        return [];
      });
      const e = await rejection(service.register(reg));
      expect(api.register.callCount).to.be.at.least(2);
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("unknown");
    });

    it("reports a refused register as a write that changed nothing", async () => {
      api.register.rejects(failure("conflict", "ConnectorTypeAlreadyExists"));
      const e = await rejection(service.register(reg));
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("no");
      expect(((e as Error).cause as FlinkApiError).kind).to.equal("conflict");
      expect(api.register.callCount).to.equal(1);
    });

    it("reports an unknown effect when retries are spent on lost answers and List cannot settle it", async () => {
      const svc = new FlinkConnectorService({
        api: api as unknown as ConnectorApi,
        retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1, jitter: false },
        waits: { intervalMs: 5, maxIntervalMs: 5, timeoutMs: 100 },
        timeouts: { readMs: 20, registerReadMs: 20 },
        listBatchWindowMs: 0,
      });
      api.register.rejects(lostReset());
      api.list.rejects(failure("transient", "ServiceUnavailable"));
      const e = await rejection(svc.register(reg));
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("unknown");
    });

    it("reports nothing registered when the last lost answer's window passes with nothing in List", async () => {
      const svc = new FlinkConnectorService({
        api: api as unknown as ConnectorApi,
        retry: { maxAttempts: 1 },
        waits: { intervalMs: 5, maxIntervalMs: 5, timeoutMs: 100 },
        timeouts: { readMs: 20, registerReadMs: 20 },
        listBatchWindowMs: 0,
      });
      api.register.rejects(lostTimeout());
      const e = await rejection(svc.register(reg));
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("no");
    });
  });

  describe("what it refuses before any call, and what it counts", () => {
    it("refuses a missing workspace or namespace, an empty JAR URL and empty names, with no call", async () => {
      for (const p of [
        service.list({ workspaceId: "", namespaceName: NAMESPACE }),
        service.list({ workspaceId: WORKSPACE, namespaceName: "  " }),
        service.mayExistAny({ workspaceId: WORKSPACE, namespaceName: "" }, ["a"]),
        service.register({ ...reg, jarUrl: " " }),
        service.register({ ...reg, workspaceId: undefined as unknown as string }),
        service.delete({ workspaceId: "", namespaceName: NAMESPACE, connectorName: "a" }),
      ]) {
        expect(await rejection(p)).to.be.instanceOf(TypeError);
      }
      expect(api.list.callCount + api.register.callCount + api.delete.callCount).to.equal(0);
    });

    it("counts every call it makes, and prints only the counts", async () => {
      platform.push(connector("acme-sink"));
      await service.list(ref);
      await service.delete({ ...ref, connectorName: "acme-sink" });
      expect(service.apiCalls).to.deep.equal({
        RegisterCustomConnector: 0,
        ListCustomConnectors: 1,
        DeleteCustomConnector: 1,
        GetPreSignedUrlForPutObject: 0,
        PutObject: 0,
      });
      const { inspect } = await import("node:util");
      expect(inspect(service)).to.equal(
        'FlinkConnectorService { calls: {"RegisterCustomConnector":0,"ListCustomConnectors":1,"DeleteCustomConnector":1,' +
          '"GetPreSignedUrlForPutObject":0,"PutObject":0} }',
      );
      expect(JSON.stringify(service)).to.equal(
        '{"calls":{"RegisterCustomConnector":0,"ListCustomConnectors":1,"DeleteCustomConnector":1,' +
          '"GetPreSignedUrlForPutObject":0,"PutObject":0}}',
      );
    });

    it("answers create's check for several names with only those names, and confirms any name a recent List showed", async () => {
      platform.push(connector("a"), connector("other"));
      expect((await service.mayExistAny(ref, ["a", "b"])).map((c) => c.name)).to.deep.equal(["a"]);
      expect(await service.mayExistAny(ref, ["x"])).to.deep.equal([]);
      expect(api.list.callCount).to.equal(1);
      expect((await service.mayExistAny(ref, ["b", "a"])).map((c) => c.name)).to.deep.equal(["a"]);
      expect(api.list.callCount).to.equal(2);
    });

    it("does not take someone else's connector in List for its own lost Register", async () => {
      platform.push(connector("other"));
      api.register.onCall(0).rejects(lostReset());
      const r = await service.register(reg);
      expect(r).to.deep.include({ via: "answer", attempts: 2 });
    });

    it("reports what a delete proved, tables included", async () => {
      platform.push(connector("acme-sink"));
      api.delete.onCall(0).callsFake(async () => {
        platform = [];
        return [{ catalogName: "vvp", databaseName: "db", tableName: "t" }];
      });
      expect(await service.delete({ ...ref, connectorName: "acme-sink" })).to.deep.equal({
        existed: true,
        tables: [{ catalogName: "vvp", databaseName: "db", tableName: "t" }],
        via: "answer",
        attempts: 1,
      });
      expect(await service.delete({ ...ref, connectorName: "acme-sink" })).to.deep.equal({
        existed: false,
        tables: [],
        via: "answer",
        attempts: 1,
      });
    });
  });

  describe("the windows and guards a lost answer opens", () => {
    it("trusts a List for create's check for 10 s, then asks again", async () => {
      await service.mayExist({ ...ref, connectorName: "x" });
      await service.mayExist({ ...ref, connectorName: "y" });
      expect(api.list.callCount).to.equal(1);
      const later = Date.now() + 10_001;
      sandbox.stub(Date, "now").returns(later);
      await service.mayExist({ ...ref, connectorName: "x" });
      expect(api.list.callCount).to.equal(2);
    });

    it("confirms a name the recent List did show with a new List", async () => {
      platform.push(connector("present"));
      await service.mayExist({ ...ref, connectorName: "other" });
      expect(await service.mayExist({ ...ref, connectorName: "present" })).to.deep.equal(connector("present"));
      expect(api.list.callCount).to.equal(2);
    });

    it("waits out the Register window, longer than the other requests', before sending a timed-out Register again", async () => {
      const svc = new FlinkConnectorService({
        api: api as unknown as ConnectorApi,
        retry: { minDelayMs: 1, maxDelayMs: 2, jitter: false },
        waits: { intervalMs: 5, maxIntervalMs: 10, timeoutMs: 400 },
        timeouts: { readMs: 20, registerReadMs: 150 },
        listBatchWindowMs: 1,
      });
      api.register.onCall(0).rejects(lostTimeout());
      const t0 = Date.now();
      const r = await svc.register(reg);
      expect(r).to.deep.include({ via: "answer", attempts: 2 });
      expect(Date.now() - t0).to.be.at.least(140);
    });

    it("keeps what it registered when a lost Delete's window passes with the connector still there", async () => {
      platform.push(connector("acme-sink"));
      api.delete.onCall(0).callsFake(async () => {
        platform = [];
        throw lostTimeout();
      });
      const d = await service.delete({ ...ref, connectorName: "acme-sink" });
      expect(d).to.deep.include({ existed: "unknown", via: "list" });
      const r = await service.register(reg);
      expect(r).to.deep.include({ via: "answer", attempts: 1 });
      expect(api.register.callCount).to.equal(1);
      expect(logs.join("\n")).to.not.match(/vanished/);
    });

    it("reports a Register whose retries are spent on throttling as nothing registered, with the attempts", async () => {
      const svc = new FlinkConnectorService({
        api: api as unknown as ConnectorApi,
        retry: { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 1, jitter: false },
        listBatchWindowMs: 0,
      });
      api.register.rejects(failure("throttling", "Throttling.User"));
      const e = await rejection(svc.register(reg));
      expect(WriteFailure.isInstance(e) && [e.applied, e.attempts]).to.deep.equal(["no", 3]);
      expect(api.register.callCount).to.equal(3);
      expect(api.list.callCount).to.equal(0);
    });

    it("reports a Delete whose retries are spent on 5xx answers, never sent as lost, as nothing deleted", async () => {
      const svc = new FlinkConnectorService({
        api: api as unknown as ConnectorApi,
        retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 1, jitter: false },
        listBatchWindowMs: 0,
      });
      platform.push(connector("acme-sink"));
      api.delete.rejects(failure("transient", "ServiceUnavailable"));
      const e = await rejection(svc.delete({ ...ref, connectorName: "acme-sink" }));
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("no");
      expect(api.delete.callCount).to.equal(2);
    });

    it("never takes someone else's connector, refused as a conflict without any lost answer, for its own", async () => {
      platform.push(connector("acme-sink", { creatorName: "someone-else" }));
      api.register.rejects(failure("conflict", "ConnectorTypeAlreadyExists"));
      const e = await rejection(service.register(reg));
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("no");
      expect(api.list.callCount).to.equal(0);
    });
  });

  describe("every path a lost answer can take, to the fact it proves", () => {
    /** A service that gives up after `maxAttempts`, with short windows. */
    const withAttempts = (maxAttempts: number) =>
      new FlinkConnectorService({
        api: api as unknown as ConnectorApi,
        retry: { maxAttempts, minDelayMs: 1, maxDelayMs: 1, jitter: false },
        waits: { intervalMs: 5, maxIntervalMs: 10, timeoutMs: 60 },
        timeouts: { readMs: TIMEOUT_MS, registerReadMs: TIMEOUT_MS },
        listBatchWindowMs: 0,
        log: (l) => logs.push(l),
      });
    const listDown = failure("transient", "ServiceUnavailable");
    const applied = (e: unknown) => (WriteFailure.isInstance(e) ? e.applied : `not a WriteFailure: ${String(e)}`);

    it("names each refusal's operation and input", async () => {
      const cases: Array<[Promise<unknown>, RegExp]> = [
        [
          service.list({ workspaceId: undefined as unknown as string, namespaceName: NAMESPACE }),
          /^list: workspaceId must be a non-empty string, got undefined$/,
        ],
        [
          service.mayExistAny({ workspaceId: WORKSPACE, namespaceName: "" }, ["a"]),
          /^mayExist: namespaceName must be a non-empty string, got ""$/,
        ],
        [service.register({ ...reg, jarUrl: undefined as unknown as string }), /^register: jarUrl must be a non-empty string$/],
        [
          service.register({ ...ref, jarUrl: JAR, expectedNames: ["a", ""] }),
          /^register: expectedName \(or expectedNames\) must name the connectors the JAR yields$/,
        ],
        [service.register({ ...ref, jarUrl: JAR, expectedNames: ["a", 5 as unknown as string] }), /must name the connectors/],
        [service.delete({ ...ref, namespaceName: " ", connectorName: "a" }), /^delete: namespaceName must be a non-empty string/],
      ];
      for (const [p, message] of cases) expect(((await rejection(p)) as Error).message).to.match(message);
      expect(api.register.callCount + api.list.callCount + api.delete.callCount).to.equal(0);
    });

    it("logs each retry with its operation, attempt, cause and wait, and nothing else on a plain success", async () => {
      api.register.onCall(0).rejects(failure("throttling", "Throttling.User"));
      api.register.onCall(1).rejects(failure("transient", "ServiceUnavailable"));
      await service.register(reg);
      api.list.onCall(0).rejects(listDown);
      await service.list(ref);
      platform.push(connector("x"));
      api.delete.onCall(0).rejects(failure("transient", "InternalError"));
      await service.delete({ ...ref, connectorName: "x" });
      expect(logs).to.deep.equal([
        "RegisterCustomConnector: attempt 1 throttled (Throttling.User); retrying in 0.0 s, 5 left",
        "RegisterCustomConnector: attempt 2 failed with ServiceUnavailable (transient); retrying in 0.0 s, 4 left",
        "RegisterCustomConnector: attempt 1 failed with ServiceUnavailable (transient); retrying in 0.0 s, 5 left",
        "RegisterCustomConnector: attempt 1 failed with InternalError (transient); retrying in 0.0 s, 5 left",
      ]);
    });

    it("says how long it waits for a lost answer, in seconds", async () => {
      api.register.onCall(0).rejects(lostTimeout());
      await service.register(reg);
      platform.push(connector("x"));
      api.delete.onCall(0).rejects(lostTimeout());
      await service.delete({ ...ref, connectorName: "x" });
      expect(logs.filter((l) => l.includes("answer was lost"))).to.deep.equal([
        "RegisterCustomConnector: the answer was lost (RequestTimeout); waiting up to 1 s for acme-sink to show in List before sending again",
        "DeleteCustomConnector: the answer was lost (RequestTimeout); waiting up to 1 s for x to leave List before sending again",
      ]);
    });

    it("register answered success with no connector: List decides, and an empty or failing List means unknown, never no", async () => {
      api.register.callsFake(async () => {
        platform.push(connector("acme-sink"));
        return [];
      });
      expect(await service.register(reg)).to.deep.include({ via: "list", attempts: 1 });
      platform = [];
      api.register.resolves([]);
      expect(applied(await rejection(service.register(reg)))).to.equal("unknown");
      api.list.rejects(listDown);
      expect(applied(await rejection(service.register(reg)))).to.equal("unknown");
      expect(api.register.callCount).to.equal(3);
    });

    it("register: after a lost answer and spent retries, List has the last word, in the lost request's window", async () => {
      const svc = withAttempts(2);
      api.register.onCall(0).rejects(lostTimeout());
      api.register.onCall(1).callsFake(async () => {
        platform.push(connector("acme-sink")); // the first request, carried out late
        throw failure("transient", "ServiceUnavailable");
      });
      expect(await svc.register(reg)).to.deep.include({ via: "list", attempts: 2 });
      expect(logs[logs.length - 1]).to.equal(
        "RegisterCustomConnector: found acme-sink registered by a request whose answer was lost (or held no connector); not registering again",
      );

      platform = [];
      api.register.reset();
      api.register.rejects(lostTimeout());
      const late = svc.register(reg);
      setTimeout(() => platform.push(connector("acme-sink")), TIMEOUT_MS / 3); // lands within the window
      expect(await late).to.deep.include({ via: "list" });

      platform = [];
      expect(applied(await rejection(svc.register(reg)))).to.equal("no"); // the window passed, List shows nothing
      api.list.rejects(listDown);
      expect(applied(await rejection(svc.register(reg)))).to.equal("unknown"); // List cannot say
    });

    it("register: a conflict after a lost answer is settled by List, whoever's request it was", async () => {
      api.register.onCall(0).rejects(lostReset());
      api.register.onCall(1).callsFake(async () => {
        platform.push(connector("acme-sink")); // ours, carried out late
        throw failure("conflict", "ConnectorTypeAlreadyExists");
      });
      expect(await service.register(reg)).to.deep.include({ via: "list", attempts: 2 });
    });

    it("register: when List fails while a lost answer is pending, the failure is List's and the outcome unknown", async () => {
      const svc = withAttempts(3);
      api.register.onCall(0).rejects(lostTimeout());
      api.list.rejects(listDown);
      const e = await rejection(svc.register(reg));
      expect(applied(e)).to.equal("unknown");
      expect(((e as WriteFailure).cause as FlinkApiError).code).to.equal("ServiceUnavailable");
      expect(api.register.callCount).to.equal(1);
    });

    it("delete: a lost answer whose Delete took effect is an unknown existence, with no tables", async () => {
      platform.push(connector("x"));
      api.delete.onCall(0).callsFake(async () => {
        platform = [];
        throw lostReset();
      });
      expect(await service.delete({ ...ref, connectorName: "x" })).to.deep.equal({
        existed: "unknown",
        tables: [],
        via: "list",
        attempts: 1,
      });
    });

    it("delete: not found after a lost answer means it may have been ours", async () => {
      platform.push(connector("x"));
      api.delete.onCall(0).rejects(lostReset());
      api.delete.onCall(1).callsFake(async () => {
        platform = [];
        throw failure("not-found", "ConnectorNotFound");
      });
      expect(await service.delete({ ...ref, connectorName: "x" })).to.deep.equal({
        existed: "unknown",
        tables: [],
        via: "answer",
        attempts: 2,
      });
    });

    it("delete: after a lost answer and spent retries, List has the last word", async () => {
      const svc = withAttempts(2);
      platform.push(connector("x"));
      api.delete.onCall(0).rejects(lostReset());
      api.delete.onCall(1).callsFake(async () => {
        platform = [];
        throw lostReset();
      });
      expect(await svc.delete({ ...ref, connectorName: "x" })).to.deep.equal({ existed: "unknown", tables: [], via: "list", attempts: 2 });

      platform.push(connector("x"));
      api.delete.reset();
      api.delete.rejects(lostReset());
      expect(applied(await rejection(svc.delete({ ...ref, connectorName: "x" })))).to.equal("no"); // still there
      api.list.rejects(listDown);
      expect(applied(await rejection(svc.delete({ ...ref, connectorName: "x" })))).to.equal("unknown"); // List cannot say
    });

    it("delete: when List fails while a lost answer is pending, the failure is List's", async () => {
      platform.push(connector("x"));
      api.delete.onCall(0).rejects(lostTimeout());
      api.list.rejects(listDown);
      const e = await rejection(service.delete({ ...ref, connectorName: "x" }));
      expect(applied(e)).to.equal("unknown");
      expect(((e as WriteFailure).cause as FlinkApiError).code).to.equal("ServiceUnavailable");
    });

    it("delete: a lost answer of a code it does not know is settled by the last look, never read as 'nothing deleted'", async () => {
      platform.push(connector("x"));
      api.delete.callsFake(async () => {
        platform = []; // it took effect; the answer was lost
        throw failure("unknown", "990399", { outcomeUnknown: true, timedOut: true });
      });
      expect(await withAttempts(1).delete({ ...ref, connectorName: "x" })).to.deep.equal({
        existed: "unknown",
        tables: [],
        via: "list",
        attempts: 1,
      });
    });

    it("delete: a code it does not know, with the connector gone in List, is nothing deleted by us", async () => {
      api.delete.rejects(failure("unknown", "990399"));
      expect(await service.delete({ ...ref, connectorName: "x" })).to.deep.equal({ existed: false, tables: [], via: "list", attempts: 1 });
    });

    it("waits for the latest lost Delete of a JAR's connectors before checking them, and never deletes another's connector", async () => {
      const two = { ...ref, jarUrl: JAR, expectedNames: ["a", "b"] };
      platform.push(connector("a"), connector("b"), connector("foreign"));
      // a: a reset (no window to wait); b: a timeout (a window), and someone else removes b at once.
      api.delete.onCall(0).callsFake(async () => {
        platform = platform.filter((c) => c.name !== "a");
        throw lostReset();
      });
      api.delete.onCall(1).callsFake(async () => {
        platform = platform.filter((c) => c.name !== "b");
        throw lostTimeout();
      });
      await service.delete({ ...ref, connectorName: "a" });
      await service.delete({ ...ref, connectorName: "b" });
      api.register.callsFake(async () => {
        platform = platform.filter((c) => c.name !== "a" && c.name !== "b");
        platform.push(connector("a"), connector("b"));
        return [connector("a"), connector("b")];
      });
      const registered = service.register(two);
      setTimeout(() => (platform = platform.filter((c) => c.name !== "b")), TIMEOUT_MS / 3); // b's held Delete lands now
      const r = await registered;
      expect(r.connectors.map((c) => c.name).sort()).to.deep.equal(["a", "b"]);
      expect(platform.map((c) => c.name).sort()).to.deep.equal(["a", "b", "foreign"]);
      expect(api.register.callCount).to.equal(2);
    });

    it("a List failing after a late Delete's window leaves a registered JAR unknown", async () => {
      platform.push(connector("acme-sink"));
      api.delete.onCall(0).callsFake(async () => {
        platform = [];
        throw lostTimeout();
      });
      await service.delete({ ...ref, connectorName: "acme-sink" });
      api.list.rejects(listDown);
      expect(applied(await rejection(service.register(reg)))).to.equal("unknown");
    });

    it("trusts create's check List for exactly less than 10 s", async () => {
      const t = Date.now();
      const now = sandbox.stub(Date, "now").returns(t);
      await service.mayExist({ ...ref, connectorName: "x" });
      now.returns(t + 9_999);
      await service.mayExist({ ...ref, connectorName: "x" });
      expect(api.list.callCount).to.equal(1);
      now.returns(t + 10_000);
      await service.mayExist({ ...ref, connectorName: "x" });
      expect(api.list.callCount).to.equal(2);
    });

    it("with one attempt, waits out a lost answer's window for List, and says unknown when List cannot say", async () => {
      const svc = withAttempts(1);
      api.register.rejects(lostTimeout());
      const late = svc.register(reg);
      setTimeout(() => platform.push(connector("acme-sink")), TIMEOUT_MS / 3);
      expect(await late).to.deep.include({ via: "list", attempts: 1 });
      platform.push(connector("x"));
      api.delete.rejects(lostTimeout());
      const gone = svc.delete({ ...ref, connectorName: "x" });
      setTimeout(() => (platform = platform.filter((c) => c.name !== "x")), TIMEOUT_MS / 3);
      expect(await gone).to.deep.equal({ existed: "unknown", tables: [], via: "list", attempts: 1 });
      platform.push(connector("x"));
      api.list.rejects(listDown);
      expect(applied(await rejection(svc.delete({ ...ref, connectorName: "x" })))).to.equal("unknown");
    });

    it("delete: a lost answer, then a plain failure with the connector still there, is nothing deleted", async () => {
      const svc = withAttempts(2);
      platform.push(connector("x"));
      api.delete.onCall(0).rejects(lostReset());
      api.delete.onCall(1).rejects(failure("transient", "ServiceUnavailable"));
      expect(applied(await rejection(svc.delete({ ...ref, connectorName: "x" })))).to.equal("no");
    });

    it("names the JAR's connectors in what it logs and refuses", async () => {
      expect(((await rejection(service.register({ ...reg, workspaceId: "" }))) as Error).message).to.match(
        /^register: workspaceId must be a non-empty string/,
      );
      api.register.resolves([]);
      const e = (await rejection(service.register({ ...ref, jarUrl: JAR, expectedNames: ["a", "b"] }))) as WriteFailure;
      expect((e.cause as Error).message).to.equal(
        'RegisterCustomConnector answered success without naming a connector, and "a, b" could not be seen in List within 200 ms',
      );
    });

    it("leaves a registered JAR unknown when it cannot remove the ones left to register it again", async () => {
      const two = { ...ref, jarUrl: JAR, expectedNames: ["a", "b"] };
      platform.push(connector("b"));
      api.delete.onCall(0).callsFake(async () => {
        platform = platform.filter((c) => c.name !== "b");
        throw lostTimeout();
      });
      await service.delete({ ...ref, connectorName: "b" });
      api.register.callsFake(async () => {
        platform.push(connector("a"), connector("b"));
        return [connector("a"), connector("b")];
      });
      const registered = service.register(two);
      setTimeout(() => (platform = platform.filter((c) => c.name !== "b")), 5); // the held Delete lands
      api.delete.rejects(failure("auth", "Forbidden.RAM"));
      expect(applied(await rejection(registered))).to.equal("unknown");
    });

    it("keeps the newest List for create's check, even one started in the same millisecond", async () => {
      sandbox.stub(Date, "now").returns(1_000_000);
      await service.list(ref); // without x
      platform.push(connector("x"));
      await service.list(ref); // with x
      expect((await service.mayExistAny(ref, ["x"])).map((c) => c.name)).to.deep.equal(["x"]);
    });
  });

  describe("register, for a JAR that registers several connectors", () => {
    const two = { ...ref, jarUrl: JAR, expectedNames: ["acme-sink", "acme-upsert"] };
    beforeEach(() => {
      api.register.callsFake(async () => {
        const made = [connector("acme-sink"), connector("acme-upsert")];
        platform.push(...made);
        return made;
      });
    });

    it("takes every connector from Register's answer", async () => {
      const r = await service.register(two);
      expect(r.connectors.map((c) => c.name)).to.deep.equal(["acme-sink", "acme-upsert"]);
      expect(api.list.callCount).to.equal(0);
    });

    it("settles a lost answer by any of the JAR's connectors showing in List, never registering twice", async () => {
      api.register.onCall(0).callsFake(async () => {
        platform.push(connector("acme-sink"), connector("acme-upsert"));
        throw lostReset();
      });
      const r = await service.register(two);
      expect(r.via).to.equal("list");
      expect(r.connectors.map((c) => c.name).sort()).to.deep.equal(["acme-sink", "acme-upsert"]);
      expect(api.register.callCount).to.equal(1);
      expect(logs).to.include(
        "RegisterCustomConnector: found acme-sink, acme-upsert registered by a request whose answer was lost (or held no connector); not registering again",
      );
    });

    it("registers the JAR again, removing the one left, when a late Delete removed one of its connectors", async () => {
      platform.push(connector("acme-upsert"));
      api.delete.onCall(0).callsFake(async () => {
        platform = platform.filter((c) => c.name !== "acme-upsert");
        throw lostTimeout();
      });
      await service.delete({ ...ref, connectorName: "acme-upsert" });
      const registered = service.register(two);
      setTimeout(() => (platform = platform.filter((c) => c.name !== "acme-upsert")), 5); // the held Delete lands now
      const r = await registered;
      expect(r.connectors.map((c) => c.name).sort()).to.deep.equal(["acme-sink", "acme-upsert"]);
      expect(platform.map((c) => c.name).sort()).to.deep.equal(["acme-sink", "acme-upsert"]);
      expect(api.delete.lastCall.args[1]).to.equal("acme-sink");
      expect(api.register.callCount).to.equal(2);
    });

    it("requires the names it must yield", async () => {
      for (const bad of [
        { ...ref, jarUrl: JAR, expectedNames: [] },
        { ...ref, jarUrl: JAR, expectedNames: [""] },
        { ...ref, jarUrl: JAR },
      ]) {
        expect(await rejection(service.register(bad))).to.be.instanceOf(TypeError);
      }
      expect(api.register.callCount).to.equal(0);
    });

    it("answers create's check for several names with one List at most", async () => {
      platform.push(connector("acme-upsert"));
      expect((await service.mayExistAny(ref, ["acme-sink", "acme-upsert"])).map((c) => c.name)).to.deep.equal(["acme-upsert"]);
      expect(await service.mayExistAny(ref, ["x", "y"])).to.deep.equal([]);
      expect(api.list.callCount).to.equal(1);
    });
  });

  describe("delete", () => {
    it("takes Delete's answer as the fact, with no List", async () => {
      platform.push(connector("acme-sink"));
      const r = await service.delete({ ...ref, connectorName: "acme-sink" });
      expect(r).to.deep.equal({ existed: true, tables: [], via: "answer", attempts: 1 });
      expect(api.list.callCount).to.equal(0);
    });

    it("treats a connector that is already gone as deleted", async () => {
      expect(await service.delete({ ...ref, connectorName: "gone" })).to.deep.include({ existed: false, via: "answer" });
    });

    it("does not send a Delete again while List shows a lost Delete took effect", async () => {
      platform.push(connector("acme-sink"));
      api.delete.onCall(0).callsFake(async () => {
        setTimeout(() => (platform = []), TIMEOUT_MS / 2); // held, carried out late
        throw lostTimeout();
      });
      const r = await service.delete({ ...ref, connectorName: "acme-sink" });
      expect(r).to.deep.include({ existed: "unknown", via: "list" });
      expect(api.delete.callCount).to.equal(1);
    });

    it("sends a Delete again once a lost one's window passed with the connector still there", async () => {
      platform.push(connector("acme-sink"));
      api.delete.onCall(0).rejects(lostTimeout());
      const r = await service.delete({ ...ref, connectorName: "acme-sink" });
      expect(r).to.deep.include({ existed: true, via: "answer", attempts: 2 });
    });

    it("registers a connector again when a lost Delete lands, within its window, after it was registered anew", async () => {
      platform.push(connector("acme-sink"));
      api.delete.onCall(0).callsFake(async () => {
        platform = []; // someone else removes it at once, so List says "gone" while our Delete is still held
        throw lostTimeout();
      });
      const d = await service.delete({ ...ref, connectorName: "acme-sink" });
      expect(d.via).to.equal("list");
      const registered = service.register(reg);
      setTimeout(() => (platform = []), 5); // the held Delete is carried out now, after the new register
      const r = await registered;
      expect(r.connectors.map((c) => c.name)).to.deep.equal(["acme-sink"]);
      expect(platform.map((c) => c.name)).to.deep.equal(["acme-sink"]);
      expect(api.register.callCount).to.equal(2);
      expect(r.attempts).to.equal(2);
      expect(logs.join("\n")).to.match(/vanished after it was registered/);
    });

    it("never reports a register that answered success as 'nothing registered' when the late-Delete check cannot List", async () => {
      platform.push(connector("acme-sink"));
      api.delete.onCall(0).callsFake(async () => {
        platform = [];
        throw lostTimeout();
      });
      await service.delete({ ...ref, connectorName: "acme-sink" });
      api.list.rejects(failure("throttling", "Throttling.User"));
      const e = await rejection(service.register(reg));
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("unknown");
      expect(api.register.callCount).to.equal(1);
    });

    it("trusts List over an unfamiliar error code when the connector is absent", async () => {
      api.delete.rejects(failure("unknown", "ConnectorIsMissingNow"));
      expect(await service.delete({ ...ref, connectorName: "gone" })).to.deep.include({ existed: false, via: "list" });
    });

    it("calls an unfamiliar delete refusal unknown when List cannot say whether the connector is gone", async () => {
      api.delete.rejects(failure("unknown", "990301"));
      api.list.rejects(failure("throttling", "Throttling.User"));
      const svc = new FlinkConnectorService({ api: api as unknown as ConnectorApi, retry: { maxAttempts: 1 }, listBatchWindowMs: 0 });
      const e = await rejection(svc.delete({ ...ref, connectorName: "acme-sink" }));
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("unknown");
    });

    it("reports an unfamiliar delete error when the connector is still there", async () => {
      platform.push(connector("acme-sink"));
      api.delete.rejects(failure("unknown", "ConnectorInUse"));
      const e = await rejection(service.delete({ ...ref, connectorName: "acme-sink" }));
      expect(WriteFailure.isInstance(e) && e.applied).to.equal("no");
      expect(((e as Error).cause as FlinkApiError).code).to.equal("ConnectorInUse");
    });

    it("never swallows an auth error on delete, and does not List", async () => {
      api.delete.rejects(failure("auth", "SignatureDoesNotMatch"));
      const e = await rejection(service.delete({ ...ref, connectorName: "x" }));
      expect(((e as Error).cause as FlinkApiError).kind).to.equal("auth");
      expect(api.list.callCount).to.equal(0);
    });
  });

  it("never shows the client or its credentials when printed", async () => {
    const { inspect } = await import("node:util");
    const options = {
      endpoint: "http://127.0.0.1:1",
      credentials: { accessKeyId: "LTAIid", accessKeySecret: "TopSecretValue123", securityToken: "StsTokenValue456" },
      env: {},
    };
    const svc = new FlinkConnectorService(options);
    const client = new VervericaConnectorClient(options);
    const shown = [
      inspect(svc, { depth: 10 }),
      JSON.stringify(svc),
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what String() shows is the point
      String(svc),
      inspect(client, { depth: 10, showHidden: true }),
      JSON.stringify(client),
    ].join("\n");
    expect(shown).to.not.contain("TopSecretValue123").and.not.contain("StsTokenValue456");
    expect(inspect(client)).to.contain("127.0.0.1:1");
  });
});
