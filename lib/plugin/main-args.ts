import { parseArgs } from "node:util";

/** The engine's address: the last argument that is not a flag (`--logtostderr`, `-v=9`, `--tracing <addr>` come first). */
export function engineAddress(args: readonly string[]): string | undefined {
  // Not strict: the engine may pass flags this plugin does not know; only --tracing takes a value.
  const { positionals } = parseArgs({ args: [...args], options: { tracing: { type: "string" } }, strict: false, allowPositionals: true });
  return positionals[positionals.length - 1];
}
