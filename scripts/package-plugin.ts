import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { build } from "esbuild";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BUILD_CACHE, hostTarget, nodeBinary, PINS, REPO, TARGETS, type Target } from "./standalone/node-binaries";
import { adHocSigner, removeSignature } from "./standalone/sign";
import { parseCommand } from "../lib/cli/args";

/** postject's command line, run as a child: LIEF prints harmless warnings about ELF note sections there. */
function inject(exe: string, blobFile: string, macos: boolean): void {
  const cli = require.resolve("postject/dist/cli.js");
  const args = [cli, exe, "NODE_SEA_BLOB", blobFile, "--sentinel-fuse", FUSE, ...(macos ? ["--macho-segment-name", "NODE_SEA"] : [])];
  try {
    execFileSync(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`postject could not inject the plugin into ${exe}:\n${String(err.stdout ?? "")}${String(err.stderr ?? "")}`);
  }
}

/**
 * `npm run package:plugin [-- <os>-<arch> ...] [--out <dir>]`: the standalone plugin, one
 * executable that needs no Node.js, for each target (all five by default):
 * `pulumi-resource-alicloud-flink-v<version>-<os>-<arch>.tar.gz` (what `pulumi plugin install
 * resource alicloud-flink <version> --file <tarball>` takes and what a `pluginDownloadURL` serves)
 * and `SHA256SUMS`, in .tmp/plugin/ unless --out says. Made as Node.js documents single executable
 * applications: the built plugin bundled to one CommonJS file (esbuild, the version inlined), a
 * blob made by the pinned Node.js (scripts/standalone/nodes.json), injected into that Node.js
 * binary of each target with postject. macOS binaries are signed ad hoc when rcodesign is at hand.
 */

const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
const NAME = "pulumi-resource-alicloud-flink";

export interface Packaged {
  readonly target: Target;
  readonly tarball: string;
  readonly executableBytes: number;
  readonly tarballBytes: number;
  readonly signed: "ad hoc" | "unsigned" | "not needed";
}

export const assetName = (version: string, target: Target): string => `${NAME}-v${version}-${target}.tar.gz`;

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** The plugin bundled to one CommonJS file that reads nothing beside itself. */
async function bundle(version: string, work: string): Promise<string> {
  const out = join(work, "plugin.cjs");
  await build({
    entryPoints: [join(REPO, "dist", "lib", "plugin", "main.js")],
    outfile: out,
    bundle: true,
    platform: "node",
    target: `node${PINS.version.split(".")[0]}`,
    format: "cjs",
    define: { __ALICLOUD_FLINK_VERSION__: JSON.stringify(version) },
    legalComments: "none",
    logLevel: "warning",
  });
  return out;
}

/** The SEA blob, made by the pinned Node.js of this machine (a blob is for the version that made it). */
function blob(script: string, work: string): string {
  const host = hostTarget();
  if (!host) throw new Error(`no pinned Node.js runs on ${process.platform}-${process.arch} to make the blob`);
  const config = join(work, "sea-config.json");
  const out = join(work, "sea-prep.blob");
  writeFileSync(
    config,
    JSON.stringify({ main: script, output: out, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false }),
  );
  execFileSync(nodeBinary(host), ["--experimental-sea-config", config], { stdio: ["ignore", "pipe", "pipe"] });
  return out;
}

export async function packagePlugin(targets: readonly Target[], outDir: string): Promise<Packaged[]> {
  const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
  const work = join(outDir, "work");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const blobFile = blob(await bundle(version, work), work);
  const license = join(dirname(dirname(nodeBinary("linux-amd64"))), "LICENSE");
  const sign = adHocSigner();
  const done: Packaged[] = [];
  for (const target of targets) {
    const stage = join(work, target);
    mkdirSync(stage, { recursive: true });
    const exe = join(stage, target.startsWith("windows") ? `${NAME}.exe` : NAME);
    copyFileSync(nodeBinary(target), exe);
    chmodSync(exe, 0o755);
    const macos = target.startsWith("darwin");
    if (macos) removeSignature(exe);
    inject(exe, blobFile, macos);
    // Node starts the blob only when the fuse reads :1; postject flips it once it injected.
    if (!readFileSync(exe).includes(`${FUSE}:1`))
      throw new Error(`${exe}: the SEA fuse was not flipped, so it would start as plain Node.js`);
    const signed = !macos ? "not needed" : sign ? (sign.sign(exe), "ad hoc") : "unsigned";
    copyFileSync(license, join(stage, "LICENSE.node"));
    const tarball = join(outDir, assetName(version, target));
    execFileSync("tar", ["-czf", tarball, "-C", stage, "."]);
    done.push({ target, tarball, executableBytes: statSync(exe).size, tarballBytes: statSync(tarball).size, signed });
  }
  // Every plugin tarball of this version in the folder, this run's and an earlier run's alike.
  const tarballs = readdirSync(outDir)
    .filter((f) => f.startsWith(`${NAME}-v${version}-`) && f.endsWith(".tar.gz"))
    .sort();
  writeFileSync(join(outDir, "SHA256SUMS"), tarballs.map((f) => `${sha256(join(outDir, f))}  ${f}\n`).join(""));
  rmSync(work, { recursive: true, force: true });
  return done;
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

if (require.main === module) {
  const { values, positionals: named } = parseCommand(
    process.argv.slice(2),
    { out: { type: "string" } },
    `Usage: npm run package:plugin -- [--out DIR] [TARGET]... (${TARGETS.join(", ")})`,
    true,
  );
  const outDir = values.out ?? join(REPO, ".tmp", "plugin");
  const unknown = named.filter((t) => !TARGETS.includes(t as Target));
  if (unknown.length) {
    console.error(`unknown target ${unknown.join(", ")}: one of ${TARGETS.join(", ")}`);
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  packagePlugin(named.length ? (named as Target[]) : TARGETS, outDir).then(
    (done) => {
      for (const p of done)
        console.log(
          `${p.tarball}: executable ${mib(p.executableBytes)}, tarball ${mib(p.tarballBytes)}${p.signed === "not needed" ? "" : `, ${p.signed}`}`,
        );
      console.log(`Node.js binaries cached in ${BUILD_CACHE}`);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
