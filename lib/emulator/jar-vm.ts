import type { LoadedClass, MemberRef } from "./jar-class";

/**
 * A tiny JVM that runs a factory the way the platform does, `new Factory().factoryIdentifier()`,
 * over the classes of one JAR. Code outside the JAR is not available: a call into it yields an
 * opaque value, and the run fails only if such a value decides the answer. Bounded in steps and depth.
 */
export class CannotRun extends Error {}

const OPAQUE = Symbol("opaque");
class Instance {
  readonly fields = new Map<string, Value>();
  constructor(readonly cls: string) {}
}
type Value = string | number | null | Instance | typeof OPAQUE;

const STEP_LIMIT = 500_000;
const DEPTH_LIMIT = 64;

/** Parameter count and whether a value is returned, from a method descriptor. */
function shape(desc: string): { params: number; slots: number[]; returns: boolean } {
  const close = desc.indexOf(")");
  const slots: number[] = [];
  for (let i = 1; i < close; i++) {
    const start = i;
    while (desc[i] === "[") i++;
    if (desc[i] === "L") i = desc.indexOf(";", i);
    slots.push(start === i && (desc[i] === "J" || desc[i] === "D") ? 2 : 1);
  }
  return { params: slots.length, slots, returns: desc[close + 1] !== "V" };
}

export class MiniJvm {
  private steps = 0;
  private readonly statics = new Map<string, Map<string, Value>>();

  constructor(private readonly classes: (name: string) => LoadedClass | undefined) {}

  /** What `new <factory>().factoryIdentifier()` returns. */
  identifierOf(factory: string): string {
    const self = new Instance(factory);
    this.invoke(factory, "<init>", "()V", [self], 0);
    const id = this.invoke(factory, "factoryIdentifier", "()Ljava/lang/String;", [self], 0);
    if (typeof id !== "string")
      throw new CannotRun(`factoryIdentifier() of ${factory.replace(/\//g, ".")} does not return a string the emulator can compute`);
    return id;
  }

  private find(start: string, key: string): { cls: LoadedClass; code: Buffer | null } | undefined {
    for (let c: string | null = start, hops = 0; c !== null && hops < 64; hops++) {
      const cls = this.classes(c);
      if (!cls) return undefined;
      const m = cls.methods.get(key);
      if (m) return { cls, code: m.code };
      c = cls.superName;
    }
    return undefined;
  }

  private invoke(start: string, name: string, desc: string, args: Value[], depth: number): Value {
    const found = this.find(start, name + desc);
    if (!found) return shape(desc).returns ? OPAQUE : null; // code outside the JAR (Object.<init> among it)
    if (!found.code) throw new CannotRun(`${found.cls.name}.${name} has no code`);
    return this.run(found.cls, found.code, args, desc, depth + 1);
  }

  private staticsOf(owner: string, depth: number): Map<string, Value> | undefined {
    const cls = this.classes(owner);
    if (!cls) return undefined;
    let values = this.statics.get(owner);
    if (!values) {
      values = new Map(cls.constants as Map<string, Value>);
      this.statics.set(owner, values);
      if (cls.superName) this.staticsOf(cls.superName, depth);
      const clinit = cls.methods.get("<clinit>()V");
      if (clinit?.code) this.run(cls, clinit.code, [], "()V", depth + 1);
    }
    return values;
  }

