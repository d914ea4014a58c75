import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/**
 * The official Node.js binaries the standalone plugin is made from, fetched once from the npm
 * registry (`npm pack`), checked against the integrity pinned in nodes.json, and cached.
 */

export const REPO = resolve(__dirname, "..", "..", "..");

/** Where the slow suites keep what they build or fetch: reused across clones and runs. */
export const BUILD_CACHE = process.env.ALICLOUD_FLINK_BUILD_CACHE || join(homedir(), ".cache", "pulumi-alicloud-flink");

export type Target = "linux-amd64" | "linux-arm64" | "darwin-amd64" | "darwin-arm64" | "windows-amd64";
export const TARGETS: readonly Target[] = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"];

interface Pin {
  readonly package: string;
  readonly binary: string;
  readonly integrity: string;
}
interface Pins {
  readonly version: string;
  readonly targets: Record<Target, Pin>;
}

export const PINS = JSON.parse(readFileSync(join(REPO, "scripts", "standalone", "nodes.json"), "utf8")) as Pins;

/** The target this machine runs, if it is one of ours. */
export function hostTarget(): Target | undefined {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  return TARGETS.find((t) => t === `${os}-${arch}`);
}

function integrityOf(file: string): string {
  return `sha512-${createHash("sha512").update(readFileSync(file)).digest("base64")}`;
}

/** The path of the Node.js binary for a target, fetched and checked when not cached yet. */
export function nodeBinary(target: Target): string {
  const pin = PINS.targets[target];
  const dir = join(BUILD_CACHE, "node", `${pin.package}-${PINS.version}`);
  const binary = join(dir, "package", pin.binary);
  if (existsSync(binary)) return binary;
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const spec = `${pin.package}@${PINS.version}`;
  const name = execFileSync("npm", ["pack", spec, "--silent", "--pack-destination", partial], {
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false" },
  })
    .trim()
    .split("\n")
    .pop()!;
  const tgz = join(partial, name);
  const got = integrityOf(tgz);
  if (got !== pin.integrity)
    throw new Error(`${spec}: integrity ${got} is not the pinned ${pin.integrity} (scripts/standalone/nodes.json)`);
  execFileSync(
    "tar",
    ["-xzf", tgz, "-C", partial, `package/${pin.binary}`, "package/LICENSE"].filter(
      (f) => !(target === "windows-amd64" && f === "package/LICENSE"),
    ),
  );
  rmSync(tgz);
  chmodSync(join(partial, "package", pin.binary), 0o755);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return binary;
}
