import { constants, crc32, inflateRawSync } from "node:zlib";
import { JarReadError } from "../errors/jar-error";

/**
 * A small reader of a zip archive's central directory, over node:zlib. Why not a library: the
 * maintained ones either read every entry up front (adm-zip, jszip) or are built around streams
 * and file descriptors (yauzl); a JAR reader needs two or three entries out of thousands, a hard
 * limit on what each one inflates to (zlib's `maxOutputLength` gives that exactly) and on the
 * total, and no dependency that sees the bytes first. The format is small and stable (APPNOTE
 * 6.3.x): end record, ZIP64 end record and locator, central directory, local headers.
 */
export interface ZipLimits {
  /** Entries the directory may list. */
  readonly maxEntries: number;
  /** Bytes one entry may inflate to. */
  readonly maxEntryBytes: number;
  /** Bytes all inflated entries together may take. */
  readonly maxTotalInflatedBytes: number;
}

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const malformed = (message: string, entry?: string): JarReadError =>
  new JarReadError(
    "malformed-zip",
    `${message}. The file is not a complete JAR (zip) archive: download it again or rebuild it.`,
    entry === undefined ? undefined : { entry },
  );

/** A reader over bytes that refuses to read past them. */
class Bytes {
  constructor(readonly buf: Buffer) {}
  need(at: number, n: number, what: string): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + n > this.buf.length)
      throw malformed(`The ${what} at byte ${at} runs past the end of the file (${this.buf.length} bytes)`);
  }
  u16(at: number, what: string): number {
    this.need(at, 2, what);
    return this.buf.readUInt16LE(at);
  }
  u32(at: number, what: string): number {
    this.need(at, 4, what);
    return this.buf.readUInt32LE(at);
  }
  u64(at: number, what: string): number {
    this.need(at, 8, what);
    const v = this.buf.readBigUInt64LE(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`The ${what} at byte ${at} holds an impossible size`);
    return Number(v);
  }
}

function findEnd(b: Bytes): number {
  const last = b.buf.length - 22;
  const first = Math.max(0, last - 0xffff);
  for (let at = last; at >= first; at--) {
    if (b.buf.readUInt32LE(at) === EOCD && at + 22 + b.buf.readUInt16LE(at + 20) <= b.buf.length) return at;
  }
  throw malformed(b.buf.length < 22 ? "The file is too short to be a zip archive" : "No end-of-central-directory record was found");
}

/** Where the central directory is and how many entries it lists, ZIP64 or not. */
function directory(b: Bytes): { offset: number; size: number; count: number } {
  const end = findEnd(b);
  let count = b.u16(end + 10, "end record");
  let size = b.u32(end + 12, "end record");
  let offset = b.u32(end + 16, "end record");
  const locator = end - 20;
  if (locator >= 0 && b.buf.readUInt32LE(locator) === ZIP64_LOCATOR) {
    const at = b.u64(locator + 8, "ZIP64 locator");
    if (b.u32(at, "ZIP64 end record") !== ZIP64_EOCD) throw malformed("The ZIP64 locator points at no ZIP64 end record");
    count = b.u64(at + 32, "ZIP64 end record");
    size = b.u64(at + 40, "ZIP64 end record");
    offset = b.u64(at + 48, "ZIP64 end record");
  } else if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    throw malformed("The end record asks for ZIP64 values but there is no ZIP64 locator");
  }
  b.need(offset, size, "central directory");
  return { offset, size, count };
}

/** The ZIP64 extra field's values, in the order APPNOTE 4.5.3 gives, for the fields that need them. */
function zip64Extra(b: Bytes, at: number, length: number, wants: { size: boolean; compressed: boolean; offset: boolean }): number[] {
  const end = at + length;
  while (at + 4 <= end) {
    const id = b.u16(at, "extra field");
    const len = b.u16(at + 2, "extra field");
    if (id === 0x0001) {
      const n = [wants.size, wants.compressed, wants.offset].filter(Boolean).length;
      if (len < n * 8) throw malformed("A ZIP64 extra field is too short for the sizes it must carry");
      return Array.from({ length: n }, (_, i) => b.u64(at + 4 + i * 8, "ZIP64 extra field"));
    }
    at += 4 + len;
  }
  throw malformed("An entry needs ZIP64 sizes but has no ZIP64 extra field");
}

/** A zip archive's entries by name, and the names its directory lists more than once. */
export interface ZipDirectory {
  readonly entries: Map<string, ZipEntry>;
  readonly duplicates: readonly string[];
}

/**
 * The entries of a zip archive, by name, read from its central directory. Of a name listed more
 * than once the last wins, as java.util.zip.ZipFile reads it (its hash chain finds the latest
 * added first; checked against a JVM), so as the platform's class loader sees the JAR.
 */
