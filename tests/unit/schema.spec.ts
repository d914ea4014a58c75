import { expect } from "chai";
import { nameSet } from "../../lib/model/names";
import { CONFIG_KEYS } from "../../lib/config/settings";
import { PLATFORM_OUTPUT_NAMES } from "../../lib/model/connector";
import { FUNCTION_OUTPUTS, RESOURCE_INPUTS, SETTINGS } from "../../lib/model/provider-model";
import { filterConnectors } from "../../lib/model/filter-connectors";
import { packageSchema } from "../../lib/plugin/schema";
import { toOutputs } from "../../lib/provider/outputs";
import { INPUT_KEYS } from "../../lib/provider/types";
import { connector } from "../support/fixtures";

type Spec = Record<string, Record<string, unknown>>;
const schema = packageSchema({ version: "1.2.3" }) as Record<string, unknown>;
const resource = (schema.resources as Spec)["alicloud-flink:index:FlinkConnector"] as {
  inputProperties: Spec;
  properties: Spec;
  requiredInputs: string[];
  required: string[];
};

describe("the native schema, from the one model", () => {
  it("has every input the provider takes, in order, and no other", () => {
    expect(Object.keys(RESOURCE_INPUTS)).to.deep.equal([...INPUT_KEYS]);
    expect(Object.keys(resource.inputProperties)).to.deep.equal([...INPUT_KEYS]);
    // jarUrl is optional: an imported connector may leave it out (check says when it is needed).
    expect(resource.requiredInputs).to.deep.equal(["workspaceId", "namespaceName"]);
  });

  it("has exactly the outputs the provider returns, every one required (never undefined)", () => {
    const outs = toOutputs(
      { workspaceId: "w", namespaceName: "n", connectorName: "a", connectorNames: nameSet(["a"]), jarUrl: "oss://b/a.jar" },
      [connector("a")],
    );
    expect(Object.keys(resource.properties).sort()).to.deep.equal(Object.keys(outs).sort());
    expect(resource.required.sort()).to.deep.equal(Object.keys(outs).sort());
    expect(Object.keys(resource.properties)).to.include.members([...PLATFORM_OUTPUT_NAMES, "connectors"]);
  });

  it("types each output as the provider fills it", () => {
    const outs = toOutputs(
      { workspaceId: "w", namespaceName: "n", connectorName: "a", connectorNames: nameSet(["a"]), jarUrl: "oss://b/a.jar" },
      [connector("a")],
    ) as Record<string, unknown>;
    for (const [name, spec] of Object.entries(resource.properties)) {
      const v = outs[name];
      const expected = Array.isArray(v) ? "array" : typeof v === "number" ? "number" : typeof v;
      expect(spec.type, name).to.equal(expected);
    }
  });

  it("describes getFlinkConnectors' result as the function returns it", () => {
    const found = filterConnectors({ workspaceId: "w", namespaceName: "n" }, [connector("a")]);
    expect(Object.keys(FUNCTION_OUTPUTS).sort()).to.deep.equal(Object.keys(found).sort());
    const fn = (schema.functions as Spec)["alicloud-flink:index:getFlinkConnectors"] as { inputs: { required: string[] } };
    expect(fn.inputs.required).to.deep.equal(["workspaceId", "namespaceName"]);
  });

  it("has every setting the provider reads, its credentials secret, each with its environment fallback", () => {
    expect(Object.keys(SETTINGS).sort()).to.deep.equal(Object.keys(CONFIG_KEYS).sort());
    for (const [k, s] of Object.entries(SETTINGS)) expect(s.stackKey, k).to.equal(CONFIG_KEYS[k as keyof typeof CONFIG_KEYS]);
    const vars = (schema.config as { variables: Spec }).variables;
    expect(Object.keys(vars).filter((k) => vars[k].secret)).to.deep.equal(["accessKey", "secretKey", "securityToken"]);
    expect(vars.region.defaultInfo).to.deep.equal({ environment: ["ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"] });
    expect((schema.provider as { inputProperties: Spec }).inputProperties).to.deep.equal(vars);
  });

  it("carries the version, and a pluginDownloadURL only when one is given", () => {
    expect(schema.version).to.equal("1.2.3");
    expect(schema).to.not.have.property("pluginDownloadURL");
    expect(packageSchema({ version: "1", pluginDownloadURL: "https://example.com/p" })).to.include({
      pluginDownloadURL: "https://example.com/p",
    });
  });

  it("lets every description stand alone: no empty words", () => {
    const all = JSON.stringify(schema);
    expect(all).to.not.match(/"description":""/);
    expect(all).to.not.contain("undefined");
  });
});
