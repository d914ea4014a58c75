import { instructions } from "./bytecode";
import { className, utf8, type ClassFile, type Constant } from "./class-file";
import { LOOKUP_SOURCE, supertypes, TABLE_SOURCE } from "./supertypes";
import type { Capability } from "../model/jar-report";

const CREATE_SOURCE = {
  name: "createDynamicTableSource",
  descriptor:
    "(Lorg/apache/flink/table/factories/DynamicTableFactory$Context;)Lorg/apache/flink/table/connector/source/DynamicTableSource;",
};
const MAX_METHODS = 64;

type Lookup = (name: string) => ClassFile | undefined;

function methodIn(classes: Lookup, start: string, name: string, descriptor: string): { cls: ClassFile; code: Buffer } | undefined {
  for (let owner: string | undefined = start, hops = 0; owner && hops < 32; hops++) {
    const cls = classes(owner);
    if (!cls) return undefined;
    const m = cls.methods.find((x) => x.name === name && x.descriptor === descriptor);
    if (m) return m.code ? { cls, code: m.code } : undefined;
    owner = cls.superName;
  }
  return undefined;
}

function memberRef(
  pool: readonly (Constant | undefined)[],
  index: number,
): { owner: string; name: string; descriptor: string } | undefined {
  const k = pool[index];
  const nt = k?.tag === "ref" ? pool[k.nameAndType] : undefined;
  if (k?.tag !== "ref" || nt?.tag !== "name-and-type") return undefined;
  return { owner: className(pool, k.owner), name: utf8(pool, nt.name), descriptor: utf8(pool, nt.descriptor) };
}

/**
 * Whether the table source a factory creates is a LookupTableSource: the classes its
 * `createDynamicTableSource` (and the factory's own methods that it calls) instantiate, followed
 * through the JAR. True when one of them is a lookup source; false when the sources found are all
 * known to the end and none is; unknown otherwise.
 */
export function lookupOf(factory: string, classes: Lookup): Capability {
  const own = new Set([factory]);
  for (let c = classes(factory)?.superName, hops = 0; c && hops < 32 && classes(c); hops++, c = classes(c)?.superName) own.add(c);
  const created = new Set<string>();
  const seen = new Set<string>();
  const queue: Array<{ start: string; name: string; descriptor: string; depth: number }> = [{ start: factory, ...CREATE_SOURCE, depth: 0 }];
  while (queue.length && seen.size < MAX_METHODS) {
    const next = queue.shift()!;
    const key = `${next.start}.${next.name}${next.descriptor}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = methodIn(classes, next.start, next.name, next.descriptor);
    if (!found) continue;
    for (const { at, op } of instructions(found.code)) {
      if (op === 0xbb) created.add(className(found.cls.pool, found.code.readUInt16BE(at + 1)));
      else if ((op === 0xb6 || op === 0xb7 || op === 0xb8) && next.depth < 3) {
        const m = memberRef(found.cls.pool, found.code.readUInt16BE(at + 1));
        if (m && own.has(m.owner) && m.name !== "<init>")
          queue.push({ start: op === 0xb6 ? factory : m.owner, name: m.name, descriptor: m.descriptor, depth: next.depth + 1 });
      }
    }
  }
  let sources = 0;
  let uncertain = false;
  for (const name of created) {
    if (!classes(name)) continue;
    const s = supertypes(name, classes);
    if (s.all.has(LOOKUP_SOURCE)) return true;
    if (s.all.has(TABLE_SOURCE)) {
      sources++;
      if (s.unknown.length) uncertain = true;
    }
  }
  return sources > 0 && !uncertain ? false : "unknown";
}
