import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { prepareConsumer, REPO } from "../support/consumer";
import { KEY_ID, SECRET, WORKSPACE } from "../support/fixtures";
import { ossDirWith, sinkJar } from "../support/oss";
import { writeLocalJar } from "../../scripts/example-jars";

const run = promisify(execFile);
const JAR = "oss://flink-bkt/connectors/acme-sink-1.2.0.jar";
const BUNDLE = "oss://flink-bkt/connectors/bundle-1.0.jar";

/** The Python interpreter with PyPI `pulumi` and the generated SDK installed (scripts/test-sdk.ts sets it up). */
const PYTHON = process.env.FLINK_SDK_PYTHON ?? join(REPO, ".tmp", "py-sdk", "bin", "python");

/** Two emulators (the default provider's and an explicit provider's) reading JARs from one OSS directory. */
async function twoEmulators(jars: Parameters<typeof ossDirWith>[0]): Promise<[Emulator, Emulator]> {
  const ossDir = ossDirWith(jars);
  const keys = [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }];
  return [await startEmulator({ keys, ossDir }), await startEmulator({ keys, ossDir })];
}

/**
 * Runs a script of tests/sdk with the forwarding mocks' environment (the packed package's plugin, the
 * default provider's emulator and AccessKey) plus `env`; its last stdout line is JSON.
 */
async function runPython<T>(script: string, emulatorUrl: string, env: Record<string, string>): Promise<{ out: T; stderr: string }> {
  const base = {
    PATH: process.env.PATH ?? "",
    HOME: join(REPO, ".tmp"),
    NODE: process.execPath,
    PLUGIN_MAIN: join(prepareConsumer(), "node_modules", "pulumi-alicloud-flink", "dist", "lib", "plugin", "main.js"),
    KEY_ID,
    KEY_SECRET: SECRET,
    EMULATOR_URL: emulatorUrl,
  };
  const r = await run(PYTHON, [join(REPO, "tests", "sdk", script)], { env: { ...base, ...env }, maxBuffer: 16 * 1024 * 1024 });
  return { out: JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as T, stderr: r.stderr };
}

// The generated Python SDK, in a Python program under pulumi.runtime.set_mocks whose new_resource
// and call forward to the real plugin (the packed package's) over gRPC.
describe("the generated Python SDK against the real plugin", function () {
  this.timeout(180_000);
  let emu: Emulator;
  let other: Emulator;
  let out: { results: Record<string, Record<string, unknown>>; seen: Record<string, Array<Record<string, unknown>>> };
  let stderr = "";

  before(async () => {
    [emu, other] = await twoEmulators({ [JAR]: sinkJar("acme-sink"), [BUNDLE]: { connectors: [{ name: "bundle-sink" }, { name: "bundle-extra", split: true }] } });
    ({ out, stderr } = await runPython<typeof out>("python_program.py", emu.url, { WORKSPACE, NAMESPACE: "python", JAR, BUNDLE_JAR: BUNDLE, OTHER_EMULATOR_URL: other.url }));
  });

  after(async () => {
    await emu?.close();
    await other?.close();
  });

  it("creates a connector with Python's names, mapped to the schema's by the SDK and accepted by the plugin's Check", () => {
    expect(out.seen.resources.find((r) => r.name === "sink")).to.deep.include({ type: "alicloud-flink:index:FlinkConnector", inputKeys: ["connectorName", "jarUrl", "namespaceName", "workspaceId"] });
    expect(out.seen.resources.find((r) => r.name === "bundle")).to.deep.include({ inputKeys: ["connectorNames", "jarUrl", "namespaceName", "workspaceId"] });
    expect(out.results.sink).to.deep.equal({ id: `${WORKSPACE}:python:acme-sink`, connectorType: "acme-sink", sink: true, connectorNames: ["acme-sink"] });
    expect(emu.connectors(WORKSPACE, "python").map((c) => c.name)).to.deep.equal(["acme-sink"]);
  });

  it("registers a JAR of two connectors through an explicit Provider: its own plugin, endpoint and settings", () => {
    expect(out.seen.providers).to.deep.equal([{ name: "second", keys: ["accessKey", "endpoint", "maxAttempts", "secretKey"] }]);
    expect(out.results.bundle).to.deep.equal({
      id: `${WORKSPACE}:python:bundle-extra,bundle-sink`,
      connectorNames: ["bundle-extra", "bundle-sink"],
      connectors: [
        { name: "bundle-extra", connectorType: "bundle-extra", source: true },
        { name: "bundle-sink", connectorType: "bundle-sink", source: true },
      ],
    });
    expect(other.connectors(WORKSPACE, "python").map((c) => c.name).sort()).to.deep.equal(["bundle-extra", "bundle-sink"]);
    expect(emu.connectors(WORKSPACE, "python").map((c) => c.name)).to.not.include("bundle-sink");
  });

  it("calls getFlinkConnectors through the plugin's Invoke, with snake_case fields in the result", () => {
    expect(out.seen.calls).to.deep.equal([{ token: "alicloud-flink:index:getFlinkConnectors", argKeys: ["nameRegex", "namespaceName", "workspaceId"] }]);
    expect(out.results.found).to.deep.equal({ names: ["acme-sink"], connectors: [{ id: `${WORKSPACE}:python:acme-sink`, name: "acme-sink", sink: true, supportedFormats: [] }] });
  });

  it("never shows the secret in what the plugins and the program printed", () => {
    expect(stderr).to.contain("[alicloud-flink] registering");
    expect(stderr).to.not.contain(SECRET);
  });
});

