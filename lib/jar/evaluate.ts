import { instructions, signature } from "./bytecode";
import { ACC_STATIC, className, utf8, type ClassFile, type Constant, type Member } from "./class-file";

/**
 * What a factory's `factoryIdentifier()` returns, worked out from its bytecode without running it.
 * A small symbolic interpreter follows straight-line code only: constants, locals, `this`'s fields
 * as its constructors set them (also through `super(...)`), static fields (`ConstantValue` or
 * `<clinit>`), and calls on `this` (bridges, methods inherited from a superclass in the JAR).
 * Anything else (a branch, a computed string, a class outside the JAR) is unknown, with the reason:
 * the reader never guesses.
 */
export type Value =
  | { readonly k: "str"; readonly v: string }
  | { readonly k: "int"; readonly v: number }
  | { readonly k: "this" }
  | { readonly k: "null" }
  | { readonly k: "obj" }
  | { readonly k: "unknown"; readonly why: string };

/** Classes of the JAR by internal name; undefined for one the JAR does not hold. */
export type ClassLookup = (name: string) => ClassFile | undefined;

const unknown = (why: string): Value => ({ k: "unknown", why });
const dotted = (name: string): string => name.replace(/\//g, ".");
const MAX_DEPTH = 12;
const MAX_STEPS = 200_000;
const ACC_FINAL = 0x0010;

interface Frame {
  readonly cls: ClassFile;
  readonly method: Member;
  readonly locals: Value[];
  /** The instance fields of `this`, shared along a constructor chain. */
  readonly fields?: Map<string, Value>;
  /** Static fields being set, while a `<clinit>` runs. */
  readonly statics?: Map<string, Value>;
}

type Outcome = { readonly returned: Value | undefined } | { readonly stopped: string };

function ref(pool: readonly (Constant | undefined)[], index: number): { owner: string; name: string; descriptor: string } {
  const k = pool[index];
  if (k?.tag !== "ref") throw new Error(`constant ${index} is not a member reference`);
  const nt = pool[k.nameAndType];
  if (nt?.tag !== "name-and-type") throw new Error(`constant ${k.nameAndType} is not a NameAndType`);
  return { owner: className(pool, k.owner), name: utf8(pool, nt.name), descriptor: utf8(pool, nt.descriptor) };
}

function constant(pool: readonly (Constant | undefined)[], index: number): Value {
  const k = pool[index];
  if (k?.tag === "string") return { k: "str", v: utf8(pool, k.utf8) };
  if (k?.tag === "integer") return { k: "int", v: k.value };
  return unknown(`constant ${index} is neither a String nor an int`);
}

export class Evaluator {
  private readonly staticValues = new Map<string, Map<string, Value> | string>();
  private readonly instances = new Map<string, Map<string, Value> | string>();
  /** Instructions interpreted so far: bounds the time one JAR can take. */
  private steps = 0;

  constructor(private readonly classes: ClassLookup) {}

  /** The value `name` + `descriptor`, called on a fresh instance of `concrete`, returns. */
  call(concrete: string, name: string, descriptor: string): Value {
    const fields = this.construct(concrete);
    if (typeof fields === "string") return unknown(fields);
    return this.invokeOnThis(concrete, concrete, name, descriptor, [], fields, 0);
  }

  /** Finds a method in `start` or its superclasses inside the JAR. */
  find(start: string, name: string, descriptor: string): { cls: ClassFile; method: Member } | string {
    for (let owner: string | undefined = start, hops = 0; owner && hops < 32; hops++) {
      const cls = this.classes(owner);
      if (!cls) return `${name}() comes from ${dotted(owner)}, which is not in the JAR`;
      const method = cls.methods.find((m) => m.name === name && m.descriptor === descriptor);
      if (method) return { cls, method };
      owner = cls.superName;
    }
    return `${name}() is not declared by ${dotted(start)} or its superclasses`;
  }

  /** The instance fields a no-argument constructor gives `concrete`, or why they cannot be known. */
  private construct(concrete: string): Map<string, Value> | string {
    const known = this.instances.get(concrete);
    if (known) return known;
    const fields = new Map<string, Value>();
    const found = this.find(concrete, "<init>", "()V");
    const result =
      typeof found === "string" ? found : this.run({ cls: found.cls, method: found.method, locals: [{ k: "this" }], fields }, 0);
    if (typeof result !== "string" && "stopped" in result) {
      // Straight-line code before the first branch always runs: a final field it set keeps that value.
      const finals = this.finalFields(concrete);
      for (const key of [...fields.keys()])
        if (!finals.has(key)) fields.set(key, unknown(`the constructor of ${dotted(concrete)} ${result.stopped}`));
    }
    const outcome = typeof result === "string" ? result : fields;
    this.instances.set(concrete, outcome);
    return outcome;
  }

  private finalFields(concrete: string): Set<string> {
    const names = new Set<string>();
    for (let owner: string | undefined = concrete, hops = 0; owner && hops < 32; hops++) {
      const cls = this.classes(owner);
      if (!cls) break;
      for (const f of cls.fields) if (f.access & ACC_FINAL) names.add(f.name);
      owner = cls.superName;
    }
    return names;
  }

  private staticField(owner: string, name: string, depth: number): Value {
    for (let at: string | undefined = owner, hops = 0; at && hops < 32; hops++) {
      const cls = this.classes(at);
      if (!cls) return unknown(`the field ${name} belongs to ${dotted(at)}, which is not in the JAR`);
      const field = cls.fields.find((f) => f.name === name && f.access & ACC_STATIC);
      if (!field) {
        at = cls.superName;
        continue;
      }
      if (field.constantValue !== undefined) return constant(cls.pool, field.constantValue);
      let values = this.staticValues.get(at);
      if (values === undefined) {
        const clinit = cls.methods.find((m) => m.name === "<clinit>");
        values = new Map<string, Value>();
        this.staticValues.set(at, `the static initialiser of ${dotted(at)} refers to itself`);
        if (clinit && depth < MAX_DEPTH) {
          const r = this.run({ cls, method: clinit, locals: [], statics: values }, depth + 1);
          if (typeof r === "string") values = r;
        }
        this.staticValues.set(at, values);
      }
      if (typeof values === "string") return unknown(values);
      const v = values.get(name);
      if (v && field.access & ACC_FINAL) return v;
      return unknown(`the static field ${dotted(at)}.${name} is not set to a constant by straight-line code`);
    }
    return unknown(`the static field ${name} was not found`);
  }

  private invokeOnThis(
    concrete: string,
    start: string,
    name: string,
    descriptor: string,
    args: Value[],
    fields: Map<string, Value>,
    depth: number,
  ): Value {
    if (depth >= MAX_DEPTH) return unknown(`calls nest deeper than ${MAX_DEPTH}`);
    const found = this.find(start, name, descriptor);
    if (typeof found === "string") return unknown(found);
    if (!found.method.code) return unknown(`${dotted(found.cls.name)}.${name}() has no body`);
    const r = this.run(
      { cls: found.cls, method: found.method, locals: [{ k: "this" }, ...spread(descriptor, args)], fields },
      depth + 1,
      concrete,
    );
    if (typeof r === "string") return unknown(r);
    if ("stopped" in r) return unknown(`${dotted(found.cls.name)}.${name}() ${r.stopped}`);
    return r.returned ?? unknown(`${name}() returns nothing`);
  }

  /** Runs straight-line code; a string is a malformed-code reason. */
  private run(frame: Frame, depth: number, concrete = frame.cls.name): Outcome | string {
    const { cls, method, locals } = frame;
    const pool = cls.pool;
    const code = method.code;
    if (!code) return `${dotted(cls.name)}.${method.name} has no body`;
    const stack: Value[] = [];
    const pop = (): Value => stack.pop() ?? unknown("stack underflow");
    try {
      for (const { at, op } of instructions(code)) {
        if (++this.steps > MAX_STEPS) return { stopped: `takes more than ${MAX_STEPS} instructions to follow` };
        const u1 = (): number => code[at + 1];
        const u2 = (): number => code.readUInt16BE(at + 1);
        if (op === 0x01) stack.push({ k: "null" });
        else if (op >= 0x02 && op <= 0x08) stack.push({ k: "int", v: op - 0x03 });
        else if (op === 0x10) stack.push({ k: "int", v: code.readInt8(at + 1) });
        else if (op === 0x11) stack.push({ k: "int", v: code.readInt16BE(at + 1) });
        else if (op === 0x12) stack.push(constant(pool, u1()));
        else if (op === 0x13) stack.push(constant(pool, u2()));
        else if (op === 0x15 || op === 0x19) stack.push(locals[u1()] ?? unknown("an unset local"));
        else if ((op >= 0x1a && op <= 0x1d) || (op >= 0x2a && op <= 0x2d))
          stack.push(locals[(op - 0x1a) % 16] ?? unknown("an unset local"));
        else if (op === 0x36 || op === 0x3a) locals[u1()] = pop();
        else if ((op >= 0x3b && op <= 0x3e) || (op >= 0x4b && op <= 0x4e)) locals[(op - 0x3b) % 16] = pop();
        else if (op === 0x57) pop();
        else if (op === 0x59) stack.push(stack[stack.length - 1] ?? unknown("stack underflow"));
        else if (op === 0xbb) stack.push({ k: "obj" });
        else if (op === 0xc0)
          continue; // checkcast
        else if (op === 0xb0) return { returned: pop() };
        else if (op === 0xb1) return { returned: undefined };
        else if (op === 0xb2) {
          const f = ref(pool, u2());
          stack.push(
            frame.statics && f.owner === cls.name && frame.statics.has(f.name)
              ? frame.statics.get(f.name)!
              : this.staticField(f.owner, f.name, depth),
          );
        } else if (op === 0xb3) {
          const f = ref(pool, u2());
          const v = pop();
          if (frame.statics && f.owner === cls.name) frame.statics.set(f.name, v);
        } else if (op === 0xb4) {
          const f = ref(pool, u2());
          const target = pop();
          stack.push(
            target.k === "this" && frame.fields
              ? (frame.fields.get(f.name) ?? unknown(`the field ${f.name} is not set by the constructor`))
              : unknown(`the field ${f.name} of another object`),
          );
        } else if (op === 0xb5) {
          const f = ref(pool, u2());
          const v = pop();
          if (pop().k === "this" && frame.fields) frame.fields.set(f.name, v);
        } else if (op === 0xb6 || op === 0xb7 || op === 0xb9 || op === 0xb8 || op === 0xba) {
          const m = op === 0xba ? { owner: "", name: "<dynamic>", descriptor: indyDescriptor(pool, u2()) } : ref(pool, u2());
          const sig = signature(m.descriptor);
          const args = sig.slots.map(pop).reverse();
          const receiver = op === 0xb8 || op === 0xba ? undefined : pop();
          let result: Value = unknown(`the result of ${dotted(m.owner)}.${m.name}()`);
          if (receiver?.k === "this" && frame.fields) {
            if (m.name === "<init>") {
              if (op === 0xb7 && depth < MAX_DEPTH) {
                const found = this.find(m.owner, "<init>", m.descriptor);
                if (typeof found !== "string") {
                  const r = this.run(
                    { cls: found.cls, method: found.method, locals: [{ k: "this" }, ...spread(m.descriptor, args)], fields: frame.fields },
                    depth + 1,
                    concrete,
                  );
                  if (typeof r === "string" || "stopped" in r) return r;
                }
              }
              continue;
            }
            if (sig.returns)
              result = this.invokeOnThis(concrete, op === 0xb7 ? m.owner : concrete, m.name, m.descriptor, args, frame.fields, depth);
          }
          if (sig.returns) stack.push(result);
        } else return { stopped: `uses an instruction the reader does not follow (opcode 0x${op.toString(16)} at ${at})` };
      }
    } catch (e) {
      return `${dotted(cls.name)}.${method.name}: ${(e as Error).message}`;
    }
    return { stopped: "ends without returning" };
  }
}

/** Arguments laid out as local-variable slots (long and double take two). */
function spread(descriptor: string, args: readonly Value[]): Value[] {
  const out: Value[] = [];
  signature(descriptor).slots.forEach((slots, i) => {
    out.push(args[i] ?? unknown("a missing argument"));
    if (slots === 2) out.push(unknown("the second half of a long or double"));
  });
  return out;
}

function indyDescriptor(pool: readonly (Constant | undefined)[], index: number): string {
  const k = pool[index];
  const nt = k?.tag === "dynamic" ? pool[k.nameAndType] : undefined;
  if (nt?.tag !== "name-and-type") throw new Error(`constant ${index} is not an InvokeDynamic`);
  return utf8(pool, nt.descriptor);
}
