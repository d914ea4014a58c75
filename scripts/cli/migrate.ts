import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../lib/emulator";
import { VervericaClient } from "../../lib/client/udf-client";
import { buildUdfJar } from "../../lib/emulator/fixtures/udf-jar";
import { filesHolding, type PulumiCli } from "./harness";
import { REPO } from "../standalone/node-binaries";

type Step = (name: string, run: () => Promise<void> | void) => Promise<boolean>;
const expect = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(what);
};

const WS = "f1a2b3c4d5e601";
const PROVIDER = 'provider["registry.terraform.io/aliyun/alicloud"]';
const JARS = {
  sink: "oss://team-jars/connectors/acme-sink-1.2.0.jar",
  kafka: "oss://team-jars/connectors/acme-kafka-3.1.0.jar",
  kafkaNext: "oss://team-jars/connectors/acme-kafka-3.2.0.jar",
  cdc: "oss://team-jars/connectors/acme-cdc-0.9.jar",
};
/**
 * The five connectors Terraform made: a single one, a JAR of two under for_each, one under count in
 * a module, one made with an aliased provider (`provider = alicloud.hz`).
 */
const CONNECTORS: Array<{ address: [string, string, string | number | undefined]; ns: string; name: string; jar: string; alias?: string }> =
  [
    { address: ["", "sink", undefined], ns: "default-namespace", name: "acme-sink", jar: JARS.sink },
    { address: ["", "kafka", "plain"], ns: "default-namespace", name: "acme-kafka", jar: JARS.kafka },
    { address: ["", "kafka", "upsert"], ns: "default-namespace", name: "acme-upsert-kafka", jar: JARS.kafka },
    { address: ["module.cdc", "replica", 0], ns: "team-a", name: "acme-cdc", jar: JARS.cdc },
    { address: ["", "audit", undefined], ns: "team-b", name: "acme-cdc", jar: JARS.cdc, alias: "hz" },
  ];

/** terraform.tfstate (format 4) as Terraform 1.x writes it, with a UDF artifact, other providers' resources and a data source. */
export function terraformState(udfJarUrl = "oss://team-jars/udfs/strings-1.0.jar"): string {
  const blocks = new Map<string, { module: string; name: string; each?: string; alias?: string; instances: object[] }>();
  for (const c of CONNECTORS) {
    const [module, name, key] = c.address;
    const b = blocks.get(`${module}.${name}`) ?? { module, name, instances: [], ...(c.alias ? { alias: c.alias } : {}) };
    if (key !== undefined) b.each = typeof key === "number" ? "list" : "map";
    b.instances.push({
      ...(key !== undefined ? { index_key: key } : {}),
      schema_version: 0,
      attributes: {
        id: `${WS}:${c.ns}:${c.name}`,
        workspace_id: WS,
        namespace_name: c.ns,
        connector_name: c.name,
        connector_type: c.name,
        jar_url: c.jar,
        description: "",
        source: true,
        sink: true,
        lookup: false,
        supported_formats: [],
        dependencies: [],
      },
      sensitive_attributes: [],
    });
    blocks.set(`${module}.${name}`, b);
  }
  return JSON.stringify(
    {
      version: 4,
      terraform_version: "1.9.8",
      serial: 7,
      lineage: "3c1f8f3e-0b8e-4d7e-9d55-5b2f0c6f1a10",
      outputs: {},
      resources: [
        ...[...blocks.values()].map((b) => ({
          ...(b.module ? { module: b.module } : {}),
          mode: "managed",
          type: "alicloud_flink_connector",
          name: b.name,
          ...(b.each ? { each: b.each } : {}),
          provider: `${b.module ? `${b.module}.` : ""}${PROVIDER}${b.alias ? `.${b.alias}` : ""}`,
          instances: b.instances,
        })),
        {
          mode: "managed",
          type: "alicloud_flink_udf",
          name: "strings",
          provider: PROVIDER,
          instances: [
            {
              schema_version: 0,
              attributes: {
                id: `${WS}:default-namespace:strings`,
                workspace_id: WS,
                namespace_name: "default-namespace",
                udf_artifact_name: "strings",
                jar_url: udfJarUrl,
                artifact_type: "ARTIFACT_TYPE_JAVA",
                dependency_jar_uris: [],
                udf_classes: [
                  { class_name: "com.acme.udf.Upper", function_names: ["UPPER"] },
                  { class_name: "com.acme.udf.Lower", function_names: [] },
                ],
              },
            },
          ],
        },
        { mode: "data", type: "alicloud_flink_connectors", name: "all", provider: PROVIDER, instances: [{ attributes: { ids: [] } }] },
        {
          mode: "managed",
          type: "alicloud_oss_bucket",
          name: "jars",
          provider: PROVIDER,
          instances: [{ attributes: { bucket: "team-jars" } }],
        },
        {
          mode: "managed",
          type: "random_id",
          name: "suffix",
          provider: 'provider["registry.terraform.io/hashicorp/random"]',
          instances: [{ attributes: {} }],
        },
      ],
      check_results: null,
    },
    null,
    2,
  );
}

