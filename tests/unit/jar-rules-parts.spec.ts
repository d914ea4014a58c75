import { expect } from "chai";
import type { ClassFile, Constant } from "../../lib/jar/class-file";
import { buildConnectorJar } from "../../lib/emulator/fixtures/connector-jar";
import { readConnectorJar } from "../../lib/jar/read-jar";
import { bundledRuntime, flinkVersionNamed, missingPackages } from "../../lib/jar/rules";
import { JarView } from "../../lib/jar/view";
import { EntryReader, readDirectory } from "../../lib/jar/zip";
import { writeZip } from "../../lib/emulator/fixtures/zip-writer";

const LIMITS = { maxEntries: 1000, maxEntryBytes: 1 << 20, maxTotalInflatedBytes: 1 << 22 };

/** A class file whose constant pool names `refs` (as CONSTANT_Class entries), for the walk. */
function cls(name: string, refs: readonly string[]): ClassFile {
  const pool: Array<Constant | undefined> = [undefined];
  for (const r of refs) {
    pool.push({ tag: "utf8", value: r });
    pool.push({ tag: "class", name: pool.length - 1 });
  }
  pool.push({ tag: "utf8", value: "not/a/ClassRef" });
  return { major: 52, access: 1, name, interfaces: [], fields: [], methods: [], pool };
}

