import { inflateRawSync } from "node:zlib";

/**
 * The emulator's own reading of a JAR's zip structure (it shares nothing with the package's JAR
 * reader, so that one misreading cannot pass every test). Bounded like the platform must be:
 * a size cap, an entry-count cap, and a cap on what any entry may inflate to.
 */
export const ARCHIVE_LIMITS = { maxBytes: 256 << 20, maxEntries: 200_000, maxInflated: 16 << 20 } as const;

export class UnreadableJar extends Error {}

interface Item {
  method: number;
  flags: number;
  packed: number;
  unpacked: number;
  header: number;
}

function u64(buf: Buffer, at: number): number {
  const lo = buf.readUInt32LE(at);
  const hi = buf.readUInt32LE(at + 4);
  if (hi > 0x1fffff) throw new UnreadableJar("a ZIP64 size is out of range");
  return hi * 0x100000000 + lo;
}

/** A JAR's entries by name; `get` inflates one. */
export class JarArchive {
  private readonly items = new Map<string, Item>();

  constructor(private readonly buf: Buffer) {
    if (buf.length > ARCHIVE_LIMITS.maxBytes) throw new UnreadableJar(`the file is larger than ${ARCHIVE_LIMITS.maxBytes} bytes`);
    let end = -1;
    for (let i = buf.length - 22; i >= 0 && i >= buf.length - 22 - 65535; i--) {
      if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 5 && buf[i + 3] === 6) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new UnreadableJar("it is not a zip archive");
    let total = buf.readUInt16LE(end + 10);
    let dirAt = buf.readUInt32LE(end + 16);
    if (end >= 20 && buf.readUInt32LE(end - 20) === 0x07064b50) {
      const z = u64(buf, end - 12);
      if (z + 56 > buf.length || buf.readUInt32LE(z) !== 0x06064b50) throw new UnreadableJar("its ZIP64 end record is missing");
      total = u64(buf, z + 32);
      dirAt = u64(buf, z + 48);
    }
    if (total > ARCHIVE_LIMITS.maxEntries) throw new UnreadableJar(`it lists ${total} entries`);
    let p = dirAt;
    for (let n = 0; n < total; n++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new UnreadableJar("its central directory is damaged");
      const nameLen = buf.readUInt16LE(p + 28);
      const extraLen = buf.readUInt16LE(p + 30);
      if (p + 46 + nameLen + extraLen > buf.length) throw new UnreadableJar("its central directory is cut short");
      const item: Item = {
        method: buf.readUInt16LE(p + 10),
        flags: buf.readUInt16LE(p + 8),
        packed: buf.readUInt32LE(p + 20),
        unpacked: buf.readUInt32LE(p + 24),
        header: buf.readUInt32LE(p + 42),
      };
      // ZIP64 extra: replaces, in order, each 32-bit field that holds 0xFFFFFFFF.
      for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; x += 4 + buf.readUInt16LE(x + 2)) {
        if (buf.readUInt16LE(x) !== 1) continue;
        let v = x + 4;
        for (const key of ["unpacked", "packed", "header"] as const) {
          if (item[key] === 0xffffffff) {
            item[key] = u64(buf, v);
            v += 8;
          }
        }
      }
      const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
      // A name listed twice: the JVM's ZipFile finds the one listed last.
      this.items.set(name, item);
      p += 46 + nameLen + extraLen + buf.readUInt16LE(p + 32);
    }
  }

  has(name: string): boolean {
    return this.items.has(name);
  }

  /** Every entry name, once (the last of a name listed twice). */
  names(): string[] {
    return [...this.items.keys()];
  }

  get(name: string): Buffer | undefined {
    const item = this.items.get(name);
    if (!item) return undefined;
    const h = item.header;
    if (h + 30 > this.buf.length || this.buf.readUInt32LE(h) !== 0x04034b50) throw new UnreadableJar(`the entry ${name} is damaged`);
    const from = h + 30 + this.buf.readUInt16LE(h + 26) + this.buf.readUInt16LE(h + 28);
    if (from + item.packed > this.buf.length) throw new UnreadableJar(`the entry ${name} is cut short`);
    const raw = this.buf.subarray(from, from + item.packed);
    if (item.flags & 1) throw new UnreadableJar(`the entry ${name} is encrypted`);
    if (item.method === 0) {
      if (raw.length > ARCHIVE_LIMITS.maxInflated) throw new UnreadableJar(`the entry ${name} is too large`);
      return raw;
    }
    if (item.method !== 8) throw new UnreadableJar(`the entry ${name} uses compression method ${item.method}`);
    try {
      return inflateRawSync(raw, { maxOutputLength: ARCHIVE_LIMITS.maxInflated });
    } catch {
      throw new UnreadableJar(`the entry ${name} does not inflate within ${ARCHIVE_LIMITS.maxInflated} bytes`);
    }
  }
}
