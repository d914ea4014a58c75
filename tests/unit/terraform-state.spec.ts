import { expect } from "chai";
import { aliasOf, groupByJar, readTerraformState, resourceNameOf } from "../../lib/cli/terraform-state";

const connector = (name: string, jar: string, ns = "default-namespace") => ({
  id: `ws1:${ns}:${name}`,
  workspace_id: "ws1",
  namespace_name: ns,
  connector_name: name,
  jar_url: jar,
  source: true,
});
const PROVIDER = 'provider["registry.terraform.io/aliyun/alicloud"]';

/** A terraform.tfstate (format 4) as Terraform writes it: several connectors, a JAR of two, count and for_each keys, other providers. */
const TFSTATE = JSON.stringify({
  version: 4,
  terraform_version: "1.5.7",
  serial: 12,
  lineage: "x",
  outputs: {},
  resources: [
    {
      mode: "managed",
      type: "alicloud_flink_connector",
      name: "sink",
      provider: PROVIDER,
      instances: [{ schema_version: 0, attributes: connector("acme-sink", "oss://b/sink-1.2.jar") }],
    },
    {
      mode: "managed",
      type: "alicloud_flink_connector",
      name: "kafka",
      each: "map",
      provider: PROVIDER,
      instances: [
        { index_key: "plain", attributes: connector("acme-kafka", "oss://b/kafka-1.0.jar") },
        { index_key: "upsert", attributes: connector("acme-upsert-kafka", "oss://b/kafka-1.0.jar") },
      ],
    },
    {
      mode: "managed",
      type: "alicloud_flink_connector",
      name: "replicas",
      module: "module.team",
      each: "list",
      provider: PROVIDER,
      instances: [
        { index_key: 0, attributes: connector("acme-r", "oss://b/r.jar", "ns-a") },
        { index_key: 1, attributes: connector("acme-r", "oss://b/r.jar", "ns-b") },
      ],
    },
    {
      mode: "managed",
      type: "alicloud_flink_connector",
      name: "nojar",
      provider: PROVIDER,
      instances: [{ attributes: { ...connector("acme-x", ""), jar_url: "" } }],
    },
    {
      mode: "managed",
      type: "alicloud_flink_connector",
      name: "bad",
      provider: PROVIDER,
      instances: [{ attributes: connector("a/b", "oss://b/a.jar") }],
    },
    { mode: "data", type: "alicloud_flink_connectors", name: "all", provider: PROVIDER, instances: [{ attributes: {} }] },
    { mode: "managed", type: "alicloud_oss_bucket", name: "jars", provider: PROVIDER, instances: [{ attributes: { bucket: "b" } }] },
    {
      mode: "managed",
      type: "random_id",
      name: "suffix",
      provider: 'provider["registry.terraform.io/hashicorp/random"]',
      instances: [{ attributes: {} }],
    },
  ],
});

/** The same as `terraform show -json` prints it. */
const SHOW_JSON = JSON.stringify({
  format_version: "1.0",
  terraform_version: "1.5.7",
  values: {
    root_module: {
      resources: [
        {
          address: "alicloud_flink_connector.sink",
          mode: "managed",
          type: "alicloud_flink_connector",
          name: "sink",
          values: connector("acme-sink", "oss://b/sink-1.2.jar"),
        },
        {
          address: 'alicloud_flink_connector.kafka["plain"]',
          mode: "managed",
          type: "alicloud_flink_connector",
          name: "kafka",
          index: "plain",
          values: connector("acme-kafka", "oss://b/kafka-1.0.jar"),
        },
        { address: "data.alicloud_flink_connectors.all", mode: "data", type: "alicloud_flink_connectors", name: "all", values: {} },
      ],
      child_modules: [
        {
          address: "module.team",
          resources: [
            {
              address: "module.team.alicloud_flink_connector.replicas[0]",
              mode: "managed",
              type: "alicloud_flink_connector",
              name: "replicas",
              index: 0,
              values: connector("acme-r", "oss://b/r.jar", "ns-a"),
            },
          ],
        },
      ],
    },
  },
});

