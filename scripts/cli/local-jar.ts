import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../lib/emulator";
import { buildConnectorJar, type ConnectorJarSpec } from "../../lib/emulator/fixtures/connector-jar";
import { filesHolding, yamlProject, type PulumiCli } from "./harness";
import { NAMESPACE, WORKSPACE } from "./programs";

type Step = (name: string, run: () => Promise<void> | void) => Promise<boolean>;
const expect = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(what);
};
/** What would let someone use a pre-signed URL: its signature or key parameters. */
const PRESIGNED = ["OSSAccessKeyId=", "Signature="];

/**
 * A connector from a local JAR under the real CLI and the standalone plugin: a relative `jarFile`
 * (the plugin runs in the project directory), its connector names at preview with no call, one
 * upload and one Register at up, a re-upload after an edit, a built-in name refused at preview,
 * and no pre-signed URL anywhere.
 */
export async function localJarSteps(cli: PulumiCli, dir: string, emu: Emulator, step: Step): Promise<void> {
  const project = yamlProject(
    dir,
    "cli-local-jar",
    `resources:
  acme-local:
    type: alicloud-flink:index:FlinkConnector
    properties:
      workspaceId: ${WORKSPACE}
      namespaceName: ${NAMESPACE}
      jarFile: connector.jar
`,
  );
  const jar = (spec: ConnectorJarSpec): void => writeFileSync(join(project, "connector.jar"), buildConnectorJar(spec));
  const counts = (): string =>
    (["GetPreSignedUrlForPutObject", "PutObject", "RegisterCustomConnector"] as const).map((a) => emu.calls(a)).join("/");
  jar({ connectors: [{ name: "acme-local", source: false }] });
  await step("jarFile: preview shows the connector names read from the JAR, with no API call", async () => {
    await cli.run(["stack", "init", "dev"], project);
    await cli.run(["config", "set", "alicloud-flink:endpoint", emu.url], project);
    await cli.run(["config", "set", "alicloud-flink:accessKey", emu.credentials.accessKeyId], project);
    await cli.run(["config", "set", "alicloud-flink:secretKey", "--secret"], project, { stdin: emu.credentials.accessKeySecret });
    emu.clearRequests();
    const r = await cli.run(["preview", "--diff"], project);
    expect(/connectorNames\s*:\s*\[\s*\[0\]\s*:\s*"acme-local"/.test(r.text), `preview shows no connectorNames:\n${r.text}`);
    expect(emu.calls() === 0, `preview made ${emu.calls()} API calls`);
  });
  await step("jarFile: up uploads once and registers once (upload URL/PUT/Register 1/1/1)", async () => {
    emu.clearRequests();
    await cli.run(["up", "--yes"], project);
    expect(counts() === "1/1/1", `upload URL/PUT/Register: ${counts()}`);
    expect(
      emu.connectors(WORKSPACE, NAMESPACE).some((c) => c.name === "acme-local"),
      "acme-local is not registered",
    );
  });
  await step("jarFile: an up after editing the JAR re-uploads and re-registers in place", async () => {
    jar({ connectors: [{ name: "acme-local" }] });
    emu.clearRequests();
    const r = await cli.run(["up", "--yes"], project);
    expect(/~ 1 updated/.test(r.text), `up:\n${r.text}`);
    expect(counts() === "1/1/1" && emu.calls("DeleteCustomConnector") === 1, `upload URL/PUT/Register: ${counts()}`);
    emu.clearRequests();
    await cli.run(["up", "--yes", "--expect-no-changes"], project);
    expect(emu.calls() === 0, `an unchanged JAR made ${emu.calls()} API calls`);
  });
  await step("jarFile: a built-in name is refused at preview with its message", async () => {
    jar({ connectors: [{ name: "kafka" }] });
    emu.clearRequests();
    const r = await cli.run(["preview"], project, { expectCode: "nonzero" });
    expect(/"kafka" is the name of a connector the platform has built in/.test(r.text), `preview:\n${r.text}`);
    expect(emu.calls() === 0, `a refused preview made ${emu.calls()} API calls`);
    jar({ connectors: [{ name: "acme-local" }] });
  });
  await step("jarFile: no pre-signed URL in the backend, the project or the CLI's output; destroy", async () => {
    await cli.run(["destroy", "--yes"], project);
    for (const needle of PRESIGNED) {
      const files = filesHolding(dir, needle);
      expect(files.length === 0, `${needle} is in ${files.join(", ")}`);
      const said = cli.transcript.filter((t) => t.includes(needle)).map((t) => t.split("\n")[0]);
      expect(said.length === 0, `${needle} is in the output of ${said.join("; ")}`);
    }
    expect(emu.uploads().length === 2, `${emu.uploads().length} uploads, not 2`);
  });
}