describe("the rules' parts", () => {
  describe("the thin-JAR walk", () => {
    const jar: Record<string, ClassFile> = {
      "a/F": cls("a/F", [
        "a/B",
        "[La/C;",
        "[[Lx/Arr;",
        "java/lang/Object",
        "org/apache/flink/table/api/Schema",
        "org/apache/flink/own/Helper",
      ]),
      "a/B": cls("a/B", ["y/Deep", "a/D"]),
      "a/C": cls("a/C", []),
      "a/D": cls("a/D", ["z/TooDeep"]),
      "org/apache/flink/own/Helper": cls("org/apache/flink/own/Helper", ["q/FromFlinkPackage"]),
      Top: cls("Top", ["Missing"]),
    };
    const walk = (factories: string[]): string[] =>
      missingPackages(
        factories,
        (n) => jar[n],
        (n) => n in jar,
      );
    it("reports, by package and sorted, what the factories and the classes they name need, two levels deep", () => {
      // x/Arr through an array type; y/Deep at the second level; z/TooDeep is the third level, not followed;
      // q/FromFlinkPackage through a class the JAR holds under org/apache/flink/; Flink's and the JDK's are provided.
      expect(walk(["a/F"])).to.deep.equal(["q", "x", "y"]);
    });
    it("names the default package, and stops at the bound", () => {
      expect(walk(["Top"])).to.deep.equal(["(default package)"]);
      const many = Array.from({ length: 2500 }, (_, i) => `m${i}/K`);
      expect(
        missingPackages(
          many,
          () => undefined,
          () => false,
        ),
      ).to.have.length(2000);
    });
  });

  it("finds the runtime by marker classes, named as Java names them", () => {
    const has = (p: string): boolean =>
      p === "org/apache/flink/table/data/RowData.class" || p === "org/apache/flink/runtime/jobgraph/JobGraph.class";
    expect(bundledRuntime(has)).to.deep.equal([
      { module: "flink-runtime", classes: ["org.apache.flink.runtime.jobgraph.JobGraph"] },
      { module: "flink-table-common", classes: ["org.apache.flink.table.data.RowData"] },
    ]);
  });

  describe("the Flink version an artifact names (edges)", () => {
    const rows: Array<[string, string, string, string | undefined]> = [
      ["org.apache.flink", "flink-connector-jdbc", "3.2-1.19", "1.19"],
      ["org.apache.flink", "flink-connector-jdbc", "x3.2.0-1.19", undefined],
      ["org.apache.flink", "flink-connector-jdbc", "3.2.0-1.19-SNAPSHOT", undefined],
      ["org.apache.flink", "flink-connector-jdbc", "10.2.0-12.19", "12.19"],
      ["org.apache.flink", "flink-table-common", "1.17.2", "1.17"],
      ["org.apache.flink", "flink-table-common", "1.17.2-SNAPSHOT", undefined],
      ["org.apache.flink", "flink-table-common", "3.17.2", undefined],
      ["org.apache.flink", "statefun-sdk", "3.3.0", undefined],
      ["org.apache.flink", "flink-table-common", "1.17.12", "1.17"],
      ["com.example", "x", "1.0_flink-1.18", "1.18"],
      ["com.example", "x", "1.0_flink-1.18.1", undefined],
      ["com.example", "acme-flink-12.3", "1.0", "12.3"],
      ["com.example", "acme-flink-1.18-extra", "1.0", undefined],
      ["com.example", "acme-flink-runtime-1.20", "1.0", "1.20"],
      ["com.example", "acme-flink-runtime-1.21", "1.0", undefined],
      ["com.example", "acme-hbase-1.19", "1.0", undefined],
      ["com.example", "acme-flink-hbase-2.2", "1.0", undefined],
      ["com.example", "acme-flink-1.19x", "1.0", undefined],
    ];
    for (const [g, a, v, expected] of rows) it(`${g}:${a}:${v}`, () => expect(flinkVersionNamed(g, a, v)).to.equal(expected));
  });

  describe("the Flink version a JAR's metadata names", () => {
    const pom = (path: string, text: string) => ({ name: path, data: Buffer.from(text) });
    const versions = (extra: Parameters<typeof buildConnectorJar>[0]) =>
      readConnectorJar(buildConnectorJar({ connectors: [{ name: "a" }], ...extra })).flinkVersions;
    it("from the manifest Apache Flink's builds write", () => {
      const manifest = [
        "Implementation-Vendor-Id: org.apache.flink",
        "Implementation-Title: Flink : Connectors : Acme",
        "Implementation-Version: 3.2.0-1.19",
      ];
      expect(versions({ manifest })).to.deep.equal([
        { flinkVersion: "1.19", artifact: "org.apache.flink:Flink : Connectors : Acme:3.2.0-1.19 (MANIFEST.MF)" },
      ]);
      expect(
        versions({
          manifest: ["Implementation-Vendor-Id: org.apache.flink", "Implementation-Title: Acme", "Implementation-Version: 3.2.0-1.19"],
        }),
      ).to.deep.equal([]);
      expect(versions({ manifest: ["Implementation-Title: Flink : X", "Implementation-Version: 1.19.0"] })).to.deep.equal([]);
    });
    it("from every pom.properties, its coordinates from the file (the path when a key is missing)", () => {
      expect(
        versions({
          extraFiles: [
            pom(
              "META-INF/maven/org.apache.flink/flink-connector-acme/pom.properties",
              "# c\n groupId = org.apache.flink\nartifactId:flink-connector-acme\nversion=3.0.0-1.18\n",
            ),
            pom("META-INF/maven/com.other/paimon-flink-1.19/pom.properties", "version=0.9\n"),
            pom("META-INF/maven/com.other/x/pom.properties.bak", "version=1.0_flink-1.17\n"),
            pom("lib/META-INF/maven/com.other/y/pom.properties", "version=1.0_flink-1.16\n"),
          ],
        }),
      ).to.deep.equal([
        { flinkVersion: "1.18", artifact: "org.apache.flink:flink-connector-acme:3.0.0-1.18" },
        { flinkVersion: "1.19", artifact: "com.other:paimon-flink-1.19:0.9" },
      ]);
    });
    it("reads at most 512 pom.properties", () => {
      const extraFiles = Array.from({ length: 513 }, (_, i) =>
        pom(`META-INF/maven/g${i}/a/pom.properties`, `version=1.0_flink-1.${i < 512 ? 17 : 18}\n`),
      );
      expect(new Set(versions({ extraFiles }).map((f) => f.flinkVersion))).to.deep.equal(new Set(["1.17"]));
    });
  });

  describe("a JAR as the engine's class loader sees it", () => {
    const view = (files: Array<[string, string]>, javaVersion: number, multi = true): JarView => {
      const all: Array<[string, string]> = [
        ["META-INF/MANIFEST.MF", `Manifest-Version: 1.0\r\n${multi ? "Multi-Release: true\r\n" : ""}\r\n`],
        ...files,
      ];
      const buf = writeZip(all.map(([name, data]) => ({ name, data: Buffer.from(data) })));
      const { entries } = readDirectory(buf, LIMITS);
      return new JarView(entries, new EntryReader(buf, LIMITS), javaVersion);
    };
    const files: Array<[string, string]> = [
      ["a/B.class", "base"],
      ["META-INF/versions/9/a/B.class", "v9"],
      ["META-INF/versions/11/a/B.class", "v11"],
      ["META-INF/versions/17/a/B.class", "v17"],
      ["META-INF/versions/8/a/C.class", "v8"],
      ["META-INF/versions/11/META-INF/services/x", "versioned META-INF"],
      ["META-INF/versions/11/a/OnlyVersioned.class", "only"],
      ["META-INF/versions/x/a/D.class", "not a version"],
      ["module-info.class", "m"],
      ["META-INF/versions/9/module-info.class", "m9"],
      ["a/readme.txt", "t"],
    ];
    it("picks the highest version up to the engine's Java, never versions META-INF/, and lists what loads", () => {
      const v11 = view(files, 11);
      expect([v11.versionOf("a/B.class"), v11.entry("a/B.class")?.name]).to.deep.equal([11, "META-INF/versions/11/a/B.class"]);
      expect(v11.entry("META-INF/services/x")).to.equal(undefined);
      expect(v11.versionOf("a/C.class")).to.equal(0);
      expect(v11.classPaths().sort()).to.deep.equal(["a/B.class", "a/OnlyVersioned.class"]);
      expect(view(files, 10).versionOf("a/B.class")).to.equal(9);
      expect(view(files, 9).versionOf("a/B.class")).to.equal(9);
      expect(view(files, 21).versionOf("a/B.class")).to.equal(17);
    });
    it("reads only the base on Java 8, and without Multi-Release: true", () => {
      for (const v of [view(files, 8), view(files, 17, false)]) {
        expect([v.versionOf("a/B.class"), v.entry("a/B.class")?.name, v.classPaths()]).to.deep.equal([0, "a/B.class", ["a/B.class"]]);
      }
      expect(view(files, 17, false).multiRelease).to.equal(false);
    });
  });

  it("counts the newest class file with its path, skipping entries that are not class files", () => {
    const jar = buildConnectorJar({
      connectors: [{ name: "a", className: "p.F" }],
      extraFiles: [
        { name: "p/NotAClass.class", data: Buffer.from("hello world, no magic") },
        { name: "p/Short.class", data: Buffer.from("abc") },
      ],
      manifest: ["Multi-Release: true"],
      versions: { 11: { connectors: [{ name: "a11", className: "p.F" }], javaVersion: 11 } },
    });
    expect(readConnectorJar(jar, { javaVersion: 11 }).classVersions).to.deep.equal({
      min: 52,
      max: 55,
      newest: "META-INF/versions/11/p/F.class",
    });
    expect(readConnectorJar(jar).classVersions).to.deep.include({ min: 52, max: 52 });
  });
});
