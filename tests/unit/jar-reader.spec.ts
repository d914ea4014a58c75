import { expect } from "chai";
import { deflateRawSync } from "node:zlib";
import { buildConnectorJar } from "../../lib/emulator/fixtures/connector-jar";
import { ACC, ClassWriter, code, OP } from "../../lib/emulator/fixtures/class-writer";
import { writeZip } from "../../lib/emulator/fixtures/zip-writer";
import { JarReadError, type JarProblem } from "../../lib/errors/jar-error";
import { FACTORY_SERVICES, readConnectorJar } from "../../lib/jar/read-jar";
import { parseServices } from "../../lib/jar/services";

const SERVICES = "META-INF/services/org.apache.flink.table.factories.Factory";
const names = (jar: Buffer): string[] => readConnectorJar(jar).connectors.map((c) => c.name);

function refused(problem: JarProblem, f: () => unknown): JarReadError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(JarReadError.isInstance(caught), `expected a JarReadError, got ${String(caught)}`).to.equal(true);
  expect((caught as JarReadError).problem).to.equal(problem);
  return caught as JarReadError;
}

/** A factory class whose factoryIdentifier() is `body`, implementing the source factory interface. */
function oddFactory(name: string, body: (w: ClassWriter) => Buffer, superName = "java/lang/Object"): Buffer {
  const w = new ClassWriter(name, superName, ["org/apache/flink/table/factories/DynamicTableSourceFactory"]);
  w.method({
    access: ACC.PUBLIC,
    name: "<init>",
    descriptor: "()V",
    code: { maxStack: 1, maxLocals: 1, bytes: code(OP.aload_0, OP.invokespecial, [w.methodRef(superName, "<init>", "()V")], OP.return) },
  });
  w.method({
    access: ACC.PUBLIC,
    name: "factoryIdentifier",
    descriptor: "()Ljava/lang/String;",
    code: { maxStack: 2, maxLocals: 1, bytes: body(w) },
  });
  return w.toBuffer();
}

