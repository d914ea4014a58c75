import { expect } from "chai";
import { execFile } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import * as ts from "typescript";
import { startEmulator } from "../../lib/emulator/server";
import { REPO, captureProgram, prepareConsumer } from "../support/consumer";

/** Type-checks `example` (a path under examples/) in the consumer project, as a user's program would be. */
async function typeCheck(example: string): Promise<void> {
  const dir = prepareConsumer();
  const file = `${example.replace(/[/\\]/g, "-")}.ts`;
  copyFileSync(join(REPO, "examples", example, "index.ts"), join(dir, file));
  const config = join(dir, `tsconfig.${file}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node",
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
      },
      files: [file],
    }),
  );
  await promisify(execFile)(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", config], { cwd: dir });
}

describe("the examples against the packed package", function () {
  this.timeout(120_000);

  it("examples/basic type-checks as a user's program would", () => typeCheck("basic"));

  it("examples/with-oss (a JAR uploaded with @pulumi/alicloud, then registered) type-checks as a user's program would", () =>
    typeCheck("with-oss"));

  it("declares two connectors, one JAR of two connectors, and lists the namespace through getFlinkConnectorsOutput", async () => {
    const emu = await startEmulator();
    try {
      emu.putConnector("a14bd5d90a0001", "default-namespace", { name: "acme-sink" });
      emu.putConnector("a14bd5d90a0001", "default-namespace", { name: "other" });
      const dir = prepareConsumer();
      const source = ts.transpileModule(ts.sys.readFile(join(REPO, "examples", "basic", "index.ts")) ?? "", {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      }).outputText;
      writeFileSync(join(dir, "example.js"), source);
      const config = {
        "alicloud-flink:endpoint": emu.url,
        "alicloud:accessKey": emu.credentials.accessKeyId,
        "alicloud:secretKey": emu.credentials.accessKeySecret,
      };
      const resources = await captureProgram(
        dir,
        `const ex = require("./example.js"); return [ex.sinkId, ex.sourceId, ex.kafkaConnectors, ex.localConnectors, ex.connectors];`,
        { PULUMI_CONFIG: JSON.stringify(config) },
      );
      const byName = [...resources].sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(byName.map((r) => [r.type, r.name, r.inputs.connectorName])).to.deep.equal([
        ["pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", "acme-kafka", undefined],
        ["pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", "acme-local", undefined],
        ["pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", "acme-sink", "acme-sink"],
        ["pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", "acme-source", "acme-source"],
      ]);
      expect(byName[1].inputs.jarFile).to.equal("../../.tmp/jars/acme-local-1.0.jar");
      const resourcesByName = Object.fromEntries(resources.map((r) => [r.name, r]));
      expect(resourcesByName["acme-kafka"].inputs.connectorNames).to.deep.equal(["acme-kafka", "acme-upsert-kafka"]);
      expect(resourcesByName["acme-sink"].inputs.jarUrl).to.equal("oss://flink-artifacts/connectors/acme-sink-1.2.0.jar");
      expect(emu.calls("ListCustomConnectors")).to.equal(1);
    } finally {
      await emu.close();
    }
  });
});
