import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packagePlugin } from "./package-plugin";
import { releaseNotes } from "./release-notes";
import { BUILD_CACHE, REPO, TARGETS } from "./standalone/node-binaries";
import { parseCommand } from "../lib/cli/args";

/**
 * `npm run release [-- --github <owner>/<repo>] [--out <dir>]`: everything a release needs, in
 * .tmp/release/v<version>/ unless --out says: the five standalone plugin tarballs, the npm
 * package, the Node.js SDK, the Python SDK as a wheel and an sdist (the standard `build` tool),
 * the schema with `pluginDownloadURL: github://api.github.com/<owner>/<repo>` (the engine then
 * fetches tag v<version> and the plugin asset of the platform), the release notes cut from
 * CHANGELOG, and SHA256SUMS of every file. The SDKs are generated from that schema, so they name
 * the download URL. The repository defaults to package.json's `repository`.
 */

const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string; repository?: string };
const version = pkg.version;
const { values: args } = parseCommand(
  process.argv.slice(2),
  { github: { type: "string" }, out: { type: "string" } },
  "Usage: npm run release -- [--github OWNER/REPO] [--out DIR]",
);
const github = args.github ?? (pkg.repository ?? "").replace(/^github:/, "");
const out = args.out ?? join(REPO, ".tmp", "release", `v${version}`);
const work = join(REPO, ".tmp", "release-work");

const run = (cmd: string, argv: string[], cwd = REPO, env: NodeJS.ProcessEnv = {}): string =>
  execFileSync(cmd, argv, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false", ...env },
  });

function step(name: string, f: () => void | Promise<void>): Promise<void> {
  const started = Date.now();
  return Promise.resolve(f()).then(() => console.log(`ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`));
}

/** A venv with Python's standard build tool, kept in the build cache. */
function buildPython(): string {
  const venv = join(BUILD_CACHE, "release-venv");
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) run("python3", ["-m", "venv", venv]);
  run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "build==1.6.1"]);
  return python;
}

async function main(): Promise<void> {
  if (!/^[\w.-]+\/[\w.-]+$/.test(github))
    throw new Error(`--github must be <owner>/<repo> (package.json's repository is "${pkg.repository ?? ""}")`);
  const notes = releaseNotes(readFileSync(join(REPO, "CHANGELOG.md"), "utf8"), version);
  rmSync(out, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  mkdirSync(work, { recursive: true });
  const schema = join(out, "schema.json");
  const npmEnv = { npm_config_cache: join(REPO, ".tmp", "npm-cache") };

  await step(`the schema, pluginDownloadURL github://api.github.com/${github}`, () => {
    run(process.execPath, [join(REPO, "dist", "scripts", "write-schema.js"), schema], REPO, {
      PULUMI_ALICLOUD_FLINK_PLUGIN_DOWNLOAD_URL: `github://api.github.com/${github}`,
    });
  });
  await step(
    "the SDKs, generated from that schema",
    () => void run("go", ["run", ".", schema, join(work, "sdk")], join(REPO, "scripts", "gen-sdk")),
  );
  await step(`the standalone plugin for ${TARGETS.join(", ")}`, async () => {
    const unsigned = (await packagePlugin(TARGETS, out)).filter((p) => p.signed === "unsigned").map((p) => p.target);
    // Apple silicon runs only signed code; the README gives the one command a Mac user then runs.
    if (unsigned.length) console.log(`WARN  ${unsigned.join(", ")} not signed: run \`npm run build:rcodesign\` first to sign them ad hoc`);
  });
  await step("the npm package", () => void run("npm", ["pack", "--silent", "--pack-destination", out], REPO, npmEnv));
  await step("the Node.js SDK", () => {
    const dir = join(work, "sdk", "nodejs");
    run("npm", ["install", "--no-audit", "--no-fund", "--silent", "--no-package-lock"], dir, npmEnv);
    run("npm", ["run", "build", "--silent"], dir);
    // Pulumi's Node.js SDKs ship their compiled bin/ with package.json and README beside it.
    for (const f of ["package.json", "README.md"]) if (existsSync(join(dir, f))) cpSync(join(dir, f), join(dir, "bin", f));
    run("npm", ["pack", "--silent", "--pack-destination", out], join(dir, "bin"), npmEnv);
  });
  await step("the Python SDK: wheel and sdist (python -m build), installed into a clean venv", () => {
    const dir = join(work, "sdk", "python");
    run(buildPython(), ["-m", "build", "--outdir", out, dir]);
    const wheel = readdirSync(out).find((f) => f.endsWith(".whl"))!;
    const clean = join(work, "clean-venv");
    run("python3", ["-m", "venv", clean]);
    run(join(clean, "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", join(out, wheel)]);
    const server = run(join(clean, "bin", "python"), [
      "-c",
      "import json, importlib.resources as r; print(json.loads(r.files('pulumi_alicloud_flink').joinpath('pulumi-plugin.json').read_text())['server'])",
    ]).trim();
    if (server !== `github://api.github.com/${github}`) throw new Error(`the installed wheel names plugin server ${server}`);
  });
  await step("the release notes, from CHANGELOG", () => writeFileSync(join(out, "RELEASE_NOTES.md"), notes));

  const files = readdirSync(out)
    .filter((f) => f !== "SHA256SUMS" && statSync(join(out, f)).isFile())
    .sort();
  const sums = files
    .map(
      (f) =>
        `${createHash("sha256")
          .update(readFileSync(join(out, f)))
          .digest("hex")}  ${f}\n`,
    )
    .join("");
  writeFileSync(join(out, "SHA256SUMS"), sums);
  rmSync(work, { recursive: true, force: true });
  console.log(`\n${out}:`);
  const size = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
  for (const f of [...files, "SHA256SUMS"]) console.log(`  ${f.padEnd(60)} ${size(statSync(join(out, f)).size).padStart(10)}`);
  console.log(
    `\nPublish: tag v${version} (and sdk/go/v${version} for the Go SDK), a GitHub release of ${github} with these files, npm publish of the two .tgz, twine upload of the wheel and sdist.`,
  );
}

main().catch((e: unknown) => {
  const err = e as { message?: string; stderr?: string };
  console.error(`release failed: ${err.message ?? String(e)}\n${err.stderr ?? ""}`);
  process.exit(1);
});