describe("the JAR reader", () => {
  describe("what a JAR registers", () => {
    it("names each connector after its factory identifier, never after the file", () => {
      const jar = buildConnectorJar({ connectors: [{ name: "kafka" }, { name: "upsert-kafka" }] });
      expect(readConnectorJar(jar).connectors).to.deep.equal([
        { name: "kafka", source: true, sink: true, lookup: false, factories: ["com.example.flink.fixture.F3_kafkaFactory"] },
        { name: "upsert-kafka", source: true, sink: true, lookup: false, factories: ["com.example.flink.fixture.F6_upsert_kafkaFactory"] },
      ]);
    });

    for (const style of ["constant", "constructor", "bridge"] as const) {
      it(`reads an identifier written as ${style}`, () => {
        expect(names(buildConnectorJar({ connectors: [{ name: `acme-${style}`, style }] }))).to.deep.equal([`acme-${style}`]);
      });
    }

    it("tells source, sink and lookup apart", () => {
      const r = readConnectorJar(
        buildConnectorJar({
          connectors: [
            { name: "a", sink: false, lookup: true },
            { name: "b", source: false },
            { name: "c", lookup: false },
          ],
        }),
      );
      expect(r.connectors.map(({ name, source, sink, lookup }) => ({ name, source, sink, lookup }))).to.deep.equal([
        { name: "a", source: true, sink: false, lookup: true },
        { name: "b", source: false, sink: true, lookup: false },
        { name: "c", source: true, sink: true, lookup: false },
      ]);
    });

    it("merges a source factory and a sink factory of one identifier into one connector", () => {
      const [c] = readConnectorJar(
        buildConnectorJar({ connectors: [{ name: "acme", split: true, lookup: true, style: "bridge" }] }),
      ).connectors;
      expect(c).to.deep.include({ name: "acme", source: true, sink: true, lookup: true });
      expect(c.factories).to.have.length(2);
    });

    it("reports formats and catalogs as not connectors, and a JAR of only those as registering none", () => {
      const r = readConnectorJar(buildConnectorJar({ formats: ["acme-json"], catalogs: ["acme-catalog"] }));
      expect(r.connectors).to.deep.equal([]);
      expect(r.others.map((o) => [o.kind, o.identifier])).to.deep.equal([
        ["format", "acme-json"],
        ["catalog", "acme-catalog"],
      ]);
    });

    it("says when a JAR has no factory services file at all", () => {
      const r = readConnectorJar(writeZip([{ name: "a/B.class", data: Buffer.from("x") }]));
      expect(r).to.deep.include({ connectors: [], others: [], unresolved: [], hasFactoryServices: false, missingPackages: [] });
    });

    for (const [label, spec] of [
      ["stored entries", { compression: "stored" }],
      ["deflated entries", { compression: "deflate" }],
      ["ZIP64 end records", { zip64: true }],
      ["Java 8 class files", { javaVersion: 8 }],
      ["Java 21 class files", { javaVersion: 21 }],
    ] as const) {
      it(`reads ${label}`, () => {
        const r = readConnectorJar(buildConnectorJar({ connectors: [{ name: "acme", style: "bridge" }], ...spec }));
        expect(r.connectors.map((c) => c.name)).to.deep.equal(["acme"]);
        const major = 44 + ("javaVersion" in spec ? spec.javaVersion : 8);
        expect(r.classVersions).to.include({ min: major, max: major });
      });
    }
  });

  describe("what it cannot resolve, it reports and never guesses", () => {
    const jarWith = (classes: Record<string, Buffer>, listed: string[]): Buffer =>
      writeZip([
        { name: SERVICES, data: Buffer.from(listed.join("\n")) },
        ...Object.entries(classes).map(([n, data]) => ({ name: `${n}.class`, data })),
      ]);

    it("reports a listed factory whose class is missing", () => {
      expect(readConnectorJar(jarWith({}, ["a.Missing"])).unresolved).to.deep.equal([
        { factory: "a.Missing", reason: "it is listed in the services file but its class is not in the JAR" },
      ]);
    });

    it("reports a computed identifier with the reason", () => {
      const jar = jarWith(
        {
          "a/Lower": oddFactory("a/Lower", (w) =>
            code(OP.ldc_w, [w.string("ACME")], 0xb6, [w.methodRef("java/lang/String", "toLowerCase", "()Ljava/lang/String;")], OP.areturn),
          ),
        },
        ["a.Lower"],
      );
      const r = readConnectorJar(jar);
      expect(r.connectors).to.deep.equal([]);
      expect(r.unresolved[0].factory).to.equal("a.Lower");
      expect(r.unresolved[0].reason).to.match(/factoryIdentifier\(\) could not be read: the result of java\.lang\.String\.toLowerCase\(\)/);
    });

    it("reports an identifier chosen by a branch", () => {
      const jar = jarWith(
        { "a/Branch": oddFactory("a/Branch", (w) => code(OP.aconst_null, 0xc6, [4], OP.ldc_w, [w.string("x")], OP.areturn)) },
        ["a.Branch"],
      );
      expect(readConnectorJar(jar).unresolved[0].reason).to.match(/instruction the reader does not follow \(opcode 0xc6/);
    });

    it("reports an identifier inherited from a class outside the JAR", () => {
      const w = new ClassWriter("a/Child", "com/vendor/BaseFactory", ["org/apache/flink/table/factories/DynamicTableSinkFactory"]);
      w.method({
        access: ACC.PUBLIC,
        name: "<init>",
        descriptor: "()V",
        code: {
          maxStack: 1,
          maxLocals: 1,
          bytes: code(OP.aload_0, OP.invokespecial, [w.methodRef("com/vendor/BaseFactory", "<init>", "()V")], OP.return),
        },
      });
      expect(readConnectorJar(jarWith({ "a/Child": w.toBuffer() }, ["a.Child"])).unresolved).to.deep.equal([
        {
          factory: "a.Child",
          reason:
            "its factoryIdentifier() could not be read: factoryIdentifier() comes from com.vendor.BaseFactory, which is not in the JAR",
        },
      ]);
    });

    it("reports a factory whose supertypes are outside the JAR as unresolved rather than not a connector", () => {
      const w = new ClassWriter("a/Vendor", "com/vendor/AbstractFactory", []);
      w.method({
        access: ACC.PUBLIC,
        name: "factoryIdentifier",
        descriptor: "()Ljava/lang/String;",
        code: { maxStack: 1, maxLocals: 1, bytes: code(OP.ldc_w, [w.string("v")], OP.areturn) },
      });
      expect(readConnectorJar(jarWith({ "a/Vendor": w.toBuffer() }, ["a.Vendor"])).unresolved[0].reason).to.match(
        /com\.vendor\.AbstractFactory, which the JAR does not hold/,
      );
    });

    it("reads a services file as ServiceLoader does: comments, blanks, duplicates", () => {
      expect(parseServices(Buffer.from("# c\n a.B  # trailing\r\n\n a.B\na.C"))).to.deep.equal({ ok: true, names: ["a.B", "a.C"] });
      expect(FACTORY_SERVICES).to.equal(SERVICES);
    });
  });

  describe("hostile JARs fail cleanly, within their limits", () => {
    const good = buildConnectorJar({ connectors: [{ name: "acme" }] });

    it("refuses a JAR over the size limit before reading it", () => {
      expect(refused("too-large", () => readConnectorJar(good, { maxJarBytes: good.length - 1 })).message).to.match(/more than the limit/);
    });

    it("refuses a truncated zip", () => {
      refused("malformed-zip", () => readConnectorJar(good.subarray(0, Math.floor(good.length / 2))));
      refused("malformed-zip", () => readConnectorJar(good.subarray(0, good.length - 5)));
      refused("malformed-zip", () => readConnectorJar(Buffer.alloc(10)));
    });

    it("refuses an entry that inflates past its limit (a zip bomb)", () => {
      const zeros = Buffer.alloc(40 * 1024 * 1024);
      const bomb = writeZip([{ name: SERVICES, data: zeros }]);
      expect(bomb.length).to.be.lessThan(100 * 1024);
      const e = refused("inflates-too-far", () => readConnectorJar(bomb));
      expect(e.entry).to.equal(SERVICES);
      expect(e.message).to.match(/zip bomb/);
    });

    it("refuses entries that together inflate past the total limit", () => {
      refused("inflates-too-far", () => readConnectorJar(good, { maxTotalInflatedBytes: 200 }));
    });

    it("refuses a directory with more entries than the limit", () => {
      const many = writeZip(Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(0) })));
      refused("too-many-entries", () => readConnectorJar(many, { maxEntries: 100 }));
      const forged = Buffer.from(good);
      forged.writeUInt16LE(0xfffe, forged.length - 12); // the end record claims 65,534 entries
      refused("malformed-zip", () => readConnectorJar(forged));
    });

    it("refuses a malformed class file, naming it", () => {
      const jar = writeZip([
        { name: SERVICES, data: Buffer.from("a.Bad\n") },
        { name: "a/Bad.class", data: Buffer.concat([Buffer.from("cafebabe00000034ffff", "hex"), Buffer.from([1, 0, 9])]) },
      ]);
      const e = refused("malformed-class", () => readConnectorJar(jar));
      expect(e.entry).to.equal("a/Bad.class");
      expect(e.message).to.match(/is not a valid class file \(truncated/);
      refused("malformed-class", () =>
        readConnectorJar(
          writeZip([
            { name: SERVICES, data: Buffer.from("a.Bad") },
            { name: "a/Bad.class", data: Buffer.from("not a class") },
          ]),
        ),
      );
    });

    it("refuses a checksum that does not match, an unknown compression method and encryption", () => {
      const crc = Buffer.from(good);
      const dir = crc.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      crc.writeUInt32LE(1234, dir + 16);
      refused("malformed-zip", () => readConnectorJar(crc));
      const method = writeZip([{ name: SERVICES, data: Buffer.from("a.B") }], { compression: "stored" });
      const m = Buffer.from(method);
      m.writeUInt16LE(12, m.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
      expect(refused("unsupported-entry", () => readConnectorJar(m)).message).to.match(/compression method 12/);
      const enc = Buffer.from(method);
      const at = enc.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      enc.writeUInt16LE(enc.readUInt16LE(at + 8) | 1, at + 8);
      refused("unsupported-entry", () => readConnectorJar(enc));
    });

    it("refuses deflate data that does not inflate", () => {
      const data = deflateRawSync(Buffer.from("a.B"));
      const jar = Buffer.from(writeZip([{ name: SERVICES, data: Buffer.from("a.B") }]));
      jar.fill(0xff, 30 + SERVICES.length, 30 + SERVICES.length + data.length);
      refused("malformed-zip", () => readConnectorJar(jar));
    });
  });
});
