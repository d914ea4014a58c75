import { UnreadableJar } from "./jar-archive";

/** The emulator's own reading of a class file: names, supertypes, fields' constants and method bodies. */
export interface LoadedClass {
  readonly name: string;
  readonly superName: string | null;
  readonly interfaces: string[];
  readonly isAbstract: boolean;
  /** The class file's access_flags (ACC_PUBLIC 0x0001, ACC_INTERFACE 0x0200, ACC_ABSTRACT 0x0400). */
  readonly flags: number;
  /** The class file's major version (52: Java 8). */
  readonly major: number;
  /** By `name + descriptor`. */
  readonly methods: Map<string, { flags: number; code: Buffer | null }>;
  /** Static fields' ConstantValue, by name. */
  readonly constants: Map<string, unknown>;
  /** Every class the constant pool names. */
  readonly referenced: string[];
  /** Constant pool entry `i` as a JS value: strings, numbers, `{cls}`, `{owner,name,desc}`, `{desc}` for invokedynamic. */
  readonly cp: (i: number) => unknown;
}

export interface MemberRef {
  readonly owner: string;
  readonly name: string;
  readonly desc: string;
}

export function loadClass(bytes: Buffer): LoadedClass {
  let p = 0;
  const need = (n: number): number => {
    if (p + n > bytes.length) throw new UnreadableJar("a class file is cut short");
    p += n;
    return p - n;
  };
  const u1 = (): number => bytes[need(1)];
  const u2 = (): number => bytes.readUInt16BE(need(2));
  const u4 = (): number => bytes.readUInt32BE(need(4));
  if (u4() !== 0xcafebabe) throw new UnreadableJar("an entry named .class is not a class file");
  u2();
  const major = u2();
  if (major > 69) throw new UnreadableJar(`a class file has version ${major}, newer than any JVM the platform runs`);
  const raw: Array<{ t: number; a?: number; b?: number; s?: string; n?: number }> = [{ t: 0 }];
  for (let count = u2(), i = 1; i < count; i++) {
    const t = u1();
    if (t === 1) {
      const len = u2();
      // Modified UTF-8 differs from UTF-8 only for NUL and supplementary characters, which class and identifier names do not use.
      raw.push({ t, s: bytes.toString("utf8", need(len), p) });
    } else if (t === 3) raw.push({ t, n: bytes.readInt32BE(need(4)) });
    else if (t === 4) raw.push({ t, n: bytes.readFloatBE(need(4)) });
    else if (t === 5 || t === 6) {
      need(8);
      raw.push({ t }, { t: 0 });
      i++;
    } else if (t === 7 || t === 8 || t === 16 || t === 19 || t === 20) raw.push({ t, a: u2() });
    else if (t === 9 || t === 10 || t === 11 || t === 12 || t === 17 || t === 18) raw.push({ t, a: u2(), b: u2() });
    else if (t === 15) raw.push({ t, a: u1(), b: u2() });
    else throw new UnreadableJar(`a class file has an unknown constant tag ${t}`);
  }
  const text = (i: number): string => {
    const e = raw[i];
    if (!e || e.t !== 1) throw new UnreadableJar(`a class file refers to a missing name (#${i})`);
    return e.s!;
  };
  const cp = (i: number): unknown => {
    const e = raw[i];
    if (!e) throw new UnreadableJar(`a class file refers to a missing constant (#${i})`);
    switch (e.t) {
      case 1:
        return e.s;
      case 3:
      case 4:
        return e.n;
      case 7:
        return { cls: text(e.a!) };
      case 8:
        return text(e.a!);
      case 9:
      case 10:
      case 11: {
        const nt = raw[e.b!];
        return { owner: text(raw[e.a!].a!), name: text(nt.a!), desc: text(nt.b!) } satisfies MemberRef;
      }
      case 18:
        return { desc: text(raw[e.b!].b!) };
      default:
        return { other: e.t };
    }
  };
  const flags = u2();
  const name = text(raw[u2()].a!);
  const superIndex = u2();
  const superName = superIndex ? text(raw[superIndex].a!) : null;
  const interfaces: string[] = [];
  for (let n = u2(); n > 0; n--) interfaces.push(text(raw[u2()].a!));
  const constants = new Map<string, unknown>();
  const methods = new Map<string, { flags: number; code: Buffer | null }>();
  for (const kind of ["field", "method"] as const) {
    for (let n = u2(); n > 0; n--) {
      const memberFlags = u2();
      const memberName = text(u2());
      const desc = text(u2());
      let code: Buffer | null = null;
      for (let a = u2(); a > 0; a--) {
        const attr = text(u2());
        const len = u4();
        const at = need(len);
        if (kind === "field" && attr === "ConstantValue") constants.set(memberName, cp(bytes.readUInt16BE(at)));
        if (kind === "method" && attr === "Code") {
          const codeLen = bytes.readUInt32BE(at + 4);
          if (8 + codeLen > len) throw new UnreadableJar("a method's code is longer than its attribute");
          code = bytes.subarray(at + 8, at + 8 + codeLen);
        }
      }
      if (kind === "method") methods.set(memberName + desc, { flags: memberFlags, code });
    }
  }
  const referenced = raw.flatMap((e) => (e.t === 7 ? [text(e.a!)] : []));
  return { name, superName, interfaces, isAbstract: (flags & 0x0600) !== 0, flags, major, methods, constants, referenced, cp };
}