// examples/python/__main__.py, unchanged, under the same forwarding mocks: what its README promises.
describe("examples/python against the real plugin", function () {
  this.timeout(180_000);
  let emu: Emulator;
  let staging: Emulator;
  let out: { seen: Record<string, Array<Record<string, unknown>>> };

  before(async () => {
    const bucket = "oss://flink-artifacts/connectors";
    [emu, staging] = await twoEmulators({
      [`${bucket}/acme-sink-1.2.0.jar`]: sinkJar("acme-sink"),
      [`${bucket}/acme-sink-1.3.0.jar`]: sinkJar("acme-sink"),
      [`${bucket}/acme-kafka-bundle-1.0.jar`]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert-kafka", split: true }] },
    });
    ({ out } = await runPython<typeof out>("run_example.py", emu.url, {
      EXAMPLE_WORKSPACEID: WORKSPACE,
      EXAMPLE_NAMESPACENAME: "example",
      EXAMPLE_STAGINGENDPOINT: staging.url,
      EXAMPLE_LOCALJAR: writeLocalJar(mkdtempSync(join(tmpdir(), "example-local-jar-"))),
      // The explicit provider in the example sets only its endpoint: credentials from the environment.
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
    }));
  });

  after(async () => {
    await emu?.close();
    await staging?.close();
  });

  it("registers its connectors, the staging one through its explicit provider, and lists them with the function", () => {
    expect(out.seen.resources.map((r) => r.name).sort()).to.deep.equal(["acme-kafka", "acme-local", "acme-sink", "acme-sink-staging"]);
    expect(emu.connectors(WORKSPACE, "example").map((c) => c.name).sort()).to.deep.equal([
      "acme-kafka",
      "acme-local",
      "acme-sink",
      "acme-upsert-kafka",
    ]);
    // The local JAR went through the platform's upload, once.
    expect(emu.uploads().map((u) => u.fileName)).to.have.length(1);
    expect(staging.connectors(WORKSPACE, "example").map((c) => c.name)).to.deep.equal(["acme-sink"]);
    expect(out.seen.providers.map((p) => p.name)).to.deep.equal(["staging"]);
    expect(out.seen.calls.map((c) => c.token)).to.deep.equal(["alicloud-flink:index:getFlinkConnectors"]);
  });
});
