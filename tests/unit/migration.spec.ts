import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import ts from "typescript";
import { importFileOf, planMigration, stateRemovals } from "../../lib/cli/migration";
import { programOf, pythonProgram, typescriptProgram, yamlProgram } from "../../lib/cli/migration-programs";
import { runMigrateTerraform } from "../../lib/cli/migrate-terraform";
import { blocksOf, configOf } from "../../lib/cli/terraform-config";
import { readTerraformState } from "../../lib/cli/terraform-state";

const PROVIDER = 'provider["registry.terraform.io/aliyun/alicloud"]';
const attrs = (name: string, jar: string, ns = "default-namespace") => ({
  id: `ws1:${ns}:${name}`,
  workspace_id: "ws1",
  namespace_name: ns,
  connector_name: name,
  jar_url: jar,
});
const res = (name: string, instances: Array<{ key?: string | number; a: object }>, provider = PROVIDER) => ({
  mode: "managed",
  type: "alicloud_flink_connector",
  name,
  provider,
  instances: instances.map((i) => ({ ...(i.key !== undefined ? { index_key: i.key } : {}), attributes: i.a })),
});
const PRESIGNED = "https://b.oss-cn-hangzhou.aliyuncs.com/p.jar?OSSAccessKeyId=LTAIxx&Expires=1&Signature=abc";
const STATE = JSON.stringify({
  version: 4,
  resources: [
    res("sink", [{ a: attrs("acme-sink", "oss://b/sink-1.2.jar") }]),
    res("kafka", [
      { key: "plain", a: attrs("acme-kafka", "oss://b/kafka-1.0.jar") },
      { key: "upsert", a: attrs("acme-upsert-kafka", "oss://b/kafka-1.0.jar") },
    ]),
    res("hz", [{ a: attrs("acme-hz", "oss://b/hz.jar") }], `${PROVIDER}.hz`),
    res("signed", [{ a: attrs("acme-signed", PRESIGNED) }]),
    res("plain_http", [{ a: attrs("acme-http", "http://jars.example.com/a.jar") }]),
    { mode: "managed", type: "random_id", name: "x", provider: 'provider["registry.terraform.io/hashicorp/random"]', instances: [{}] },
  ],
});
const TF = `
# the default provider
provider "alicloud" {
  region = "cn-shanghai"
}
provider "alicloud" {
  alias  = "hz" // Hangzhou
  region = "cn-hangzhou"
}
provider "alicloud" {
  alias  = "bj"
  region = var.beijing
}
/* a block comment with a } in it */
resource "alicloud_flink_connector" "sink" {
  jar_url     = "oss://b/\${var.sink}.jar"
  description = <<-EOT
    a heredoc with } and "quotes"
  EOT
  lifecycle {
    prevent_destroy = true
  }
}
resource "alicloud_flink_connector" "kafka" {
  for_each = { plain = "acme-kafka", upsert = "acme-upsert-kafka" }
  connector_name = each.value
}
`;

describe("migrate-terraform: the plan", () => {
  const m = planMigration(readTerraformState(STATE), configOf(blocksOf(TF)));

  it("one FlinkConnector per JAR and provider; a refused jar_url is not mapped, with the provider's reason", () => {
    expect(m.resources.map((r) => [r.name, r.id, r.providerAlias])).to.deep.equal([
      ["sink", "ws1:default-namespace:acme-sink", ""],
      ["kafka-plain", "ws1:default-namespace:acme-kafka,acme-upsert-kafka", ""],
      ["hz-2", "ws1:default-namespace:acme-hz", "hz"],
      ["signed", "ws1:default-namespace:acme-signed", ""],
    ]);
    expect(m.unmapped.map((u) => u.address)).to.deep.equal(["alicloud_flink_connector.plain_http"]);
    expect(m.unmapped[0].reason).to.match(
      /refused by the provider: jarUrl .* uses plain http:\/\/, which is allowed only for a loopback host/,
    );
    expect(m.providers).to.deep.equal([{ name: "hz", region: "cn-hangzhou" }]);
    expect(m.others).to.deep.equal({ random_id: 1 });
  });

  it("the import file: providers created with their region, the JAR as an input, never a pre-signed one", () => {
    const f = importFileOf(m);
    expect(f.resources[0]).to.deep.equal({ type: "pulumi:providers:alicloud-flink", name: "hz", inputs: { region: "cn-hangzhou" } });
    expect(f.resources[2]).to.deep.equal({
      type: "alicloud-flink:index:FlinkConnector",
      name: "kafka-plain",
      id: "ws1:default-namespace:acme-kafka,acme-upsert-kafka",
      inputs: { jarUrl: "oss://b/kafka-1.0.jar" },
    });
    expect(f.resources[3]).to.include({ provider: "hz" });
    expect(f.resources[4]).to.not.have.property("inputs");
    expect(JSON.stringify(f)).to.not.include("Signature");
    expect(m.notes.join("\n")).to.match(/signed: its jar_url is a pre-signed URL \(OSSAccessKeyId, Signature\).*signedJarUrl/);
  });

  it("an alias whose region is unknown is said, with what to do", () => {
    const without = planMigration(readTerraformState(STATE));
    expect(without.providers).to.deep.equal([{ name: "hz" }]);
    expect(without.notes.join("\n")).to.match(/provider "hz".*region is not known \(pass --tf DIR to read it\)/);
  });

  it("prints terraform state rm for every migrated address, quoted for a shell", () => {
    expect(stateRemovals(m)).to.deep.equal([
      "terraform state rm 'alicloud_flink_connector.sink'",
      `terraform state rm 'alicloud_flink_connector.kafka["plain"]'`,
      `terraform state rm 'alicloud_flink_connector.kafka["upsert"]'`,
      "terraform state rm 'alicloud_flink_connector.hz'",
      "terraform state rm 'alicloud_flink_connector.signed'",
    ]);
  });
});

