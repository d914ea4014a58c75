import { expect } from "chai";
import { JarCatalog, nameFromFile } from "../../lib/emulator/jar-catalog";

describe("emulator JAR catalog", () => {
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

  it("prefers a declared JAR over the file-name convention", () => {
    const c = new JarCatalog({ "oss://b/acme-1.0.jar": { connectors: [{ name: "declared", type: "t" }] } });
    expect(c.resolve("oss://b/acme-1.0.jar")).to.deep.equal({ ok: true, connectors: [{ name: "declared", type: "t" }] });
  });

  it("fails declared-broken JARs the way the platform would", () => {
    const c = new JarCatalog({ "oss://b/x.jar": { error: "unreachable" } });
    expect(c.resolve("oss://b/x.jar")).to.deep.include({ ok: false, error: "unreachable" });
    expect(c.resolve("oss://flink/connector/mysql123")).to.deep.include({ ok: false, error: "invalid" });
    expect(c.resolve("ftp://b/x.jar")).to.deep.include({ ok: false, error: "unreachable" });
  });
});
