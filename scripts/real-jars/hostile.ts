import { readFileSync } from "node:fs";
import { ACC, ClassWriter } from "../../lib/emulator/fixtures/class-writer";
import { writeZip } from "../../lib/emulator/fixtures/zip-writer";
import { parseConnectorJar } from "../../lib/emulator/jar-connectors";
import { JarReadError } from "../../lib/errors/jar-error";
import { readConnectorJar } from "../../lib/jar/read-jar";

const SERVICES = "META-INF/services/org.apache.flink.table.factories.Factory";

export interface HostileResult {
  readonly label: string;
  readonly outcome: string;
  readonly ms: number;
  /** What the emulator's own reader made of it, and how long it took. */
  readonly emulator: string;
  readonly emulatorMs: number;
}

function timed(label: string, jar: () => Buffer): HostileResult {
  const bytes = jar();
  const t = process.hrtime.bigint();
  let outcome: string;
  try {
    const r = readConnectorJar(bytes);
    outcome = `read: ${r.connectors.length} connectors, ${r.unresolved.length} unresolved`;
  } catch (e) {
    outcome = JarReadError.isInstance(e) ? e.problem : `UNCLEAN ${(e as Error).name}`;
  }
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const e = process.hrtime.bigint();
  const parsed = parseConnectorJar(bytes);
  return {
    label,
    outcome,
    ms,
    emulator: parsed.ok ? `registers ${parsed.connectors.length}` : "refused",
    emulatorMs: Number(process.hrtime.bigint() - e) / 1e6,
  };
}

/** Hostile inputs, built from the largest real JAR and from scratch, each read once. */
export function hostileCases(real: readonly string[]): HostileResult[] {
  const largest = real.length
    ? readFileSync(real.reduce((a, b) => (readFileSync(a).length >= readFileSync(b).length ? a : b)))
    : writeZip([]);
  const garbageClass = new ClassWriter("a/Bad", "java/lang/Object", [], ACC.PUBLIC).toBuffer();
  garbageClass.writeUInt16BE(0xffff, 8); // a constant pool that claims 65,535 entries
  return [
    timed(`largest real JAR cut in half (${(largest.length / 2 / 1048576).toFixed(1)} MiB)`, () =>
      largest.subarray(0, largest.length >> 1),
    ),
    timed("largest real JAR without its last 10 bytes", () => largest.subarray(0, largest.length - 10)),
    timed("zip bomb: a services file of 1 GiB of zeros (1 MiB deflated)", () =>
      writeZip([{ name: SERVICES, data: Buffer.alloc(1 << 30) }]),
    ),
    timed("300,000 entries", () =>
      writeZip(
        Array.from({ length: 300_000 }, (_, i) => ({ name: `e${i}`, data: Buffer.alloc(0) })),
        { compression: "stored" },
      ),
    ),
    timed("end record claiming 65,535 entries over 1", () => {
      const z = Buffer.from(writeZip([{ name: "x", data: Buffer.from("x") }]));
      z.writeUInt16LE(0xffff, z.length - 12);
      z.writeUInt16LE(0xffff, z.length - 14);
      return z;
    }),
    timed("malformed class: constant pool of 65,535 claimed entries", () =>
      writeZip([
        { name: SERVICES, data: Buffer.from("a.Bad\n") },
        { name: "a/Bad.class", data: garbageClass },
      ]),
    ),
    timed("services file listing 50,000 missing factories", () =>
      writeZip([{ name: SERVICES, data: Buffer.from(Array.from({ length: 50_000 }, (_, i) => `a.F${i}`).join("\n")) }]),
    ),
  ];
}
