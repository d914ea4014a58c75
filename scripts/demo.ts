/**
 * `npm run demo`: the example program (examples/basic) taken through preview, up, a JAR
 * upgrade, refresh and destroy, through the real Pulumi dynamic-provider host, against the
 * bundled emulator. No network, no credentials, no pulumi CLI.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ts from "typescript";
import { formatInspection } from "../lib/cli/inspect-jar";
import { startEmulator, type Emulator } from "../lib/emulator/server";
import { inspectConnectorJar } from "../lib/jar/inspect";
import { getFlinkConnectors } from "../lib/resource/get-flink-connectors";
import { FlinkConnectorService } from "../lib/service/connector-service";
import { REPO, captureProgram, prepareConsumer, type CapturedResource } from "../tests/support/consumer";
import { EngineDriver, type StepReport } from "../tests/support/engine";
import { EXAMPLE_BUCKET, writeExampleJars } from "./example-jars";

const PROJECT = "flink-consumer";
const WORKSPACE = "a14bd5d90a0001";
const NAMESPACE = "default-namespace";

const SYMBOL: Record<string, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " ", refresh: "~", gone: "-" };

function calls(emu: Emulator): string {
  return `API calls: Register ${emu.calls("RegisterCustomConnector")}, List ${emu.calls("ListCustomConnectors")}, Delete ${emu.calls("DeleteCustomConnector")}`;
}

function line(r: StepReport, verb: string, detail = ""): void {
  console.log(
    `  ${(SYMBOL[r.op] ?? "!").padEnd(2)} ${r.name.padEnd(12)} ${verb.padEnd(10)} ${detail}${r.error ? `\n       error: ${r.error}` : ""}`,
  );
}

function runProgram(dir: string, program: string, emu: Emulator, stackConfig: Record<string, string>): Promise<CapturedResource[]> {
  writeFileSync(join(dir, "example.js"), program);
  const config = {
    ...stackConfig,
    "alicloud-flink:endpoint": emu.url,
    "alicloud:accessKey": emu.credentials.accessKeyId,
    "alicloud:secretKey": emu.credentials.accessKeySecret,
  };
  return captureProgram(dir, `const ex = require("./example.js"); return [ex.sinkId, ex.sourceId, ex.kafkaConnectors, ex.connectors];`, {
    PULUMI_CONFIG: JSON.stringify(config),
  });
}

async function main(): Promise<void> {
  console.log("Building the example's connector JARs, starting the local Ververica emulator and packing pulumi-alicloud-flink...");
  const oss = writeExampleJars(mkdtempSync(join(tmpdir(), "flink-demo-oss-")));
  const emu = await startEmulator({ ossDir: oss });
  const ossPath = (file: string): string => join(oss, ...`${EXAMPLE_BUCKET}/${file}`.slice("oss://".length).split("/"));
  const dir = prepareConsumer("demo");
  const source = readFileSync(join(REPO, "examples", "basic", "index.ts"), "utf8");
  const program = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const stackConfig = {
    "alicloud:accessKey": emu.credentials.accessKeyId,
    "alicloud:secretKey": emu.credentials.accessKeySecret,
    "alicloud-flink:endpoint": emu.url,
  };
  // Like the engine: a new provider host per `pulumi` command, the stack state carried between them.
  let engine = new EngineDriver(dir, PROJECT);
  const command = async (title: string): Promise<void> => {
    await engine.stop();
    engine = new EngineDriver(dir, PROJECT, engine.state);
    await engine.start();
    await engine.configure(stackConfig, ["alicloud:secretKey"]);
    console.log(`\n$ ${title}`);
    emu.clearRequests();
  };
  const service = new FlinkConnectorService({ endpoint: emu.url, credentials: emu.credentials, env: {} });
  let failed = false;
  try {
    const stage = (sinkVersion: string) => runProgram(dir, program, emu, { [`${PROJECT}:sinkVersion`]: sinkVersion });

    console.log("\n$ alicloud-flink inspect-jar <JAR>      (what the platform registers from each JAR, before pulumi up)");
    for (const file of ["acme-sink-1.2.0.jar", "acme-kafka-bundle-1.0.jar", "acme-formats-1.0.jar"]) {
      const text = formatInspection(await inspectConnectorJar(ossPath(file)));
      console.log(`  ${text.replace(oss, "<oss>").split("\n").join("\n  ")}\n`);
    }

    await command(`pulumi preview      (example program: examples/basic, emulator ${emu.url} reading JARs from ${oss})`);
    for (const r of await stage("1.2.0"))
      line(await engine.preview(r.name, r.inputs), "create", `FlinkConnector  ${String(r.inputs.jarUrl)}`);
    console.log(`  Resources: 3 to create (acme-kafka owns the two connectors of one JAR).   ${calls(emu)} (the listing in the program)`);

    await command("pulumi up");
    for (const r of await stage("1.2.0")) {
      const rep = await engine.up(r.name, r.inputs);
      failed ||= !!rep.error;
      line(rep, rep.error ? "failed" : "created", `id ${engine.state.get(r.name)?.id ?? "-"}`);
    }
    const listing = await getFlinkConnectors({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, nameRegex: "^acme-" }, { service });
    console.log(`  Outputs: connectors.names = ${JSON.stringify(listing.names)}`);
    console.log(`  ${calls(emu)}`);

    await command("pulumi config set sinkVersion 1.3.0 && pulumi up      (JAR upgrade)");
    for (const r of await stage("1.3.0")) {
      const rep = await engine.up(r.name, r.inputs);
      failed ||= !!rep.error;
      if (rep.op === "same") line(rep, "unchanged");
      else line(rep, rep.error ? "failed" : "updated", `re-registered from ${String(r.inputs.jarUrl)} (delete, then register)`);
    }
    console.log(`  ${calls(emu)}`);

    emu.removeConnector(WORKSPACE, NAMESPACE, "acme-source");
    emu.removeConnector(WORKSPACE, NAMESPACE, "acme-upsert-kafka");
    await command("pulumi refresh      (after someone deleted acme-source and acme-upsert-kafka in the console)");
    for (const name of [...engine.state.keys()]) {
      const rep = await engine.refresh(name);
      const owned = ((engine.state.get(name)?.outputs.connectors as Array<{ name: string }> | undefined) ?? []).map((c) => c.name);
      const partly =
        rep.op !== "gone" && owned.length < ((engine.state.get(name)?.outputs.connectorNames as string[] | undefined) ?? []).length;
      line(
        rep,
        rep.op === "gone" ? "deleted" : partly ? "drifted" : "in sync",
        rep.op === "gone"
          ? "gone from the platform; removed from the stack"
          : partly
            ? `only ${owned.join(", ")} is left; the next up registers the JAR again`
            : "",
      );
    }
    console.log(`  ${calls(emu)}`);

    await command("pulumi up      (puts back what the program declares)");
    for (const r of await stage("1.3.0")) {
      const rep = await engine.up(r.name, r.inputs);
      failed ||= !!rep.error;
      const owned = ((engine.state.get(r.name)?.outputs.connectors as Array<{ name: string }>) ?? []).map((c) => c.name).join(", ");
      if (rep.op === "same") line(rep, "unchanged");
      else
        line(
          rep,
          rep.error ? "failed" : rep.op === "create" ? "created" : "updated",
          `registered ${String(r.inputs.jarUrl)} again: ${owned}`,
        );
    }
    console.log(`  ${calls(emu)}`);

    await command("pulumi destroy");
    for (const name of [...engine.state.keys()]) line(await engine.destroy(name), "deleted");
    console.log(`  Remaining connectors in ${NAMESPACE}: ${emu.connectors(WORKSPACE, NAMESPACE).length}.   ${calls(emu)}`);
  } finally {
    await engine.stop();
    await emu.close();
  }
  if (failed) throw new Error("a step failed");
  console.log("\nDone: preview, up, upgrade, refresh, up and destroy ran through the real Pulumi provider host.");
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