/** The root module's .tf files, for --tf: the aliased provider's region (the rest is not read). */
const MAIN_TF = `provider "alicloud" {
  region = "cn-shanghai"
}

provider "alicloud" {
  alias  = "hz"
  region = "cn-hangzhou"
}

resource "alicloud_flink_connector" "audit" {
  provider       = alicloud.hz
  workspace_id   = var.workspace_id
  namespace_name = "team-b"
  connector_name = "acme-cdc"
  jar_url        = "\${var.jars}/acme-cdc-0.9.jar"
}
`;

/**
 * `alicloud-flink migrate-terraform` on a Terraform state of five connectors, then the move as the
 * docs tell it under the real CLI and the standalone plugin: `pulumi import --file` (Lists only),
 * `pulumi preview --expect-no-changes`, a JAR change that re-registers from the JAR Terraform knew
 * (so the import recorded it), and a destroy that leaves nothing.
 */
export async function migrateSteps(cli: PulumiCli, root: string, step: Step): Promise<void> {
  const emu: Emulator = await startEmulator({
    jars: {
      [JARS.sink]: { connectors: [{ name: "acme-sink" }] },
      [JARS.kafka]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert-kafka" }] },
      [JARS.kafkaNext]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert-kafka" }] },
      [JARS.cdc]: { connectors: [{ name: "acme-cdc" }] },
    },
  });
  const project = join(root, "moved");
  // The explicit provider has Terraform's region; the emulator stands in for it through the
  // environment (an endpoint wins over a region), as it does for the default provider's.
  const env = {
    ALICLOUD_FLINK_ENDPOINT: emu.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: emu.credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.credentials.accessKeySecret,
  };
  const run = (args: string[], o: { expectCode?: "nonzero" | 0 } = {}) => cli.run(args, project, { ...o, env });
  const writes = (): number =>
    emu.calls("RegisterCustomConnector") +
    emu.calls("DeleteCustomConnector") +
    emu.calls("CreateUdfArtifact") +
    emu.calls("UpdateUdfArtifact") +
    emu.calls("RegisterUdfFunction") +
    emu.calls("DeleteUdfFunction");
  try {
    // What Terraform made, as the platform has it.
    for (const c of CONNECTORS) emu.putConnector(WS, c.ns, { name: c.name });
    const udfJar = emu.putObject(
      "team-jars",
      "udfs/strings-1.0.jar",
      buildUdfJar({
        classes: [
          { className: "com.acme.udf.Upper", base: "ScalarFunction" },
          { className: "com.acme.udf.Lower", base: "ScalarFunction" },
        ],
      }),
    );
    const client = new VervericaClient({ endpoint: emu.url, credentials: emu.credentials, env: {} });
    const ref = { workspaceId: WS, namespaceName: "default-namespace" };
    await client.createUdfArtifact(ref, { name: "strings", jarUrl: udfJar, dependencyJarUris: [] });
    await client.registerUdfFunction({ ...ref, udfArtifactName: "strings" }, "com.acme.udf.Upper", "UPPER");
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, "terraform.tfstate"), terraformState(udfJar));
    mkdirSync(join(root, "tf"), { recursive: true });
    writeFileSync(join(root, "tf", "main.tf"), MAIN_TF);
    await step(
      "migrate-terraform: five connectors and a UDF artifact of a Terraform state become four FlinkConnectors and a FlinkUdfArtifact, with import.json",
      () => {
        const report = execFileSync(
          process.execPath,
          [
            join(REPO, "dist", "lib", "cli", "main.js"),
            "migrate-terraform",
            "--state",
            join(root, "terraform.tfstate"),
            "--out",
            project,
            "--tf",
            join(root, "tf"),
          ],
          { encoding: "utf8" },
        );
        console.log(report.replace(/^/gm, "      "));
        expect(
          /4 FlinkConnectors from 5 alicloud_flink_connectors, 1 FlinkUdfArtifact/.test(report),
          "the report does not count 4 from 5 and the UDF",
        );
        expect(/Left to Terraform: 1 alicloud_oss_bucket, 1 random_id/.test(report), "the report does not name what stays");
        const file = JSON.parse(readFileSync(join(project, "import.json"), "utf8")) as { resources: Array<{ id: string }> };
        expect(file.resources.length === 6, `import.json has ${file.resources.length} resources (4, the UDF artifact and the hz provider)`);
      },
    );
    await step(
      "migrate-terraform: pulumi import --file imports all five (and creates the hz provider) with reads only; preview shows no change",
      async () => {
        await run(["stack", "init", "dev"]);
        emu.clearRequests();
        const r = await run(["import", "--file", "import.json", "--generate-code=false", "--yes"]);
        console.log(
          `      pulumi import: ${emu.calls("ListCustomConnectors")} List, ${emu.calls("GetUdfArtifacts")} GetUdfArtifacts, ${writes()} writes`,
        );
        expect(/= 5 imported/.test(r.text) && /pulumi:providers:alicloud-flink hz created/.test(r.text), `import:\n${r.text}`);
        expect(writes() === 0, `the import wrote ${writes()} times`);
        emu.clearRequests();
        const p = await run(["preview", "--expect-no-changes", "--diff"]);
        console.log(`      pulumi preview: ${emu.calls()} calls\n${p.text.trim().replace(/^/gm, "      ")}`);
        expect(writes() === 0, "the preview wrote");
      },
    );
    await step("migrate-terraform: a JAR change after the move re-registers in place from the new JAR", async () => {
      const program = readFileSync(join(project, "Pulumi.yaml"), "utf8");
      writeFileSync(join(project, "Pulumi.yaml"), program.replace(JARS.kafka, JARS.kafkaNext));
      emu.clearRequests();
      const r = await run(["up", "--yes"]);
      expect(/~ 1 updated/.test(r.text), `up:\n${r.text}`);
      expect(emu.jarOf(WS, "default-namespace", "acme-upsert-kafka") === JARS.kafkaNext, "acme-upsert-kafka is not from the new JAR");
      expect(emu.calls("RegisterCustomConnector") === 1, `${emu.calls("RegisterCustomConnector")} Registers, not 1`);
    });
    await step("migrate-terraform: destroy after unprotecting leaves nothing", async () => {
      await run(["state", "unprotect", "--all", "--yes"]);
      await run(["destroy", "--yes"]);
      const left = ["default-namespace", "team-a", "team-b"].flatMap((ns) => emu.connectors(WS, ns).map((c) => `${ns}/${c.name}`));
      expect(left.length === 0, `left on the platform: ${left.join(", ")}`);
      expect(emu.udfArtifacts(WS, "default-namespace").length === 0, "the UDF artifact is left on the platform");
      const leaked = filesHolding(root, emu.credentials.accessKeySecret);
      expect(leaked.length === 0, `the secret key is in ${leaked.join(", ")}`);
    });
  } finally {
    await emu.close();
  }
}