describe("migrate-terraform: the programs", () => {
  const m = planMigration(readTerraformState(STATE), configOf(blocksOf(TF)));

  it("YAML: the inputs the import records, protect, the provider, the secret JAR from config", () => {
    const doc = load(yamlProgram(m, "moved")) as {
      name: string;
      config: Record<string, unknown>;
      resources: Record<string, { type: string; properties?: Record<string, unknown>; options?: Record<string, unknown> }>;
    };
    expect(doc.name).to.equal("moved");
    expect(doc.config).to.deep.equal({ signedJarUrl: { type: "string", secret: true } });
    expect(doc.resources.hz).to.deep.equal({ type: "pulumi:providers:alicloud-flink", properties: { region: "cn-hangzhou" } });
    expect(doc.resources["kafka-plain"].properties).to.deep.equal({
      workspaceId: "ws1",
      namespaceName: "default-namespace",
      connectorNames: ["acme-kafka", "acme-upsert-kafka"],
      jarUrl: "oss://b/kafka-1.0.jar",
    });
    expect(doc.resources["hz-2"].options).to.deep.equal({ protect: true, provider: "${hz}" });
    expect(doc.resources.signed.properties?.jarUrl).to.equal("${signedJarUrl}");
    expect(doc.resources.sink.options).to.deep.equal({ protect: true });
  });

  it("TypeScript and Python: valid syntax, the native SDK, the same inputs", () => {
    const tsText = typescriptProgram(m);
    const out = ts.transpileModule(tsText, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
    expect(out.diagnostics ?? []).to.have.length(0);
    expect(tsText).to.include(`import * as flink from "@pulumi-alicloud-flink/native";`);
    expect(tsText).to.match(/connectorNames: \["acme-kafka", "acme-upsert-kafka"\],\n\s+jarUrl: "oss:\/\/b\/kafka-1.0.jar"/);
    expect(tsText).to.include(`jarUrl: config.requireSecret("signedJarUrl")`);
    expect(tsText).to.match(/const hz = new flink.Provider\("hz", \{ region: "cn-hangzhou" \}\);[\s\S]*export const hz2 = /);
    const py = pythonProgram(m);
    expect(py).to.include("import pulumi_alicloud_flink as flink");
    expect(py).to.match(/connector_names=\["acme-kafka", "acme-upsert-kafka"\],\n\s+jar_url="oss:\/\/b\/kafka-1.0.jar"/);
    expect(py).to.include("opts=pulumi.ResourceOptions(protect=True, provider=hz),");
    expect(programOf("python", m, "x")).to.equal(py);
  });

  it("nothing a program holds is interpolated: a ${ in a value is escaped in YAML", () => {
    const odd = planMigration(
      readTerraformState(JSON.stringify({ version: 4, resources: [res("x", [{ a: attrs("acme-x", "oss://b/${x}.jar") }])] })),
    );
    expect(
      (load(yamlProgram(odd, "p")) as { resources: { x: { properties: { jarUrl: string } } } }).resources.x.properties.jarUrl,
    ).to.equal("oss://b/$${x}.jar");
  });
});

describe("migrate-terraform: the .tf reader", () => {
  it("literal regions of aliased providers; an expression said, never evaluated; comments, heredocs, templates skipped", () => {
    const c = configOf(blocksOf(TF));
    expect([...c.providerRegions]).to.deep.equal([["hz", "cn-hangzhou"]]);
    const sink = blocksOf(TF).find((b) => b.labels[1] === "sink");
    expect(sink?.blocks.map((b) => b.type)).to.deep.equal(["lifecycle"]);
    expect([...(sink?.attributes.keys() ?? [])]).to.deep.equal(["jar_url", "description"]);
    expect(c.notes).to.deep.equal(['provider "alicloud" "bj": its region is an expression, not read; set it by hand.']);
  });

  it("survives what is not HCL: unterminated strings, comments and braces end the file, never loop", () => {
    for (const bad of ['resource "a" "b" { x = "no end', "/* open", "}}}} {", "<<EOF\nnever", 'provider "alicloud" { alias = "x"'])
      expect(() => configOf(blocksOf(bad))).to.not.throw();
  });
});

describe("migrate-terraform: the command", () => {
  const dir = mkdtempSync(join(tmpdir(), "migrate-"));
  const state = join(dir, "terraform.tfstate");
  writeFileSync(state, STATE);

  it("writes import.json and the program, and reports what it did not map and the next steps", () => {
    const out = join(dir, "moved");
    const report = runMigrateTerraform(["--state", state, "--out", out, "--language", "typescript"]);
    expect(JSON.parse(readFileSync(join(out, "import.json"), "utf8")).resources).to.have.length(5);
    expect(readFileSync(join(out, "index.ts"), "utf8")).to.include("new flink.FlinkConnector(");
    expect(report).to.match(/Wrote .*import.json and .*index.ts: 4 FlinkConnectors from 5 alicloud_flink_connectors/);
    expect(report).to.match(/Not mapped \(1; they stay in Terraform's state\):\n {2}alicloud_flink_connector.plain_http: /);
    expect(report).to.include("Left to Terraform: 1 random_id");
    expect(report).to.include("pulumi import --file import.json --generate-code=false --yes");
    expect(report).to.include(`terraform state rm 'alicloud_flink_connector.kafka["upsert"]'`);
    expect(() => runMigrateTerraform(["--state", state, "--out", out, "--language", "typescript"])).to.throw(
      /already holds import.json and index.ts; pass --force/,
    );
    expect(() => runMigrateTerraform(["--state", state, "--out", out, "--language", "typescript", "--force"])).to.not.throw();
  });

  it("refuses bad arguments before reading anything, saying how to fix them", () => {
    expect(() => runMigrateTerraform(["--out", dir])).to.throw(/--state and --out are required/);
    expect(() => runMigrateTerraform(["--state", state, "--out", dir, "--language", "go"])).to.throw(
      /--language takes typescript or python or yaml/,
    );
    expect(() => runMigrateTerraform(["--state", join(dir, "nope"), "--out", dir])).to.throw(/does not exist. Pass terraform.tfstate/);
  });
});

describe("migrate-terraform: alicloud_flink_udf", () => {
  const udf = (name: string, extra: object = {}) => ({
    mode: "managed",
    type: "alicloud_flink_udf",
    name,
    provider: PROVIDER,
    instances: [
      {
        attributes: {
          workspace_id: "ws1",
          namespace_name: "default-namespace",
          udf_artifact_name: name,
          jar_url: `oss://b/${name}.jar`,
          artifact_type: "ARTIFACT_TYPE_JAVA",
          dependency_jar_uris: ["oss://b/dep.jar"],
          udf_classes: [
            { class_name: "a.Upper", function_names: ["UPPER", "UP"] },
            { class_name: "a.Lower", function_names: [] },
          ],
          ...extra,
        },
      },
    ],
  });
  const state = JSON.stringify({ version: 4, resources: [udf("strings"), udf("py", { artifact_type: "ARTIFACT_TYPE_PYTHON" })] });
  const m = planMigration(readTerraformState(state));

  it("becomes a FlinkUdfArtifact with the functions Terraform registered, its import id Terraform's; a Python artifact is not mapped", () => {
    expect(m.udfs.map((u) => [u.resourceName, u.id, u.functions])).to.deep.equal([
      ["udf-strings", "ws1:default-namespace:strings", { "a.Upper": ["UP", "UPPER"] }],
    ]);
    expect(m.unmapped).to.deep.equal([
      { address: "alicloud_flink_udf.py", reason: "it is a Python UDF artifact; FlinkUdfArtifact manages JARs of Java UDFs" },
    ]);
    expect(importFileOf(m).resources).to.deep.equal([
      { type: "alicloud-flink:index:FlinkUdfArtifact", name: "udf-strings", id: "ws1:default-namespace:strings" },
    ]);
    expect(stateRemovals(m)).to.deep.equal(["terraform state rm 'alicloud_flink_udf.strings'"]);
  });

  it("in each language, with its functions declared (so nothing more is registered by default)", () => {
    const doc = load(yamlProgram(m, "p")) as { resources: Record<string, { type: string; properties: Record<string, unknown> }> };
    expect(doc.resources["udf-strings"]).to.deep.include({ type: "alicloud-flink:index:FlinkUdfArtifact" });
    expect(doc.resources["udf-strings"].properties).to.deep.equal({
      workspaceId: "ws1",
      namespaceName: "default-namespace",
      name: "strings",
      jarUrl: "oss://b/strings.jar",
      dependencyJarUris: ["oss://b/dep.jar"],
      functions: { "a.Upper": ["UP", "UPPER"] },
    });
    const tsText = typescriptProgram(m);
    expect(ts.transpileModule(tsText, { reportDiagnostics: true }).diagnostics ?? []).to.have.length(0);
    expect(tsText).to.include(`functions: { "a.Upper": ["UP", "UPPER"] },`);
    expect(pythonProgram(m)).to.include(`functions={ "a.Upper": ["UP", "UPPER"] },`);
  });
});
