import { expect } from "chai";
import { execFile } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import * as ts from "typescript";
import { startEmulator } from "../../lib/emulator/server";
import { REPO, captureProgram, prepareConsumer } from "../support/consumer";

describe("the examples against the packed package", function () {
  this.timeout(120_000);

  it("type-checks as a user's program would", async () => {
    const dir = prepareConsumer();
    copyFileSync(join(REPO, "examples", "basic", "index.ts"), join(dir, "index.ts"));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ["node"] }, files: ["index.ts"] }),
    );
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    await promisify(execFile)(process.execPath, [tsc, "-p", dir], { cwd: dir });
  });

  it("examples/with-oss (a JAR uploaded with @pulumi/alicloud, then registered) type-checks as a user's program would", async () => {
    const dir = prepareConsumer();
    copyFileSync(join(REPO, "examples", "with-oss", "index.ts"), join(dir, "with-oss.ts"));
    writeFileSync(
      join(dir, "tsconfig.oss.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ["node"] }, files: ["with-oss.ts"] }),
    );
    await promisify(execFile)(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.oss.json")], { cwd: dir });
  });

  it("declares two connectors and lists the namespace through getFlinkConnectorsOutput", async () => {
    const emu = await startEmulator();
    try {
      emu.putConnector("a14bd5d90a0001", "default-namespace", { name: "acme-sink" });
      emu.putConnector("a14bd5d90a0001", "default-namespace", { name: "other" });
      const dir = prepareConsumer();
      const source = ts.transpileModule(ts.sys.readFile(join(REPO, "examples", "basic", "index.ts")) ?? "", {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      }).outputText;
      writeFileSync(join(dir, "example.js"), source);
      const config = { "alicloud-flink:endpoint": emu.url, "alicloud:accessKey": emu.credentials.accessKeyId, "alicloud:secretKey": emu.credentials.accessKeySecret };
      const resources = await captureProgram(
        dir,
        `const ex = require("./example.js"); return [ex.sink, ex.source];`,
        { PULUMI_CONFIG: JSON.stringify(config) },
      );
      expect(resources.map((r) => [r.type, r.name, r.inputs.connectorName])).to.deep.equal([
        ["pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", "acme-sink", "acme-sink"],
        ["pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", "acme-source", "acme-source"],
      ]);
      expect(resources[0].inputs.jarUrl).to.equal("oss://flink-artifacts/connectors/acme-sink-1.2.0.jar");
      expect(emu.calls("ListCustomConnectors")).to.equal(1);
    } finally {
      await emu.close();
    }
  });
});