export function readDirectory(buf: Buffer, limits: ZipLimits): ZipDirectory {
  const b = new Bytes(buf);
  const dir = directory(b);
  if (dir.count > limits.maxEntries) {
    throw new JarReadError(
      "too-many-entries",
      `The archive lists ${dir.count} entries, more than the limit of ${limits.maxEntries}; ` +
        `a connector JAR has far fewer. Check that this is the right file.`,
    );
  }
  const entries = new Map<string, ZipEntry>();
  const duplicates = new Set<string>();
  let at = dir.offset;
  for (let i = 0; i < dir.count; i++) {
    if (b.u32(at, "central directory entry") !== CENTRAL)
      throw malformed(`Central directory entry ${i + 1} of ${dir.count} has a wrong signature`);
    const nameLength = b.u16(at + 28, "central directory entry");
    const extraLength = b.u16(at + 30, "central directory entry");
    const commentLength = b.u16(at + 32, "central directory entry");
    b.need(at + 46, nameLength + extraLength + commentLength, "central directory entry");
    const flags = b.u16(at + 8, "central directory entry");
    const name = buf.toString(flags & 0x800 ? "utf8" : "latin1", at + 46, at + 46 + nameLength);
    let size = b.u32(at + 24, "central directory entry");
    let compressedSize = b.u32(at + 20, "central directory entry");
    let localOffset = b.u32(at + 42, "central directory entry");
    const wants = { size: size === 0xffffffff, compressed: compressedSize === 0xffffffff, offset: localOffset === 0xffffffff };
    if (wants.size || wants.compressed || wants.offset) {
      const values = zip64Extra(b, at + 46 + nameLength, extraLength, wants);
      if (wants.size) size = values.shift()!;
      if (wants.compressed) compressedSize = values.shift()!;
      if (wants.offset) localOffset = values.shift()!;
    }
    if (entries.has(name)) duplicates.add(name);
    entries.set(name, {
      name,
      method: b.u16(at + 10, "central directory entry"),
      flags,
      crc: b.u32(at + 16, "central directory entry"),
      compressedSize,
      size,
      localOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, duplicates: [...duplicates] };
}

/** Reads entries' contents within the limits, counting what all of them inflate to. */
export class EntryReader {
  private inflated = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly limits: ZipLimits,
  ) {}

  /**
   * The first `n` bytes of an entry (a class file's header), inflating only what they need; not
   * counted against the total and not checksummed (read() checks the entries that are used).
   */
  head(entry: ZipEntry, n: number): Buffer {
    const raw = this.raw(entry);
    if (entry.method === 0 || raw.length === 0) return raw.subarray(0, n);
    try {
      const out = inflateRawSync(raw.subarray(0, Math.min(raw.length, 64 + n)), { finishFlush: constants.Z_SYNC_FLUSH });
      if (out.length >= Math.min(n, entry.size)) return out.subarray(0, n);
    } catch {
      // Too little input for a header: read it whole.
    }
    return this.read(entry).subarray(0, n);
  }

  read(entry: ZipEntry): Buffer {
    const raw = this.raw(entry);
    const room = Math.min(this.limits.maxEntryBytes, this.limits.maxTotalInflatedBytes - this.inflated);
    const tooFar = (): JarReadError =>
      new JarReadError(
        "inflates-too-far",
        `Entry ${entry.name} inflates past ${room} bytes (limit ${this.limits.maxEntryBytes} per entry, ` +
          `${this.limits.maxTotalInflatedBytes} in all): the JAR looks like a zip bomb, or is not a connector JAR.`,
        { entry: entry.name },
      );
    let data: Buffer;
    if (entry.method === 0) {
      if (raw.length > room) throw tooFar();
      data = raw;
    } else if (entry.method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, room) });
      } catch (e) {
        if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooFar();
        throw malformed(`Entry ${entry.name} does not inflate (${(e as Error).message})`, entry.name);
      }
    } else {
      throw new JarReadError(
        "unsupported-entry",
        `Entry ${entry.name} uses compression method ${entry.method}; JARs use ` +
          `stored (0) or deflate (8). Rebuild the JAR with the jar tool or Maven.`,
        { entry: entry.name },
      );
    }
    if (data.length !== entry.size || crc32(data) !== entry.crc)
      throw malformed(`Entry ${entry.name} does not match its recorded size or checksum`, entry.name);
    this.inflated += data.length;
    return data;
  }

  /** An entry's stored bytes, after checking its local header. */
  private raw(entry: ZipEntry): Buffer {
    const b = new Bytes(this.buf);
    if (entry.flags & 0x1)
      throw new JarReadError("unsupported-entry", `Entry ${entry.name} is encrypted; a connector JAR never is.`, { entry: entry.name });
    if (b.u32(entry.localOffset, "local header") !== LOCAL)
      throw malformed(`The local header of ${entry.name} has a wrong signature`, entry.name);
    const start = entry.localOffset + 30 + b.u16(entry.localOffset + 26, "local header") + b.u16(entry.localOffset + 28, "local header");
    b.need(start, entry.compressedSize, `data of ${entry.name}`);
    return this.buf.subarray(start, start + entry.compressedSize);
  }
}
