import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * A consumer project that installed the *packed* package, as a user's program would: the
 * `npm pack` tarball is unpacked into node_modules/pulumi-alicloud-flink (a real directory,
 * not a link: a linked package would be serialized by value). Its dependencies are the
 * repository's installed ones, linked, so no registry access is needed.
 */
export const REPO = resolve(__dirname, "..", "..", "..");
const ROOT = join(REPO, ".tmp");

const prepared = new Map<string, string>();

/** Prepares (once per process and name) the consumer project `.tmp/<name>`. */
export function prepareConsumer(name = "consumer"): string {
  const done = prepared.get(name);
  if (done) return done;
  const packDir = join(ROOT, `${name}-pack`);
  mkdirSync(packDir, { recursive: true });
  const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", packDir], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, npm_config_cache: join(ROOT, "npm-cache"), npm_config_update_notifier: "false" },
  });
  const tarball = join(packDir, out.trim().split("\n").pop() ?? "");
  const dir = join(ROOT, name);
  rmSync(dir, { recursive: true, force: true });
  const pkgDir = join(dir, "node_modules", "pulumi-alicloud-flink");
  mkdirSync(pkgDir, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", pkgDir, "--strip-components=1"]);
  rmSync(tarball);
  for (const entry of readdirSync(join(REPO, "node_modules"))) {
    const target = join(dir, "node_modules", entry);
    if (entry.startsWith(".") || existsSync(target)) continue;
    symlinkSync(join(REPO, "node_modules", entry), target);
  }
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      { name: "flink-consumer", private: true, dependencies: { "pulumi-alicloud-flink": "file:pulumi-alicloud-flink.tgz" } },
      null,
      2,
    ),
  );
  prepared.set(name, dir);
  return dir;
}

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/**
 * Runs a program in the consumer project under pulumi.runtime.setMocks and returns each
 * resource it registered (type, name, inputs with the serialized `__provider`). `body` is the
 * program; it returns the resources (or outputs) to wait for.
 */
export async function captureProgram(dir: string, body: string, env: Record<string, string> = {}): Promise<CapturedResource[]> {
  const file = join(dir, "capture-program.js");
  writeFileSync(
    file,
    `const pulumi = require("@pulumi/pulumi");
const captured = [];
pulumi.runtime.setMocks({
  newResource: (a) => { captured.push({ type: a.type, name: a.name, inputs: a.inputs }); return { id: a.name + "-id", state: a.inputs }; },
  call: () => ({}),
}, "flink-consumer", "dev", false);
const flink = require("pulumi-alicloud-flink");
const resources = (() => { ${body} })();
pulumi.all(resources.map((r) => (pulumi.Output.isInstance(r) ? r : r.id))).apply(() => { process.stdout.write(JSON.stringify(captured)); });
`,
  );
  // Asynchronous: the program may call an emulator that runs in this very process.
  const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
  return JSON.parse(stdout) as CapturedResource[];
}
