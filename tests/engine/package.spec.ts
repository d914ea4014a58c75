import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { prepareConsumer, REPO } from "../support/consumer";
import { EngineDriver } from "../support/engine";

/** Runs `code` with node inside the consumer project, which installed the packed package; returns its JSON output. */
function inConsumer(dir: string, code: string): unknown {
  const file = join(dir, "probe-entry.js");
  writeFileSync(file, `const out = (() => { ${code} })();\nprocess.stdout.write(JSON.stringify(out));\n`);
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" }));
}

describe("the packed package: a narrow public API and the path every existing state requires", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = prepareConsumer();
  });

  it("exports what programs use from the main entry, and loads no emulator with it", () => {
    const r = inConsumer(
      dir,
      `const m = require("pulumi-alicloud-flink");
       return { names: Object.keys(m).sort(), emulatorLoaded: Object.keys(require.cache).some((p) => p.includes("/emulator/")) };`,
    ) as { names: string[]; emulatorLoaded: boolean };
    expect(r.names).to.deep.equal(
      [
        "ConfigurationError",
        "ConnectorOperationError",
        "FlinkApiError",
        "FlinkConnector",
        "FlinkUdfArtifact",
        "JarReadError",
        "UdfOperationError",
        "WriteFailure",
        "describeWarning",
        "getFlinkConnectors",
        "getFlinkConnectorsOutput",
        "getFlinkUdfArtifacts",
        "inspectConnectorJar",
        "jarContentVersion",
        "readUdfJar",
      ].sort(),
    );
    expect(r.emulatorLoaded).to.equal(false);
  });

  it("serves the emulator and the service from their own entries", () => {
    const r = inConsumer(
      dir,
      `const e = require("pulumi-alicloud-flink/emulator");
       const s = require("pulumi-alicloud-flink/service");
       return { emulator: typeof e.startEmulator, jars: typeof e.buildConnectorJar, service: typeof s.FlinkConnectorService, client: typeof s.VervericaConnectorClient };`,
    );
    expect(r).to.deep.equal({ emulator: "function", jars: "function", service: "function", client: "function" });
  });

  it("keeps internals private", () => {
    const r = inConsumer(
      dir,
      `try { require("pulumi-alicloud-flink/dist/lib/client/connector-client.js"); return "loaded"; } catch (e) { return e.code; }`,
    );
    expect(r).to.equal("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it('still serves require("pulumi-alicloud-flink/dist/lib/provider/instance.js"), which states written by 0.1.0 hold', () => {
    const r = inConsumer(
      dir,
      `const p = require("pulumi-alicloud-flink/dist/lib/provider/instance.js");
       return ["check", "diff", "create", "read", "update", "delete", "configure"].map((m) => typeof p[m]);`,
    );
    expect(r).to.deep.equal(Array(7).fill("function"));
  });

  describe("a stack whose state was written by 0.1.0", () => {
    const provider010 = readFileSync(join(REPO, "tests", "fixtures", "provider-0.1.0.txt"), "utf8");
    let emu: Emulator;
    before(async () => {
      emu = await startEmulator();
    });
    after(() => emu?.close());

    it("refreshes, updates and destroys with the serialized provider of 0.1.0", async () => {
      expect(provider010).to.contain('require("pulumi-alicloud-flink/dist/lib/provider/instance.js")');
      emu.putConnector("ws", "prod", { name: "acme-sink" });
      const inputs = {
        workspaceId: "ws",
        namespaceName: "prod",
        connectorName: "acme-sink",
        jarUrl: "oss://b/acme-sink-1.0.jar",
        adoptExisting: false,
        contentVersion: "",
        __provider: provider010,
      };
      const outputs = {
        ...inputs,
        connectorType: "acme-sink",
        source: false,
        sink: true,
        lookup: false,
        supportedFormats: [],
        dependencies: [],
        properties: [],
        creator: "u",
        creatorName: "u",
        modifier: "u",
        modifierName: "u",
      };
      const engine = new EngineDriver(dir, "flink-consumer", new Map([["sink", { id: "ws:prod:acme-sink", inputs, outputs }]]));
      await engine.start();
      try {
        await engine.configure({
          "alicloud:accessKey": emu.credentials.accessKeyId,
          "alicloud:secretKey": emu.credentials.accessKeySecret,
          "alicloud-flink:endpoint": emu.url,
        });
        expect(await engine.refresh("sink")).to.deep.include({ op: "refresh" });
        expect(await engine.up("sink", { ...inputs, jarUrl: "oss://b/acme-sink-2.0.jar" })).to.deep.include({ op: "update" });
        expect(emu.jarOf("ws", "prod", "acme-sink")).to.equal("oss://b/acme-sink-2.0.jar");
        expect(await engine.destroy("sink")).to.deep.include({ op: "delete" });
        expect(emu.connectors("ws", "prod")).to.deep.equal([]);
      } finally {
        await engine.stop();
      }
    });
  });
});