  private run(cls: LoadedClass, code: Buffer, args: Value[], desc: string, depth: number): Value {
    if (depth > DEPTH_LIMIT) throw new CannotRun("calls nest too deep");
    const locals: Value[] = [];
    const { slots } = shape(desc);
    const receivers = args.length - slots.length; // 1 for `this`, 0 for a static method
    let slot = 0;
    args.forEach((a, i) => {
      locals[slot] = a;
      slot += i < receivers ? 1 : slots[i - receivers];
    });
    const stack: Value[] = [];
    const pop = (): Value => {
      if (!stack.length) throw new CannotRun("the operand stack underflows");
      return stack.pop()!;
    };
    const s16 = (at: number): number => code.readInt16BE(at);
    let pc = 0;
    for (;;) {
      if (++this.steps > STEP_LIMIT) throw new CannotRun(`runs longer than ${STEP_LIMIT} instructions`);
      if (pc < 0 || pc >= code.length) throw new CannotRun("runs off the end of its code");
      const op = code[pc];
      const idx = (): number => code.readUInt16BE(pc + 1);
      const branch = (taken: boolean): void => {
        pc = taken ? pc + s16(pc + 1) : pc + 3;
      };
      const known = (v: Value): Value => {
        if (v === OPAQUE) throw new CannotRun("a decision depends on code outside the JAR");
        return v;
      };
      if (op === 0x00) pc += 1;
      else if (op === 0x01) {
        stack.push(null);
        pc += 1;
      } else if (op >= 0x02 && op <= 0x08) {
        stack.push(op - 3);
        pc += 1;
      } else if (op === 0x10) {
        stack.push(code.readInt8(pc + 1));
        pc += 2;
      } else if (op === 0x11) {
        stack.push(s16(pc + 1));
        pc += 3;
      } else if (op === 0x12 || op === 0x13) {
        const v = cls.cp(op === 0x12 ? code[pc + 1] : idx());
        stack.push(typeof v === "string" || typeof v === "number" ? v : OPAQUE);
        pc += op === 0x12 ? 2 : 3;
      } else if (op === 0x15 || op === 0x19) {
        stack.push(locals[code[pc + 1]] ?? null);
        pc += 2;
      } else if (op >= 0x1a && op <= 0x1d) {
        stack.push(locals[op - 0x1a] ?? null);
        pc += 1;
      } else if (op >= 0x2a && op <= 0x2d) {
        stack.push(locals[op - 0x2a] ?? null);
        pc += 1;
      } else if (op === 0x36 || op === 0x3a) {
        locals[code[pc + 1]] = pop();
        pc += 2;
      } else if (op >= 0x3b && op <= 0x3e) {
        locals[op - 0x3b] = pop();
        pc += 1;
      } else if (op >= 0x4b && op <= 0x4e) {
        locals[op - 0x4b] = pop();
        pc += 1;
      } else if (op === 0x57) {
        pop();
        pc += 1;
      } else if (op === 0x59) {
        stack.push(stack[stack.length - 1]);
        pc += 1;
      } else if (op === 0x99 || op === 0x9a) branch((known(pop()) === 0) === (op === 0x99));
      else if (op === 0xc6 || op === 0xc7) branch((known(pop()) === null) === (op === 0xc6));
      else if (op >= 0x9f && op <= 0xa6) {
        const b = known(pop());
        const a = known(pop());
        const cmp = op >= 0xa5 ? (a === b ? 0 : 1) : (a as number) - (b as number);
        const k = op >= 0xa5 ? op - 0xa5 : op - 0x9f;
        branch([cmp === 0, cmp !== 0, cmp < 0, cmp >= 0, cmp > 0, cmp <= 0][k]);
      } else if (op === 0xa7) pc += s16(pc + 1);
      else if (op === 0xac || op === 0xb0) return pop();
      else if (op === 0xb1) return null;
      else if (op === 0xb2 || op === 0xb3) {
        const f = cls.cp(idx()) as MemberRef;
        const values = this.staticsOf(f.owner, depth);
        if (op === 0xb2) stack.push(values ? (values.get(f.name) ?? null) : OPAQUE);
        else {
          const v = pop();
          values?.set(f.name, v);
        }
        pc += 3;
      } else if (op === 0xb4) {
        const f = cls.cp(idx()) as MemberRef;
        const target = pop();
        if (target === null) throw new CannotRun("reads a field of null");
        stack.push(target instanceof Instance ? (target.fields.get(f.name) ?? (/^[BCIJSZFD]$/.test(f.desc) ? 0 : null)) : OPAQUE);
        pc += 3;
      } else if (op === 0xb5) {
        const f = cls.cp(idx()) as MemberRef;
        const v = pop();
        const target = pop();
        if (target instanceof Instance) target.fields.set(f.name, v);
        pc += 3;
      } else if (op >= 0xb6 && op <= 0xb9) {
        const m = cls.cp(idx()) as MemberRef;
        const { params, returns } = shape(m.desc);
        const callArgs = Array.from({ length: params }, pop).reverse();
        const receiver = op === 0xb8 ? undefined : pop();
        let result: Value = null;
        if (receiver === null) throw new CannotRun(`calls ${m.name} on null`);
        if (op === 0xb8) result = this.invoke(m.owner, m.name, m.desc, callArgs, depth);
        else if (receiver instanceof Instance)
          result = this.invoke(op === 0xb7 ? m.owner : receiver.cls, m.name, m.desc, [receiver, ...callArgs], depth);
        else if (
          typeof receiver === "string" &&
          m.owner === "java/lang/String" &&
          (m.name === "toLowerCase" || m.name === "toUpperCase") &&
          params === 0
        ) {
          result = m.name === "toLowerCase" ? receiver.toLowerCase() : receiver.toUpperCase();
        } else result = OPAQUE;
        if (returns) stack.push(result);
        pc += op === 0xb9 ? 5 : 3;
      } else if (op === 0xba) {
        const { params, returns } = shape((cls.cp(idx()) as { desc: string }).desc);
        for (let i = 0; i < params; i++) pop();
        if (returns) stack.push(OPAQUE);
        pc += 5;
      } else if (op === 0xbb) {
        const name = (cls.cp(idx()) as { cls: string }).cls;
        if (this.classes(name)) this.staticsOf(name, depth);
        stack.push(this.classes(name) ? new Instance(name) : OPAQUE);
        pc += 3;
      } else if (op === 0xbc || op === 0xbd) {
        pop();
        stack.push(OPAQUE);
        pc += op === 0xbc ? 2 : 3;
      } else if (op === 0x53) {
        pop();
        pop();
        pop();
        pc += 1;
      } else if (op === 0xc0) pc += 3;
      else if (op === 0xc1) {
        pop();
        stack.push(OPAQUE);
        pc += 3;
      } else if (op === 0xbf) throw new CannotRun("throws an exception");
      else throw new CannotRun(`uses opcode 0x${op.toString(16)}, which the emulator does not run`);
    }
  }
}
