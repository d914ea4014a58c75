import { expect } from "chai";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareConsumer, REPO } from "../support/consumer";
import { PluginDriver } from "../support/plugin";

// The plugin directory `pulumi package add` takes (provider/, PulumiPlugin.yaml runtime nodejs),
// run as the Node.js language host runs a plugin: @pulumi/pulumi's run-plugin with the directory.
describe("the plugin directory provider/ (PulumiPlugin.yaml), run by the Node.js language host's run-plugin", function () {
  this.timeout(60_000);
  let plugin: PluginDriver;
  const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;

  before(async () => {
    const consumer = prepareConsumer();
    // Next to the consumer's node_modules, which holds the packed package as its `file:..` dependency would.
    const dir = join(consumer, "alicloud-flink-plugin");
    mkdirSync(dir, { recursive: true });
    for (const f of ["PulumiPlugin.yaml", "package.json", "index.js"]) copyFileSync(join(REPO, "provider", f), join(dir, f));
    const runPlugin = join(consumer, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin", "index.js");
    plugin = new PluginDriver(consumer, [runPlugin, dir]);
    await plugin.start();
  });
  after(async () => plugin?.stop());

  it("starts the provider, not a component provider: its version and schema are the package's", async () => {
    expect(await plugin.pluginInfo()).to.equal(version);
    const schema = await plugin.schema();
    expect(schema.name).to.equal("alicloud-flink");
    expect(Object.keys(schema.resources as object)).to.deep.equal([
      "alicloud-flink:index:FlinkConnector",
      "alicloud-flink:index:FlinkUdfArtifact",
    ]);
  });

  it("says it runs on Node.js: PulumiPlugin.yaml names the runtime", () => {
    expect(readFileSync(join(REPO, "provider", "PulumiPlugin.yaml"), "utf8")).to.match(/^runtime: nodejs$/m);
  });
});
