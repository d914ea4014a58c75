import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unsign } from "macho-unsign";
import { BUILD_CACHE } from "./node-binaries";

/**
 * macOS code signatures of the standalone plugin. The official Node.js binary is signed by the
 * Node.js project; injecting the blob invalidates that signature, and a broken signature is worse
 * than none (macOS kills the process), so it is removed first (macho-unsign). Apple silicon runs
 * only signed code: the result is signed ad hoc with rcodesign (crates.io `apple-codesign`, built
 * by `npm run build:rcodesign` into the build cache) when it is at hand.
 */

/** rcodesign as `npm run build:rcodesign` installs it. */
export const RCODESIGN = join(BUILD_CACHE, "rcodesign", "bin", "rcodesign");

/** Removes a Mach-O file's code signature in place; false when it had none. */
export function removeSignature(file: string): boolean {
  const unsigned = unsign(readFileSync(file));
  if (!unsigned) return false;
  writeFileSync(file, Buffer.from(unsigned));
  return true;
}

export interface AdHocSigner {
  readonly tool: string;
  sign(file: string): void;
}

/** rcodesign from the build cache or PATH, or undefined when neither has it. */
export function adHocSigner(): AdHocSigner | undefined {
  const candidates = [process.env.RCODESIGN, RCODESIGN, "rcodesign"].filter((c): c is string => !!c);
  for (const tool of candidates) {
    if (tool.includes("/") && !existsSync(tool)) continue;
    try {
      execFileSync(tool, ["--version"], { stdio: "ignore" });
    } catch {
      continue;
    }
    return {
      tool,
      // No certificate: rcodesign signs ad hoc, as `codesign --sign -` does on a Mac.
      sign: (file) =>
        void execFileSync(tool, ["sign", "--binary-identifier", "pulumi-resource-alicloud-flink", file], {
          stdio: ["ignore", "ignore", "pipe"],
        }),
    };
  }
  return undefined;
}
