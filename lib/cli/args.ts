import { parseArgs } from "node:util";

/** The options of one command, as `node:util.parseArgs` takes them. */
export type OptionSpec = Record<string, { readonly type: "string" | "boolean"; readonly multiple?: boolean; readonly short?: string }>;

type Values<O extends OptionSpec> = {
  [K in keyof O]?: O[K]["type"] extends "boolean"
    ? O[K]["multiple"] extends true
      ? boolean[]
      : boolean
    : O[K]["multiple"] extends true
      ? string[]
      : string;
};

/** An argument error: what is wrong, then the command's usage. */
export const usageError = (what: string, usage: string): Error => new Error(`${what}\n\n${usage}`);

/**
 * A command's arguments through `node:util.parseArgs` (strict: an unknown option, a missing
 * value or a value given to a flag is an error), with the usage after any error.
 */
export function parseCommand<O extends OptionSpec>(
  argv: readonly string[],
  options: O,
  usage: string,
  positionals = false,
): { values: Values<O>; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals, allowNegative: false });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    throw usageError((e as Error).message.split(". To specify a positional")[0], usage);
  }
}

/** One of `allowed`, or undefined when not given. */
export function choiceOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[], usage: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw usageError(`--${flag} takes ${allowed.join(" or ")}, got "${v}"`, usage);
  return v as T;
}

/** A number of at least `min`, or undefined when not given. */
export function numberOf(flag: string, v: string | undefined, min: number, usage: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n < min) throw usageError(`--${flag} takes a number of at least ${min}, got "${v}"`, usage);
  return n;
}
