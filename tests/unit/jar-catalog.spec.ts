import { expect } from "chai";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConnectorJar } from "../../lib/emulator/fixtures/connector-jar";
import { JarCatalog, nameFromFile } from "../../lib/emulator/jar-catalog";

describe("emulator JAR catalog", () => {
  describe("reading JARs from the OSS directory, as the platform does", () => {
    const oss = mkdtempSync(join(tmpdir(), "emu-oss-"));
    mkdirSync(join(oss, "bkt", "jars"), { recursive: true });
    writeFileSync(
      join(oss, "bkt", "jars", "flink-sql-connector-acme-1.0.jar"),
      buildConnectorJar({ connectors: [{ name: "acme" }, { name: "upsert-acme", lookup: true, split: true }] }),
    );
    writeFileSync(join(oss, "bkt", "jars", "formats-1.0.jar"), buildConnectorJar({ formats: ["acme-json"] }));
    writeFileSync(join(oss, "bkt", "jars", "junk.jar"), Buffer.from("not a zip"));
    const catalog = new JarCatalog({}, oss);

    it("names connectors after the JAR's factory identifiers, not after the file", async () => {
      expect(await catalog.resolve("oss://bkt/jars/flink-sql-connector-acme-1.0.jar")).to.deep.equal({
        ok: true,
        how: "read",
        connectors: [
          { name: "acme", type: "acme", source: true, sink: true, lookup: false },
          { name: "upsert-acme", type: "upsert-acme", source: true, sink: true, lookup: true },
        ],
      });
    });

    it("refuses a JAR that declares no connector, and one that is not a JAR", async () => {
      expect(await catalog.resolve("oss://bkt/jars/formats-1.0.jar")).to.deep.include({ ok: false, error: "invalid" });
      expect(await catalog.resolve("oss://bkt/jars/junk.jar")).to.deep.include({
        ok: false,
        error: "invalid",
        message: "The file at oss://bkt/jars/junk.jar is not a valid connector JAR: it is not a zip archive.",
      });
    });

    it("answers a missing object as a download failure, and never leaves the directory", async () => {
      expect(await catalog.resolve("oss://bkt/jars/missing-1.0.jar")).to.deep.include({ ok: false, error: "unreachable" });
      expect(await catalog.resolve("oss://bkt/jars/../../../etc/passwd")).to.deep.include({
        ok: false,
        error: "unreachable",
        message: "Failed to download the JAR file from oss://bkt/jars/../../../etc/passwd: the object key is not valid.",
      });
      expect(await catalog.resolve("oss://bkt/jars/%2e%2e/x.jar")).to.deep.include({ ok: false, error: "unreachable" });
    });
  });

  describe("the file-name stand-in, only for URLs the emulator cannot read", () => {
    const names: Array<[string, string | undefined]> = [
      ["oss://bucket/c/acme-sink-1.2.0.jar", "acme-sink"],
      ["oss://bucket/c/acme-sink.jar", "acme-sink"],
      ["https://repo.example.com/mysql-cdc-2.4.1-SNAPSHOT.jar", "mysql-cdc"],
      ["oss://bucket/connector-v2.jar", "connector-v2"],
      ["oss://bucket/my%20conn-1.0.jar", "my conn"],
      ["oss://bucket/c/acme-sink-1.2.0.jar?versionId=3", "acme-sink"],
      ["oss://bucket/conn-1-1.0.0.jar", "conn-1"],
      ["oss://bucket/kafka-2-sink-1.0.jar", "kafka-2-sink"],
      ["oss://bucket/conn-1.jar", "conn-1"],
      ["oss://bucket/ververica-connector-kafka-1.17-vvr-8.0.4-1.jar", "ververica-connector-kafka"],
      ["oss://bucket/-1.0.jar", undefined],
      ["oss://flink/connector/mysql123", undefined],
    ];
    for (const [url, name] of names) {
      it(`derives ${name === undefined ? "no connector" : `"${name}"`} from ${url}`, () => expect(nameFromFile(url)).to.equal(name));
    }

    it("is used for an oss:// URL without an OSS directory, and says so", async () => {
      expect(await new JarCatalog().resolve("oss://b/acme-1.0.jar")).to.deep.equal({
        ok: true,
        how: "file-name",
        connectors: [{ name: "acme", type: "acme" }],
      });
    });
  });

  it("prefers a declared JAR over reading it", async () => {
    const c = new JarCatalog({ "oss://b/acme-1.0.jar": { connectors: [{ name: "declared", type: "t" }] } });
    expect(await c.resolve("oss://b/acme-1.0.jar")).to.deep.equal({
      ok: true,
      how: "declared",
      connectors: [{ name: "declared", type: "t" }],
    });
  });

  it("fails declared-broken JARs the way the platform would", async () => {
    const c = new JarCatalog({ "oss://b/x.jar": { error: "unreachable" } });
    expect(await c.resolve("oss://b/x.jar")).to.deep.include({ ok: false, error: "unreachable" });
    expect(await c.resolve("oss://flink/connector/mysql123")).to.deep.include({ ok: false, error: "invalid" });
    expect(await c.resolve("ftp://b/x.jar")).to.deep.include({ ok: false, error: "unreachable" });
  });
});
