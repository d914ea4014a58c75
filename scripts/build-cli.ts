import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { BUILD_CACHE, REPO } from "./standalone/node-binaries";

/**
 * `npm run build:cli`: the real `pulumi` CLI and its YAML language host, built from the Go module
 * proxy at the versions pinned in scripts/real-cli/ (go.mod and go.sum for the CLI, versions.json
 * for both) into the build cache, and reused when already there. For tests only: nothing the
 * package ships needs them. About 8 minutes and 2 GB of modules cold on 2 cores.
 */

const MODULE = join(REPO, "scripts", "real-cli");
const VERSIONS = JSON.parse(readFileSync(join(MODULE, "versions.json"), "utf8")) as { pulumi: string; pulumiLanguageYaml: string };

export interface RealCli {
  /** The folder holding `pulumi` and `pulumi-language-yaml`: put it first on PATH. */
  readonly bin: string;
  readonly pulumi: string;
  readonly versions: typeof VERSIONS;
}

function go(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void {
  execFileSync("go", args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
}

export function realCli(log: (line: string) => void = () => undefined): RealCli {
  const bin = join(BUILD_CACHE, "cli", `pulumi-${VERSIONS.pulumi}-yaml-${VERSIONS.pulumiLanguageYaml}`);
  const pulumi = join(bin, "pulumi");
  if (existsSync(pulumi) && existsSync(join(bin, "pulumi-language-yaml"))) return { bin, pulumi, versions: VERSIONS };
  const partial = `${bin}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  log(`building pulumi ${VERSIONS.pulumi} (scripts/real-cli/go.mod)`);
  const ldflags = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${VERSIONS.pulumi}`;
  go(["build", "-mod=readonly", "-o", join(partial, "pulumi"), "-ldflags", ldflags, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"], MODULE);
  log(`building pulumi-language-yaml ${VERSIONS.pulumiLanguageYaml}`);
  go(["install", `github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@${VERSIONS.pulumiLanguageYaml}`], REPO, { GOBIN: partial });
  rmSync(bin, { recursive: true, force: true });
  renameSync(partial, bin);
  return { bin, pulumi, versions: VERSIONS };
}

if (require.main === module) {
  const cli = realCli((line) => console.log(line));
  console.log(`${cli.bin}: pulumi ${cli.versions.pulumi}, pulumi-language-yaml ${cli.versions.pulumiLanguageYaml}`);
}
