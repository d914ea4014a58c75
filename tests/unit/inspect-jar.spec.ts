import { expect } from "chai";
import { rejects } from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatInspection, runInspectJar } from "../../lib/cli/inspect-jar";
import { buildConnectorJar } from "../../lib/emulator/fixtures/connector-jar";
import { JarReadError } from "../../lib/errors/jar-error";
import { describeWarning, inspectConnectorJar, warningsFor } from "../../lib/jar/inspect";
import type { JarReport } from "../../lib/model/jar-report";

const report = (over: Partial<JarReport>): JarReport => ({
  connectors: [],
  others: [],
  unresolved: [],
  hasFactoryServices: true,
  javaVersion: 8,
  multiRelease: false,
  runtime: [],
  flinkVersions: [],
  missingPackages: [],
  duplicateEntries: [],
  ...over,
});
const conn = (name: string) => ({ name, source: true, sink: true, lookup: false, factories: [`x.${name}`] });

describe("inspecting a connector JAR", () => {
  describe("the warnings a report calls for", () => {
    const cases: Array<[string, JarReport, string[]]> = [
      ["one custom connector: nothing to say", report({ connectors: [conn("acme")] }), []],
      ["a name the platform has built in", report({ connectors: [conn("kafka")] }), ["builtin-name"]],
      [
        "two connectors, both built-in names",
        report({ connectors: [conn("kafka"), conn("upsert-kafka")] }),
        ["builtin-name", "builtin-name", "several"],
      ],
      ["formats only", report({ others: [{ kind: "format", factory: "x.J", identifier: "json" }] }), ["no-connector"]],
      ["no services file", report({ hasFactoryServices: false }), ["no-services"]],
      ["an unresolved factory and nothing else", report({ unresolved: [{ factory: "x.U", reason: "r" }] }), ["unresolved"]],
    ];
    for (const [label, r, kinds] of cases) it(`warns for ${label}`, () => expect(warningsFor(r).map((w) => w.kind)).to.deep.equal(kinds));

    it("words each warning with what to do", () => {
      const [builtin, several] = warningsFor(report({ connectors: [conn("kafka"), conn("acme")] }));
      expect(describeWarning(builtin)).to.equal(
        `"kafka" is the name of a connector the platform has built in (Kafka). Alibaba Cloud's docs say a custom connector of that name must be renamed: change the factory's factoryIdentifier() (and 'connector' = '...' in your SQL), rebuild and repackage the JAR.`,
      );
      expect(describeWarning(several)).to.match(/registers 2 connectors \(kafka, acme\): registering it registers all of them/);
      expect(describeWarning(warningsFor(report({ others: [{ kind: "format", factory: "x", identifier: "json" }] }))[0])).to.match(
        /declares no table connector \(only format json\)/,
      );
    });
  });

  describe("inspectConnectorJar and inspect-jar", () => {
    const dir = mkdtempSync(join(tmpdir(), "inspect-jar-"));
    const file = (name: string, jar: Buffer): string => {
      const path = join(dir, name);
      writeFileSync(path, jar);
      return path;
    };
    const two = file("two.jar", buildConnectorJar({ connectors: [{ name: "kafka" }, { name: "upsert-kafka", lookup: false }] }));
    const one = file("one.jar", buildConnectorJar({ connectors: [{ name: "acme-sink", source: false }] }));
    const none = file("none.jar", buildConnectorJar({ formats: ["acme-json"] }));
    let server: Server;
    let base = "";
    before(async () => {
      server = createServer((req, res) => {
        if (req.url === "/redirect") res.writeHead(302, { location: "/two.jar?Signature=SECRETSIG" }).end();
        else if (req.url?.startsWith("/two.jar")) res.end(buildConnectorJar({ connectors: [{ name: "kafka" }, { name: "upsert-kafka" }] }));
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => server.close());

    it("prints a Kafka-style JAR's two connectors, warns that both names are built in, and exits 1", async () => {
      const r = await runInspectJar([two]);
      expect(r.exitCode).to.equal(1);
      expect(r.output).to.contain(`${two} registers 2 connectors:`);
      expect(r.output).to.match(/ {2}kafka {9}yes {6}yes {6}no\n {2}upsert-kafka {2}yes {6}yes {6}no/);
      expect(r.output.match(/built in/g)).to.have.length(2);
    });

    it("exits 0 for a JAR with one custom connector", async () => {
      expect(await runInspectJar([one])).to.deep.equal({
        exitCode: 0,
        output:
          `${one} registers 1 connector:\n  NAME       SOURCE   SINK     LOOKUP\n  acme-sink  no       yes      no\n` +
          "read at Java 8; class files of Java 8 to 8.",
      });
    });

    it("checks the engine's Java and Flink versions it is told, and gives each rule's warning in --json", async () => {
      const pom = {
        name: "META-INF/maven/org.apache.flink/flink-connector-acme/pom.properties",
        data: Buffer.from("version=3.0.0-1.19\n"),
      };
      const j11 = file("j11.jar", buildConnectorJar({ connectors: [{ name: "acme" }], javaVersion: 11, extraFiles: [pom] }));
      type Parsed = { warnings: Array<{ kind: string; message: string }>; javaVersion: number };
      const parsed = async (argv: string[]): Promise<Parsed> => JSON.parse((await runInspectJar(argv)).output) as Parsed;
      const at8 = await parsed([j11, "--json", "--flink-version", "1.17"]);
      expect(at8.warnings.map((w) => w.kind)).to.deep.equal(["class-too-new", "flink-version"]);
      expect(at8.warnings[0].message).to.match(/--java-version/);
      const at11 = await parsed([j11, "--json", "--java-version", "11", "--flink-version", "1.19"]);
      expect([at11.javaVersion, at11.warnings]).to.deep.equal([11, []]);
      expect((await runInspectJar([j11, "--java-version", "11"])).exitCode).to.equal(0);
      await rejects(runInspectJar([j11, "--flink-version", "17"]), /--flink-version takes major\.minor/);
      await rejects(runInspectJar([j11, "--java-version", "11.5"]), /--java-version takes a Java feature version/);
    });

    it("says a formats-only JAR registers no connector, as JSON for scripts", async () => {
      const r = await runInspectJar([none, "--json"]);
      expect(r.exitCode).to.equal(1);
      const parsed = JSON.parse(r.output) as {
        connectors: unknown[];
        others: Array<{ identifier: string }>;
        warnings: Array<{ kind: string; message: string }>;
        problems: boolean;
      };
      expect(parsed.connectors).to.deep.equal([]);
      expect(parsed.others.map((o) => o.identifier)).to.deep.equal(["acme-json"]);
      expect(parsed.warnings.map((w) => w.kind)).to.deep.equal(["no-connector"]);
      expect(parsed.problems).to.equal(true);
    });

    it("downloads a JAR over loopback HTTP, follows a redirect, and never shows the URL's query", async () => {
      const i = await inspectConnectorJar(`${base}/redirect`);
      expect(i.report.connectors.map((c) => c.name)).to.deep.equal(["kafka", "upsert-kafka"]);
      // A pre-signed URL given directly: its query (the signature) is never shown.
      const signed = await inspectConnectorJar(`${base}/two.jar?Signature=SECRETSIG&OSSAccessKeyId=KEYID`);
      expect(signed.source).to.equal(`${base}/two.jar`);
      expect(formatInspection(signed)).to.not.contain("SECRETSIG").and.not.contain("KEYID");
    });

    it("refuses plain HTTP beyond loopback and OSS addresses with what to do instead", async () => {
      await rejects(inspectConnectorJar("http://example.com/a.jar"), /not an https:\/\/ URL/);
      await rejects(inspectConnectorJar("oss://bkt/a.jar?x=SECRET"), /download the object \(ossutil cp\)/);
      const e = await inspectConnectorJar(`${base}/missing.jar`).catch((x: unknown) => x);
      expect(JarReadError.isInstance(e) && e.problem).to.equal("unreadable");
    });

    it("refuses a download over the size limit", async () => {
      const e = await inspectConnectorJar(`${base}/two.jar`, { maxJarBytes: 100 }).catch((x: unknown) => x);
      expect(JarReadError.isInstance(e) && e.problem).to.equal("too-large");
    });

    it("answers a JAR it cannot read with exit 2, as JSON too", async () => {
      const bad = file("bad.jar", Buffer.from("not a zip"));
      await rejects(runInspectJar([bad]), /not a complete JAR/);
      const r = await runInspectJar([bad, "--json"]);
      expect(r.exitCode).to.equal(2);
      expect(JSON.parse(r.output)).to.deep.include({ source: bad });
      await rejects(runInspectJar([]), /takes one JAR/);
    });
  });
});
