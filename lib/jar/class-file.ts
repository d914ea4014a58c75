/**
 * A reader of Java class files (JVMS §4), as far as a factory's identity needs: the constant pool,
 * the class's name, superclass and interfaces, fields with their `ConstantValue`, and methods
 * with their bytecode. Every read is checked against the bytes; nothing is loaded or run.
 */
export class ClassFormatError extends Error {
  override readonly name = "ClassFormatError" as const;
}

/** A constant pool entry, by what the reader needs of it. */
export type Constant =
  | { readonly tag: "utf8"; readonly value: string }
  | { readonly tag: "string"; readonly utf8: number }
  | { readonly tag: "integer"; readonly value: number }
  | { readonly tag: "class"; readonly name: number }
  | { readonly tag: "ref"; readonly kind: "field" | "method" | "interface-method"; readonly owner: number; readonly nameAndType: number }
  | { readonly tag: "name-and-type"; readonly name: number; readonly descriptor: number }
  | { readonly tag: "dynamic"; readonly nameAndType: number }
  | { readonly tag: "other" };

export interface Member {
  readonly access: number;
  readonly name: string;
  readonly descriptor: string;
  /** A field's `ConstantValue` index, when it has one. */
  readonly constantValue?: number;
  /** A method's bytecode, when it has a body. */
  readonly code?: Buffer;
}

export interface ClassFile {
  readonly major: number;
  readonly access: number;
  /** Internal form, `a/b/C`. */
  readonly name: string;
  readonly superName?: string;
  readonly interfaces: readonly string[];
  readonly fields: readonly Member[];
  readonly methods: readonly Member[];
  readonly pool: readonly (Constant | undefined)[];
}

export const ACC_BRIDGE = 0x0040;
export const ACC_STATIC = 0x0008;
export const ACC_ABSTRACT = 0x0400;
export const ACC_INTERFACE = 0x0200;

/** Class file versions this reader knows: Java 1.1 (45) to Java 25 (69). */
export const MAX_MAJOR = 69;

class Cursor {
  at = 0;
  constructor(private readonly b: Buffer) {}
  take(n: number): number {
    if (n < 0 || this.at + n > this.b.length)
      throw new ClassFormatError(`truncated at byte ${this.at} (wanted ${n} more of ${this.b.length})`);
    const at = this.at;
    this.at += n;
    return at;
  }
  u1 = (): number => this.b.readUInt8(this.take(1));
  u2 = (): number => this.b.readUInt16BE(this.take(2));
  u4 = (): number => this.b.readUInt32BE(this.take(4));
  i4 = (): number => this.b.readInt32BE(this.take(4));
  bytes = (n: number): Buffer => this.b.subarray(this.take(n), this.at);
}

