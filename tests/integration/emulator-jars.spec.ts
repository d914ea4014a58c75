import { expect } from "chai";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VervericaConnectorClient } from "../../lib/client/connector-client";
import { buildConnectorJar } from "../../lib/emulator/fixtures/connector-jar";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { KEY_ID, NAMESPACE, SECRET, WORKSPACE } from "../support/fixtures";

const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };

async function refusal(p: Promise<unknown>): Promise<FlinkApiError> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(FlinkApiError.isInstance(outcome), `expected a FlinkApiError, got ${String(outcome)}`).to.equal(true);
  return outcome as FlinkApiError;
}

/** Register through the real client, over HTTP, against an emulator that reads real JAR bytes. */
describe("the emulator registers what a JAR declares, read from its bytes", () => {
  const oss = mkdtempSync(join(tmpdir(), "emu-jars-"));
  const put = (key: string, jar: Buffer): string => {
    mkdirSync(join(oss, "bkt", "jars"), { recursive: true });
    writeFileSync(join(oss, "bkt", "jars", key), jar);
    return `oss://bkt/jars/${key}`;
  };
  const TWO = put(
    "flink-sql-connector-acme-1.0.jar",
    buildConnectorJar({ connectors: [{ name: "acme" }, { name: "upsert-acme", split: true }] }),
  );
  const LOOKUP = put(
    "acme-jdbc-2.0.jar",
    buildConnectorJar({ connectors: [{ name: "acme-jdbc", lookup: true, style: "bridge" }], zip64: true, javaVersion: 17 }),
  );
  const NONE = put("acme-formats-1.0.jar", buildConnectorJar({ formats: ["acme-json"], catalogs: ["acme"] }));
  const KAFKA = put(
    "flink-sql-connector-kafka-3.2.0-1.19.jar",
    buildConnectorJar({ connectors: [{ name: "kafka" }, { name: "upsert-kafka" }] }),
  );
  const JUNK = put("junk-1.0.jar", Buffer.from("PK\u0003\u0004 not really"));
  let emu: Emulator;
  let client: VervericaConnectorClient;
  let jarServer: Server;
  let jarBase = "";

  const start = async (options: Parameters<typeof startEmulator>[0] = {}): Promise<void> => {
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], ossDir: oss, ...options });
    client = new VervericaConnectorClient({
      endpoint: emu.url,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      env: {},
      timeouts: { readMs: 5000 },
    });
  };
  before(async () => {
    jarServer = createServer((req, res) => {
      if (req.url === "/connectors/acme-http.jar")
        res.end(buildConnectorJar({ connectors: [{ name: "acme-http", source: false }], compression: "stored" }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => jarServer.listen(0, "127.0.0.1", r));
    jarBase = `http://127.0.0.1:${(jarServer.address() as AddressInfo).port}`;
  });
  after(() => jarServer.close());
  afterEach(() => emu.close());

  it("answers every connector of a two-connector JAR, named after its factories", async () => {
    await start();
    const answered = await client.register(ref, TWO);
    expect(answered.map((c) => [c.name, c.type, c.source, c.sink, c.lookup])).to.deep.equal([
      ["acme", "acme", true, true, false],
      ["upsert-acme", "upsert-acme", true, true, false],
    ]);
    expect((await client.list(ref)).map((c) => c.name).sort()).to.deep.equal(["acme", "upsert-acme"]);
  });

  it("reads lookup from the source the factory creates, in a ZIP64 JAR of Java 17 classes, on a Java 17 engine", async () => {
    await start({ engineJavaVersion: 17 });
    const [c] = await client.register(ref, LOOKUP);
    expect([c.name, c.source, c.sink, c.lookup]).to.deep.equal(["acme-jdbc", true, true, true]);
  });

  it("refuses those Java 17 classes on its default Java 8 engine, as a JVM 8 cannot load them", async () => {
    await start();
    const e = await refusal(client.register(ref, LOOKUP));
    expect([e.code, e.kind]).to.deep.equal(["InvalidJarFile", "invalid-input"]);
    expect(e.detail).to.match(/compiled for Java 17, newer than the engine's Java 8/);
  });

  it("downloads a JAR served on loopback over HTTP", async () => {
    await start();
    const [c] = await client.register(ref, `${jarBase}/connectors/acme-http.jar`);
    expect([c.name, c.source, c.sink]).to.deep.equal(["acme-http", false, true]);
    const e = await refusal(client.register(ref, `${jarBase}/connectors/missing.jar`));
    expect([e.code, e.kind]).to.deep.equal(["JarFileNotAccessible", "invalid-input"]);
  });

  it("refuses a JAR of formats and catalogs only, and one that is not a JAR, as invalid", async () => {
    await start();
    for (const url of [NONE, JUNK]) {
      const e = await refusal(client.register(ref, url));
      expect([e.code, e.kind]).to.deep.equal(["InvalidJarFile", "invalid-input"]);
    }
    expect(await client.list(ref)).to.deep.equal([]);
  });

  it("refuses a missing OSS object as not accessible", async () => {
    await start();
    const e = await refusal(client.register(ref, "oss://bkt/jars/nothing-1.0.jar"));
    expect([e.code, e.kind]).to.deep.equal(["JarFileNotAccessible", "invalid-input"]);
  });

  it("refuses built-in connector names by default and accepts them when told to", async () => {
    await start();
    const e = await refusal(client.register(ref, KAFKA));
    expect([e.code, e.kind]).to.deep.equal(["InvalidConnectorName.Builtin", "invalid-input"]);
    expect(e.message).to.match(/kafka has the name of a built-in connector/);
    await emu.close();
    await start({ builtinNames: "accept" });
    expect((await client.register(ref, KAFKA)).map((c) => c.name)).to.deep.equal(["kafka", "upsert-kafka"]);
  });

  it("refuses a JAR whose connector is already registered, leaving the first registration whole", async () => {
    await start();
    await client.register(ref, TWO);
    const e = await refusal(client.register(ref, TWO));
    expect(e.kind).to.equal("conflict");
    expect((await client.list(ref)).map((c) => c.name).sort()).to.deep.equal(["acme", "upsert-acme"]);
  });

  it("keeps the file-name stand-in only for OSS URLs it cannot read", async () => {
    await start({ ossDir: undefined });
    expect((await client.register(ref, TWO)).map((c) => c.name)).to.deep.equal(["flink-sql-connector-acme"]);
  });
});
