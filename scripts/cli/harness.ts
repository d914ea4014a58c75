import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The real `pulumi` CLI run as a user runs it, with a home, a local (file://) backend and a
 * project folder of its own, and nothing on PATH but the CLI and its YAML language host (so the
 * standalone plugin shows it needs no Node.js). Every command's output is kept for leak checks.
 */

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly text: string;
}

export class CliFailure extends Error {}

export class PulumiCli {
  /** Everything every command printed, for the leak checks. */
  readonly transcript: string[] = [];
  readonly home: string;
  readonly backend: string;

  constructor(
    readonly root: string,
    readonly bin: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.home = join(root, "home");
    this.backend = join(root, "backend");
    mkdirSync(this.home, { recursive: true });
    mkdirSync(this.backend, { recursive: true });
  }

  env(): NodeJS.ProcessEnv {
    return {
      PATH: this.bin,
      HOME: this.home,
      PULUMI_HOME: join(this.home, ".pulumi"),
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "test-cli-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
      ...this.extraEnv,
    };
  }

  /** Runs `pulumi <args>` in `cwd`; throws when the exit code is not the one expected (0 unless told). */
  run(
    args: readonly string[],
    cwd: string,
    options: { expectCode?: "nonzero" | 0; env?: Record<string, string>; stdin?: string } = {},
  ): Promise<Ran> {
    return new Promise((resolve, reject) => {
      const child = spawn(join(this.bin, "pulumi"), [...args, "--non-interactive"], {
        cwd,
        env: { ...this.env(), ...options.env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      child.stdin.end(options.stdin ?? "");
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
      child.on("error", reject);
      child.on("close", (code) => {
        const text = `${stdout}${stderr}`;
        this.transcript.push(`$ pulumi ${args.join(" ")}\n${text}`);
        const ran = { code: code ?? -1, stdout, stderr, text };
        const wanted = options.expectCode ?? 0;
        const ok = wanted === "nonzero" ? ran.code !== 0 : ran.code === wanted;
        if (ok) resolve(ran);
        else
          reject(
            new CliFailure(
              `pulumi ${args.join(" ")} exited ${ran.code} (expected ${wanted === "nonzero" ? "non-zero" : wanted}):\n${text}`,
            ),
          );
      });
    });
  }
}

/** A YAML project folder: Pulumi.yaml from a program text. */
export function yamlProject(dir: string, name: string, program: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: yaml\n${program}`);
  return dir;
}

/** Every file under `dir` whose bytes contain `needle`. */
export function filesHolding(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (s.size < 64 * 1024 * 1024 && readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}