describe("a Terraform state's alicloud_flink_connector resources", () => {
  it("reads a state file (format 4): addresses with count and for_each keys and modules; what is not mapped, and why", () => {
    const r = readTerraformState(TFSTATE);
    expect(r.connectors.map((c) => [c.address, c.namespaceName, c.connectorName, c.jarUrl])).to.deep.equal([
      ["alicloud_flink_connector.sink", "default-namespace", "acme-sink", "oss://b/sink-1.2.jar"],
      ['alicloud_flink_connector.kafka["plain"]', "default-namespace", "acme-kafka", "oss://b/kafka-1.0.jar"],
      ['alicloud_flink_connector.kafka["upsert"]', "default-namespace", "acme-upsert-kafka", "oss://b/kafka-1.0.jar"],
      ["module.team.alicloud_flink_connector.replicas[0]", "ns-a", "acme-r", "oss://b/r.jar"],
      ["module.team.alicloud_flink_connector.replicas[1]", "ns-b", "acme-r", "oss://b/r.jar"],
    ]);
    expect(r.unmapped).to.deep.equal([
      { address: "alicloud_flink_connector.nojar", reason: "it records no jar_url, so the JAR the connector came from is unknown" },
      {
        address: "alicloud_flink_connector.bad",
        reason: `its connector_name "a/b" holds a character that is not allowed (no space, '/', ':', ',', '\\', '?', '#' or '%')`,
      },
    ]);
    expect(r.others).to.deep.equal({ alicloud_oss_bucket: 1, random_id: 1 });
  });

  it("reads `terraform show -json` output the same, child modules included", () => {
    expect(readTerraformState(SHOW_JSON).connectors.map((c) => c.address)).to.deep.equal([
      "alicloud_flink_connector.sink",
      'alicloud_flink_connector.kafka["plain"]',
      "module.team.alicloud_flink_connector.replicas[0]",
    ]);
  });

  it("groups the connectors of one JAR in one namespace into one resource, with the import id", () => {
    expect(groupByJar(readTerraformState(TFSTATE).connectors).map((g) => [g.name, g.id, g.jarUrl])).to.deep.equal([
      ["sink", "ws1:default-namespace:acme-sink", "oss://b/sink-1.2.jar"],
      ["kafka-plain", "ws1:default-namespace:acme-kafka,acme-upsert-kafka", "oss://b/kafka-1.0.jar"],
      ["team-replicas-0", "ws1:ns-a:acme-r", "oss://b/r.jar"],
      ["team-replicas-1", "ws1:ns-b:acme-r", "oss://b/r.jar"],
    ]);
  });

  it("names resources from addresses, uniquely", () => {
    expect(resourceNameOf('module.a.module.b.alicloud_flink_connector.k["x y/z"]')).to.equal("a-b-k-x-y-z");
    const twice = groupByJar([
      {
        address: 'alicloud_flink_connector.k["a"]',
        workspaceId: "w",
        namespaceName: "n1",
        connectorName: "c",
        jarUrl: "oss://b/1.jar",
        providerAlias: "",
      },
      {
        address: 'alicloud_flink_connector.k["a"]',
        workspaceId: "w",
        namespaceName: "n2",
        connectorName: "c",
        jarUrl: "oss://b/1.jar",
        providerAlias: "",
      },
    ]);
    expect(twice.map((g) => g.name)).to.deep.equal(["k-a", "k-a-2"]);
  });

  it("knows a provider configuration's alias, in the root module and under one", () => {
    expect(aliasOf(PROVIDER)).to.equal("");
    expect(aliasOf(`${PROVIDER}.hz`)).to.equal("hz");
    expect(aliasOf(`module.team.${PROVIDER}.sh_1`)).to.equal("sh_1");
  });

  it("refuses what is not a state, saying what it reads", () => {
    expect(() => readTerraformState("{nope")).to.throw(/not JSON .*terraform show -json/);
    expect(() => readTerraformState(JSON.stringify({ version: 3, modules: [] }))).to.throw(/format version 3; this reads version 4/);
    expect(() => readTerraformState("[]")).to.throw(/neither a Terraform state/);
  });
});
