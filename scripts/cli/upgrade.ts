import { readFileSync, writeFileSync } from "node:fs";
import { parseCommand } from "../../lib/cli/args";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../lib/emulator";
import { REPO } from "../standalone/node-binaries";
import { PulumiCli, yamlProject } from "./harness";
import { connectorYaml, NAMESPACE, WORKSPACE } from "./programs";

/**
 * The upgrade test: a stack made with the previous release's plugin (tests/fixtures/
 * cli-stack-0.1.0.json, a `pulumi stack export` made by `--make` below) is imported into a new
 * stack, its connectors put on the emulator, and `pulumi preview --expect-no-changes` must pass
 * with this plugin. Endpoint and keys come from the environment, so the fixture holds no port and
 * no secret.
 */

export const FIXTURE = join(REPO, "tests", "fixtures", "cli-stack-0.1.0.json");
const BUNDLE = "oss://flink-artifacts/connectors/acme-kafka-bundle-1.0.jar";
const BUNDLED = ["acme-kafka", "acme-upsert-kafka"];

const PROGRAM = `resources:
${connectorYaml("acme-sink", ["acme-sink"], "oss://flink-artifacts/connectors/acme-sink-1.2.0.jar")}${connectorYaml("acme-kafka", BUNDLED, BUNDLE, "      contentVersion: sha256-1\n")}`;

const envFor = (e: Emulator): Record<string, string> => ({
  ALICLOUD_FLINK_ENDPOINT: e.url,
  ALIBABA_CLOUD_ACCESS_KEY_ID: e.credentials.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: e.credentials.accessKeySecret,
});

const emulatorOptions = { jars: { [BUNDLE]: { connectors: BUNDLED.map((name) => ({ name })) } } };

/** Runs the upgrade test with the plugin `cli` has installed. */
export async function upgradeFromFixture(cli: PulumiCli, dir: string): Promise<void> {
  const e = await startEmulator(emulatorOptions);
  try {
    const project = yamlProject(dir, "cli-upgrade", PROGRAM);
    const env = envFor(e);
    await cli.run(["stack", "init", "legacy"], project, { env });
    await cli.run(["stack", "import", "--file", FIXTURE], project, { env });
    for (const name of ["acme-sink", ...BUNDLED]) e.putConnector(WORKSPACE, NAMESPACE, { name });
    await cli.run(["preview", "--expect-no-changes"], project, { env });
    await cli.run(["refresh", "--yes", "--expect-no-changes"], project, { env });
    await cli.run(["preview", "--expect-no-changes"], project, { env });
  } finally {
    await e.close();
  }
}

/** `node dist/scripts/cli/upgrade.js --make <bin of the CLI> <previous plugin tarball> <version>`: writes the fixture. */
async function make(bin: string, tarball: string, version: string): Promise<void> {
  const root = join(REPO, ".tmp", "cli-fixture");
  // The 0.1.0 plugin is a Node.js script: this one run has node on PATH.
  const cli = new PulumiCli(root, bin, { PATH: `${bin}:/usr/bin:/bin` });
  const e = await startEmulator(emulatorOptions);
  try {
    const project = yamlProject(join(root, "project"), "cli-upgrade", PROGRAM);
    const env = envFor(e);
    await cli.run(["plugin", "install", "resource", "alicloud-flink", version, "--file", tarball], root);
    await cli.run(["stack", "init", "legacy"], project, { env });
    await cli.run(["up", "--yes"], project, { env });
    const state = (await cli.run(["stack", "export"], project, { env })).stdout;
    const secret = e.credentials.accessKeySecret;
    if (state.includes(secret) || state.includes(String(e.port))) throw new Error("the export holds the emulator's secret or port");
    writeFileSync(FIXTURE, state);
    console.log(`wrote ${FIXTURE} (${readFileSync(FIXTURE).length} bytes) with the ${version} plugin`);
  } finally {
    await e.close();
  }
}

if (require.main === module) {
  const { values, positionals } = parseCommand(
    process.argv.slice(2),
    { make: { type: "boolean" } },
    "Usage: upgrade --make PULUMI_BIN TARBALL VERSION",
    true,
  );
  const [bin, tarball, version] = positionals;
  if (values.make) void make(bin, tarball, version);
}
