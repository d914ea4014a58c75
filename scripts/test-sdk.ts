import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { PluginDriver } from "../tests/support/plugin";
import { hostTarget } from "./standalone/node-binaries";
import { assetName } from "./package-plugin";

/**
 * `npm run test:sdk`: the SDKs generated from the native provider's schema are the committed ones,
 * and each works. Steps, each reported:
 *  1. the schema the plugin serves equals sdk/schema.json;
 *  2. Pulumi's codegen (scripts/gen-sdk, Go) regenerates exactly the committed sdk/{python,go,nodejs};
 *  3. the Go SDK builds and vets; 4. the Node.js SDK compiles;
 *  5. the Python SDK, installed with PyPI `pulumi` in a venv, runs a program whose mocks forward to
 *     the real plugin (tests/sdk/python-sdk.spec.ts);
 *  6. the standalone plugin tarball of this machine (npm run package:plugin) starts as the engine starts it.
 * Needs go, python3 and the registries (Go module proxy, PyPI); the first run downloads about 1 GB
 * of Go modules.
 */

const REPO = resolve(__dirname, "..", "..");
const TMP = join(REPO, ".tmp");
const failures: string[] = [];

async function step(name: string, run: () => void | Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await run();
    console.log(`ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    const err = e as { message?: string; stdout?: Buffer | string; stderr?: Buffer | string };
    console.log(`FAIL  ${name}\n${String(err.stdout ?? "")}${String(err.stderr ?? "")}${err.message ?? ""}`);
    failures.push(name);
  }
}

const sh = (cmd: string, args: string[], cwd = REPO, env: NodeJS.ProcessEnv = process.env): string =>
  execFileSync(cmd, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  const fresh = join(TMP, "schema.json");

  await step("the plugin's schema is the committed sdk/schema.json", () => {
    sh(process.execPath, [join(REPO, "dist", "scripts", "write-schema.js"), fresh]);
    if (readFileSync(fresh, "utf8") !== readFileSync(join(REPO, "sdk", "schema.json"), "utf8"))
      throw new Error("sdk/schema.json is stale: run `npm run gen-sdk` and commit.");
  });

  await step("Pulumi's codegen regenerates exactly the committed SDKs", () => {
    console.log(sh("go", ["run", ".", "-check", fresh, join(REPO, "sdk")], join(REPO, "scripts", "gen-sdk")).trim());
  });

  await step("the Go SDK builds and vets", () => {
    const dir = join(TMP, "sdk-go");
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(REPO, "sdk", "go"), dir, { recursive: true });
    // The committed go.mod and go.sum (pinned and tidied by gen-sdk) must build as they are.
    sh("go", ["build", "-mod=readonly", "./..."], dir);
    sh("go", ["vet", "-mod=readonly", "./..."], dir);
  });

  await step("the Node.js SDK compiles", () => {
    const dir = join(TMP, "sdk-nodejs");
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(REPO, "sdk", "nodejs"), dir, { recursive: true });
    // Its own dependencies, as its package.json asks (a newer @pulumi/pulumi than this package needs).
    sh("npm", ["install", "--no-audit", "--no-fund", "--silent", "--no-package-lock"], dir, {
      ...process.env,
      npm_config_cache: join(TMP, "npm-cache"),
    });
    sh("npm", ["run", "build", "--silent"], dir);
  });

  await step("the Python SDK runs against the real plugin", () => {
    const venv = join(TMP, "py-sdk");
    const python = join(venv, "bin", "python");
    if (!existsSync(python)) sh("python3", ["-m", "venv", venv]);
    sh(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", join(REPO, "tests", "sdk", "requirements.txt")]);
    // Installed from a copy: pip writes build/ and *.egg-info next to the sources.
    const copy = join(TMP, "sdk-python");
    rmSync(copy, { recursive: true, force: true });
    cpSync(join(REPO, "sdk", "python"), copy, { recursive: true });
    sh(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--force-reinstall", "--no-deps", copy]);
    console.log(
      sh(
        process.execPath,
        [
          join(REPO, "node_modules", "mocha", "bin", "mocha.js"),
          "--config",
          join(REPO, ".mocharc.json"),
          join(REPO, "dist", "tests", "sdk", "python-sdk.spec.js"),
        ],
        REPO,
        { ...process.env, FLINK_SDK_PYTHON: python },
      ),
    );
  });

  await step("the standalone plugin tarball starts as the engine starts it, with no Node.js on PATH", async () => {
    // The standalone plugin of this machine only: npm run test:cli drives it under the real CLI.
    const target = hostTarget();
    if (!target) throw new Error(`no standalone plugin is built for ${process.platform}-${process.arch}`);
    console.log(sh(process.execPath, [join(REPO, "dist", "scripts", "package-plugin.js"), target]).trim());
    // This version's tarball for this machine: the folder may hold others (earlier versions, other targets).
    const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
    const tarball = assetName(version, target);
    const dir = join(TMP, "plugin", "installed");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    sh("tar", ["-xzf", join(TMP, "plugin", tarball), "-C", dir]);
    const plugin = new PluginDriver(REPO, { executable: join(dir, "pulumi-resource-alicloud-flink") }, { PATH: join(dir, "no-node-here") });
    await plugin.start();
    try {
      if ((await plugin.pluginInfo()) !== version) throw new Error("the installed plugin reports another version");
      if ((await plugin.schema()).name !== "alicloud-flink") throw new Error("the installed plugin serves another schema");
    } finally {
      await plugin.stop();
    }
  });

  const total = 6;
  console.log(
    failures.length ? `\n${failures.length} of ${total} SDK checks failed: ${failures.join("; ")}` : `\nAll ${total} SDK checks passed.`,
  );
  process.exit(failures.length ? 1 : 0);
}

void main();
