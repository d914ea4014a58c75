import { ClassFormatError } from "./class-file";

/** One JVM instruction: where it starts, its opcode, and the offset of its operands. */
export interface Instruction {
  readonly at: number;
  readonly op: number;
}

/** Bytes each fixed-size opcode takes, operands included (JVMS §6.5); 0 marks variable or reserved. */
const LENGTH = new Uint8Array(256);
for (let op = 0x00; op <= 0xc9; op++) LENGTH[op] = 1;
for (const op of [0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc]) LENGTH[op] = 2;
for (const op of [0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7]) LENGTH[op] = 3;
for (let op = 0x99; op <= 0xa8; op++) LENGTH[op] = 3;
for (const op of [0xb9, 0xba, 0xc8, 0xc9]) LENGTH[op] = 5;
LENGTH[0xc5] = 4;
LENGTH[0xaa] = 0; // tableswitch
LENGTH[0xab] = 0; // lookupswitch
LENGTH[0xc4] = 0; // wide

function lengthAt(code: Buffer, at: number): number {
  const op = code[at];
  if (op > 0xc9) throw new ClassFormatError(`reserved opcode 0x${op.toString(16)} at ${at}`);
  if (LENGTH[op] !== 0) return LENGTH[op];
  const need = (n: number): void => {
    if (n > code.length) throw new ClassFormatError(`instruction at ${at} runs past the end of the code`);
  };
  if (op === 0xc4) {
    need(at + 2);
    return code[at + 1] === 0x84 ? 6 : 4;
  }
  const base = at + 1 + ((4 - ((at + 1) % 4)) % 4); // operands are 4-byte aligned from the start of the code
  need(base + 12);
  if (op === 0xaa) {
    const low = code.readInt32BE(base + 4);
    const high = code.readInt32BE(base + 8);
    if (high < low || high - low > 65535) throw new ClassFormatError(`tableswitch at ${at} has an impossible range`);
    return base - at + 12 + (high - low + 1) * 4;
  }
  const pairs = code.readInt32BE(base + 4);
  if (pairs < 0 || pairs > 65535) throw new ClassFormatError(`lookupswitch at ${at} has an impossible size`);
  return base - at + 8 + pairs * 8;
}

/** The instructions of a method's code, in order; throws ClassFormatError on a malformed stream. */
export function* instructions(code: Buffer): Generator<Instruction> {
  for (let at = 0; at < code.length;) {
    const length = lengthAt(code, at);
    if (at + length > code.length) throw new ClassFormatError(`instruction at ${at} runs past the end of the code`);
    yield { at, op: code[at] };
    at += length;
  }
}

/** A method descriptor's parameters (as local-variable slots: long and double take two) and whether it returns a value. */
export function signature(descriptor: string): { readonly slots: readonly number[]; readonly returns: boolean } {
  const m = /^\(([^)]*)\)(.+)$/.exec(descriptor);
  if (!m) throw new ClassFormatError(`malformed method descriptor ${descriptor}`);
  const slots: number[] = [];
  const params = m[1];
  for (let i = 0; i < params.length;) {
    let j = i;
    while (params[j] === "[") j++;
    if (params[j] === "L") {
      const end = params.indexOf(";", j);
      if (end < 0) throw new ClassFormatError(`malformed method descriptor ${descriptor}`);
      j = end;
    } else if (!"BCDFIJSZ".includes(params[j] ?? "?")) throw new ClassFormatError(`malformed method descriptor ${descriptor}`);
    slots.push(j === i && (params[j] === "J" || params[j] === "D") ? 2 : 1);
    i = j + 1;
  }
  return { slots, returns: m[2] !== "V" };
}