/** Java's "modified UTF-8": like UTF-8 but NUL is two bytes and supplementary characters are surrogate pairs. */
function modifiedUtf8(b: Buffer): string {
  let out = "";
  for (let i = 0; i < b.length;) {
    const x = b[i];
    if (x < 0x80) {
      out += String.fromCharCode(x);
      i += 1;
    } else if ((x & 0xe0) === 0xc0 && i + 1 < b.length) {
      out += String.fromCharCode(((x & 0x1f) << 6) | (b[i + 1] & 0x3f));
      i += 2;
    } else if ((x & 0xf0) === 0xe0 && i + 2 < b.length) {
      out += String.fromCharCode(((x & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f));
      i += 3;
    } else {
      throw new ClassFormatError(`invalid modified UTF-8 byte 0x${x.toString(16)}`);
    }
  }
  return out;
}

function readPool(c: Cursor): (Constant | undefined)[] {
  const count = c.u2();
  const pool: (Constant | undefined)[] = [undefined];
  for (let i = 1; i < count; i++) {
    const tag = c.u1();
    switch (tag) {
      case 1:
        pool.push({ tag: "utf8", value: modifiedUtf8(c.bytes(c.u2())) });
        break;
      case 3:
        pool.push({ tag: "integer", value: c.i4() });
        break;
      case 4:
        c.take(4);
        pool.push({ tag: "other" });
        break;
      case 5: // Long and Double take two slots (JVMS §4.4.5)
      case 6:
        c.take(8);
        pool.push({ tag: "other" }, undefined);
        i++;
        break;
      case 7:
        pool.push({ tag: "class", name: c.u2() });
        break;
      case 8:
        pool.push({ tag: "string", utf8: c.u2() });
        break;
      case 9:
      case 10:
      case 11:
        pool.push({
          tag: "ref",
          kind: tag === 9 ? "field" : tag === 10 ? "method" : "interface-method",
          owner: c.u2(),
          nameAndType: c.u2(),
        });
        break;
      case 12:
        pool.push({ tag: "name-and-type", name: c.u2(), descriptor: c.u2() });
        break;
      case 15: // MethodHandle
        c.take(3);
        pool.push({ tag: "other" });
        break;
      case 16: // MethodType, Module, Package
      case 19:
      case 20:
        c.take(2);
        pool.push({ tag: "other" });
        break;
      case 17: // Dynamic, InvokeDynamic
      case 18:
        c.take(2);
        pool.push({ tag: "dynamic", nameAndType: c.u2() });
        break;
      default:
        throw new ClassFormatError(`unknown constant pool tag ${tag} at entry ${i}`);
    }
  }
  return pool;
}

/** The text of a Utf8 constant. */
export function utf8(pool: readonly (Constant | undefined)[], index: number): string {
  const k = pool[index];
  if (k?.tag !== "utf8") throw new ClassFormatError(`constant ${index} is not a Utf8 constant`);
  return k.value;
}

/** The internal name of a Class constant. */
export function className(pool: readonly (Constant | undefined)[], index: number): string {
  const k = pool[index];
  if (k?.tag !== "class") throw new ClassFormatError(`constant ${index} is not a Class constant`);
  return utf8(pool, k.name);
}

function readMembers(c: Cursor, pool: readonly (Constant | undefined)[]): Member[] {
  const count = c.u2();
  const members: Member[] = [];
  for (let i = 0; i < count; i++) {
    const access = c.u2();
    const name = utf8(pool, c.u2());
    const descriptor = utf8(pool, c.u2());
    let constantValue: number | undefined;
    let code: Buffer | undefined;
    const attributes = c.u2();
    for (let a = 0; a < attributes; a++) {
      const attribute = utf8(pool, c.u2());
      const length = c.u4();
      const end = c.at + length;
      if (attribute === "ConstantValue" && length === 2) constantValue = c.u2();
      else if (attribute === "Code") {
        c.take(4); // max_stack, max_locals
        code = c.bytes(c.u4());
      }
      c.take(end - c.at);
    }
    members.push({
      access,
      name,
      descriptor,
      ...(constantValue === undefined ? {} : { constantValue }),
      ...(code === undefined ? {} : { code }),
    });
  }
  return members;
}

/** Parses a class file; throws ClassFormatError, naming what is wrong, for anything malformed. */
export function parseClass(bytes: Buffer): ClassFile {
  const c = new Cursor(bytes);
  if (c.u4() !== 0xcafebabe) throw new ClassFormatError("not a class file (no 0xCAFEBABE)");
  c.u2(); // minor
  const major = c.u2();
  if (major < 45 || major > MAX_MAJOR)
    throw new ClassFormatError(`class file version ${major} is not one this reader knows (45 to ${MAX_MAJOR}, Java 1.1 to 25)`);
  const pool = readPool(c);
  const access = c.u2();
  const name = className(pool, c.u2());
  const superIndex = c.u2();
  const superName = superIndex === 0 ? undefined : className(pool, superIndex);
  const interfaces = Array.from({ length: c.u2() }, () => className(pool, c.u2()));
  const fields = readMembers(c, pool);
  const methods = readMembers(c, pool);
  return { major, access, name, ...(superName === undefined ? {} : { superName }), interfaces, fields, methods, pool };
}

/** What a class file says of itself before its fields: enough to follow a super class chain. */
export interface ClassHeader {
  readonly major: number;
  readonly access: number;
  readonly name: string;
  readonly superName?: string;
}

/**
 * Reads a class file up to its super class only, decoding just the two names it needs (a whole
 * JAR's classes are read to find UDFs: decoding every constant would cost seconds on a large one).
 * Throws ClassFormatError for anything malformed on the way.
 */
export function parseClassHeader(bytes: Buffer): ClassHeader {
  const c = new Cursor(bytes);
  if (c.u4() !== 0xcafebabe) throw new ClassFormatError("not a class file (no 0xCAFEBABE)");
  c.u2();
  const major = c.u2();
  if (major < 45 || major > MAX_MAJOR) throw new ClassFormatError(`class file version ${major} is not one this reader knows`);
  const count = c.u2();
  const utf8At = new Map<number, [number, number]>();
  const classOf = new Map<number, number>();
  for (let i = 1; i < count; i++) {
    const tag = c.u1();
    if (tag === 1) {
      const len = c.u2();
      utf8At.set(i, [c.take(len), len]);
    } else if (tag === 7) classOf.set(i, c.u2());
    else if (tag === 5 || tag === 6) {
      c.take(8);
      i++;
    } else if (tag === 3 || tag === 4 || tag === 9 || tag === 10 || tag === 11 || tag === 12 || tag === 17 || tag === 18) c.take(4);
    else if (tag === 15) c.take(3);
    else if (tag === 8 || tag === 16 || tag === 19 || tag === 20) c.take(2);
    else throw new ClassFormatError(`unknown constant pool tag ${tag} at entry ${i}`);
  }
  const nameOf = (index: number): string => {
    const u = utf8At.get(classOf.get(index) ?? -1);
    if (!u) throw new ClassFormatError(`constant ${index} is not a Class constant`);
    return modifiedUtf8(bytes.subarray(u[0], u[0] + u[1]));
  };
  const access = c.u2();
  const name = nameOf(c.u2());
  const superIndex = c.u2();
  return { major, access, name, ...(superIndex === 0 ? {} : { superName: nameOf(superIndex) }) };
}
