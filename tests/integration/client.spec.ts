import { expect } from "chai";
import { createHook } from "node:async_hooks";
import { VervericaConnectorClient } from "../../lib/client/connector-client";
import type { ErrorKind } from "../../lib/errors/classify";
import { ConfigurationError } from "../../lib/errors/configuration-error";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { JAR, KEY_ID, NAMESPACE, NS_WITH_SPACE, SECRET, STS_TOKEN, WEIRD_JAR, WORKSPACE, everyText } from "../support/fixtures";

const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };

/** The example connector of the RegisterCustomConnector API reference, declared in the emulator's JAR catalog. */
const MYSQL_TEST = {
  name: "mysql-test",
  type: "mysql-test",
  source: false,
  sink: true,
  lookup: true,
  supportedFormats: ["Json"],
  dependencies: ["oss://bucket/add.jar"],
  properties: [{ key: "username", defaultValue: "userA", description: "user", required: true, definesFormat: true, sensitive: false }],
};

async function rejection(p: Promise<unknown>): Promise<FlinkApiError> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(FlinkApiError.isInstance(outcome), `expected a FlinkApiError, got ${String(outcome)}`).to.equal(true);
  return outcome as FlinkApiError;
}

describe("VervericaConnectorClient against the emulator (real HTTP)", () => {
  let emu: Emulator;
  let client: VervericaConnectorClient;

  beforeEach(async () => {
    emu = await startEmulator({
      keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, userId: "2001", userName: "alice" }],
      jars: {
        "oss://flink-bkt/connectors/mysql-cdc.jar": {
          connectors: [MYSQL_TEST],
        },
        "oss://flink-bkt/broken.jar": { error: "invalid" },
        "oss://flink-bkt/private.jar": { error: "unreachable" },
      },
    });
    client = new VervericaConnectorClient({
      endpoint: emu.url,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      env: {},
      timeouts: { readMs: 2000 },
    });
  });
  afterEach(() => emu.close());

  it("registers a JAR and returns every field the platform reports", async () => {
    const [c] = await client.register(ref, "oss://flink-bkt/connectors/mysql-cdc.jar");
    expect(c).to.deep.equal({
      ...MYSQL_TEST,
      creator: "2001",
      creatorName: "alice",
      modifier: "2001",
      modifierName: "alice",
    });
  });

  it("sends exactly the SDK's wire form: POST connectors%3Aregister, jarUrl as query, workspace header", async () => {
    await client.register(ref, JAR);
    const r = emu.requests[0];
    expect(r).to.deep.include({
      method: "POST",
      path: `/api/v2/namespaces/${NAMESPACE}/connectors%3Aregister`,
      action: "RegisterCustomConnector",
      workspaceId: WORKSPACE,
      jarUrl: JAR,
      status: 200,
    });
  });

  it("signs a namespace with a space and a JAR URL with ( ) * correctly", async () => {
    const spaced = { workspaceId: WORKSPACE, namespaceName: NS_WITH_SPACE };
    const [c] = await client.register(spaced, WEIRD_JAR);
    expect(c.name).to.equal("my conn(1)*");
    expect((await client.list(spaced)).map((x) => x.name)).to.deep.equal(["my conn(1)*"]);
    await client.delete(spaced, "my conn(1)*");
    expect(emu.requests.map((r) => r.path)).to.deep.equal([
      "/api/v2/namespaces/team%20ns/connectors%3Aregister",
      "/api/v2/namespaces/team%20ns/connectors",
      "/api/v2/namespaces/team%20ns/connectors/my%20conn%281%29%2A",
    ]);
  });

  it("lists and deletes, returning the tables created with the connector", async () => {
    await client.register(ref, JAR);
    emu.addTable(WORKSPACE, NAMESPACE, "acme-sink", { catalogName: "vvp", databaseName: "default", tableName: "orders_sink" });
    expect((await client.list(ref)).map((c) => c.name)).to.deep.equal(["acme-sink"]);
    expect(await client.delete(ref, "acme-sink")).to.deep.equal([
      { catalogName: "vvp", databaseName: "default", tableName: "orders_sink" },
    ]);
    expect(await client.list(ref)).to.deep.equal([]);
  });

  it("authenticates with an STS token", async () => {
    await emu.close();
    emu = await startEmulator({ keys: [{ accessKeyId: "STS.key", accessKeySecret: SECRET, securityToken: STS_TOKEN }] });
    const sts = new VervericaConnectorClient({
      endpoint: emu.url,
      credentials: { accessKeyId: "STS.key", accessKeySecret: SECRET, securityToken: STS_TOKEN },
      env: {},
    });
    expect(await sts.list(ref)).to.deep.equal([]);
    const noToken = new VervericaConnectorClient({
      endpoint: emu.url,
      credentials: { accessKeyId: "STS.key", accessKeySecret: SECRET },
      env: {},
    });
    expect((await rejection(noToken.list(ref))).code).to.match(/^InvalidSecurityToken/);
  });

  describe("errors", () => {
    const cases: Array<{
      title: string;
      run: (c: VervericaConnectorClient, e: Emulator) => Promise<unknown>;
      kind: ErrorKind;
      code: string | RegExp;
    }> = [
      {
        title: "deleting a connector that does not exist",
        run: (c) => c.delete(ref, "nope"),
        kind: "not-found",
        code: "ConnectorNotFound",
      },
      {
        title: "registering a type twice",
        run: async (c) => {
          await c.register(ref, JAR);
          return c.register(ref, JAR);
        },
        kind: "conflict",
        code: "ConnectorTypeAlreadyExists",
      },
      {
        title: "a JAR that is not a connector",
        run: (c) => c.register(ref, "oss://flink-bkt/broken.jar"),
        kind: "invalid-input",
        code: "InvalidJarFile",
      },
      {
        title: "a JAR the platform cannot reach",
        run: (c) => c.register(ref, "oss://flink-bkt/private.jar"),
        kind: "invalid-input",
        code: "JarFileNotAccessible",
      },
      { title: "throttling", run: (c, e) => (e.faults.throttle(1), c.list(ref)), kind: "throttling", code: "Throttling.User" },
      {
        title: "HTTP 429",
        run: (c, e) => (e.faults.add({ kind: "throttle", status: 429 }), c.list(ref)),
        kind: "throttling",
        code: "Throttling.User",
      },
      {
        title: "HTTP 500",
        run: (c, e) => (e.faults.add({ kind: "internal-error" }), c.list(ref)),
        kind: "transient",
        code: "InternalError",
      },
      {
        title: "HTTP 503",
        run: (c, e) => (e.faults.add({ kind: "unavailable" }), c.list(ref)),
        kind: "transient",
        code: "ServiceUnavailable",
      },
      {
        title: "a connection reset",
        run: (c, e) => (e.faults.add({ kind: "reset" }), c.list(ref)),
        kind: "transient",
        code: /ECONNRESET|socket hang up/,
      },
      {
        title: "a response slower than the timeout",
        run: (c, e) => (e.faults.add({ kind: "delay", delayMs: 3000 }), c.list(ref)),
        kind: "transient",
        code: "RequestTimeout",
      },
      {
        title: "a non-JSON body from a proxy",
        run: (c, e) => (e.faults.add({ kind: "non-json" }), c.list(ref)),
        kind: "transient",
        code: "InvalidResponse",
      },
    ];
    for (const t of cases) {
      it(`normalizes ${t.title} into a ${t.kind} FlinkApiError`, async () => {
        const e = await rejection(t.run(client, emu));
        expect(e.kind).to.equal(t.kind);
        if (typeof t.code === "string") expect(e.code).to.equal(t.code);
        else expect(e.code).to.match(t.code);
        expect(e.operation).to.match(/CustomConnector/);
        expect(e.namespaceName).to.equal(NAMESPACE);
        expect(everyText(e)).to.not.contain(SECRET);
      });
    }

    it("frees a request's place in the pacing window when no answer came: five resets through a window of two, then an answer", async () => {
      const paced = new VervericaConnectorClient({
        endpoint: emu.url,
        credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
        env: {},
        rateLimit: { initialRate: 2 },
        rateMemory: false,
      });
      for (let i = 0; i < 5; i++) emu.faults.add({ kind: "reset" });
      const failures = await Promise.all(Array.from({ length: 5 }, () => rejection(paced.list(ref))));
      expect(failures.map((e) => e.kind)).to.deep.equal(Array(5).fill("transient"));
      expect(await paced.list(ref)).to.be.an("array"); // a leaked place would leave this waiting forever
      expect(emu.requests.map((r) => r.status)).to.deep.equal([...Array(5).fill("dropped"), 200]);
    });

    it("reads business errors when the service answers HTTP 200 with success:false", async () => {
      await emu.close();
      emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], businessErrorStatus: "200" });
      const c = new VervericaConnectorClient({ endpoint: emu.url, credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, env: {} });
      expect(await rejection(c.delete(ref, "nope"))).to.deep.include({ kind: "not-found", code: "ConnectorNotFound", httpStatus: 200 });
      await c.register(ref, JAR);
      expect(await rejection(c.register(ref, JAR))).to.deep.include({ kind: "conflict", httpStatus: 200 });
      expect(emu.requests.map((r) => r.status)).to.deep.equal([200, 200, 200]);
    });

    it("rejects a wrong secret without ever showing either secret", async () => {
      const wrong = "WrongSecretValue-9876543210";
      const bad = new VervericaConnectorClient({
        endpoint: emu.url,
        credentials: { accessKeyId: KEY_ID, accessKeySecret: wrong },
        env: {},
      });
      const e = await rejection(bad.list(ref));
      expect(e).to.deep.include({ kind: "auth", code: "SignatureDoesNotMatch", retryable: false });
      const text = everyText(e);
      expect(text).to.not.contain(wrong);
      expect(text).to.not.contain(SECRET);
      expect(text).to.not.match(/Signature=[0-9a-f]{64}/);
    });

    it("classifies an unknown AccessKey as auth, not as a missing connector", async () => {
      const bad = new VervericaConnectorClient({
        endpoint: emu.url,
        credentials: { accessKeyId: "LTAInobody", accessKeySecret: "x".repeat(30) },
        env: {},
      });
      const e = await rejection(bad.delete(ref, "acme-sink"));
      expect(e).to.deep.include({ kind: "auth", code: "InvalidAccessKeyId.NotFound" });
    });

    it("keeps an STS token out of every error", async () => {
      await emu.close();
      emu = await startEmulator({ keys: [{ accessKeyId: "STS.key", accessKeySecret: SECRET, securityToken: "OtherToken-123456" }] });
      const sts = new VervericaConnectorClient({
        endpoint: emu.url,
        credentials: { accessKeyId: "STS.key", accessKeySecret: SECRET, securityToken: STS_TOKEN },
        env: {},
      });
      const e = await rejection(sts.list(ref));
      expect(everyText(e)).to.not.contain(STS_TOKEN).and.not.contain(SECRET);
    });

    it("rejects unknown workspaces and namespaces when the emulator restricts them", async () => {
      await emu.close();
      emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], workspaces: { [WORKSPACE]: [NAMESPACE] } });
      const c = new VervericaConnectorClient({ endpoint: emu.url, credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, env: {} });
      expect(await c.list(ref)).to.deep.equal([]);
      expect(await rejection(c.list({ ...ref, namespaceName: "other" }))).to.deep.include({
        code: "NamespaceNotFound",
        kind: "invalid-input",
      });
      expect(await rejection(c.list({ workspaceId: "nows", namespaceName: NAMESPACE }))).to.deep.include({
        code: "WorkspaceNotFound",
        kind: "invalid-input",
      });
    });
  });

  describe("configuration", () => {
    it("names every way to provide credentials when none are found, before sending anything", async () => {
      const c = new VervericaConnectorClient({ endpoint: emu.url, env: {} });
      const outcome = await c.list(ref).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(ConfigurationError.isInstance(outcome)).to.equal(true);
      expect((outcome as Error).message).to.match(
        /Pass `credentials` in the options.*ALIBABA_CLOUD_ACCESS_KEY_ID.*ALICLOUD_ACCESS_KEY.*default credential chain/s,
      );
      expect(emu.requests).to.have.length(0);
    });

    it("uses the default credential chain when nothing explicit is set", async () => {
      const c = new VervericaConnectorClient({
        endpoint: emu.url,
        env: {},
        defaultChain: () => ({ getCredential: async () => ({ accessKeyId: KEY_ID, accessKeySecret: SECRET }) }),
      });
      expect(c.credentialSource).to.equal("default-chain");
      expect(await c.list(ref)).to.deep.equal([]);
    });

    it("reads ALICLOUD_* environment variables", async () => {
      const c = new VervericaConnectorClient({ endpoint: emu.url, env: { ALICLOUD_ACCESS_KEY: KEY_ID, ALICLOUD_SECRET_KEY: SECRET } });
      expect(c.credentialSource).to.equal("environment");
      expect(await c.list(ref)).to.deep.equal([]);
    });
  });

  it("never sends a request whose path would escape its segment: ., .., empty parts, control characters", async () => {
    const bad: Array<[string, Promise<unknown>]> = [
      ["connector ..", client.delete(ref, "..")],
      ["connector .", client.delete(ref, ".")],
      ["empty connector", client.delete(ref, "")],
      ["namespace ..", client.list({ ...ref, namespaceName: ".." })],
      ["namespace with a newline", client.register({ ...ref, namespaceName: "ns\nX" }, JAR)],
      ["workspace with a zero-width space", client.list({ ...ref, workspaceId: "ws\u200b" })],
    ];
    for (const [what, p] of bad) {
      const e = await rejection(p);
      expect([e.code, e.kind, e.retryable], what).to.deep.equal(["InvalidParameter.PathSegment", "invalid-input", false]);
      expect(e.message, what).to.match(/nothing was sent/);
    }
    expect(emu.requests).to.deep.equal([]);
  });

  it("holds no timer per finished request (httpx's read timer is released when the exchange ends)", async () => {
    await client.list(ref); // warm up: keep-alive sockets, the rate limiter
    // Every timer created during the calls and not yet cleared or fired, unref'd ones included.
    const live = new Set<number>();
    const hook = createHook({
      init: (id, type) => {
        if (type === "Timeout") live.add(id);
      },
      destroy: (id) => live.delete(id),
    }).enable();
    try {
      for (let i = 0; i < 30; i++) await client.list(ref);
      await new Promise((r) => setImmediate(r));
    } finally {
      hook.disable();
    }
    expect(live.size, "timers still armed after 30 finished requests").to.be.below(5);
  });
});
