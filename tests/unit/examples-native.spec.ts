import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { packageSchema } from "../../lib/plugin/schema";

type Spec = Record<string, Record<string, unknown>>;
const ROOT = join(__dirname, "..", "..", "..");
const schema = packageSchema({ version: "0.0.0" }) as { resources: Spec; functions: Spec; provider: { inputProperties: Spec } };

/** The property names a type takes: a resource's inputs, or the provider's. */
function inputsOf(type: string): string[] {
  if (type === "pulumi:providers:alicloud-flink") return Object.keys(schema.provider.inputProperties);
  const r = schema.resources[type] as { inputProperties?: Spec } | undefined;
  return r?.inputProperties ? Object.keys(r.inputProperties) : [];
}

/** Every `${resource.property}` a text refers to. */
const references = (text: string): Array<[string, string]> => [...text.matchAll(/\$\{([\w-]+)\.(\w+)\}/g)].map((m) => [m[1], m[2]]);

// No CLI here: the YAML example is held against the schema the plugin serves, name by name.
describe("examples/yaml, against the native schema", () => {
  const text = readFileSync(join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
  const program = load(text) as {
    resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    variables: Record<string, { "fn::invoke": { function: string; arguments: Record<string, unknown> } }>;
  };

  it("declares only types the schema has, with only properties they take, and every required one", () => {
    for (const [name, r] of Object.entries(program.resources)) {
      const known = inputsOf(r.type);
      expect(known, `${name}: ${r.type}`).to.not.be.empty;
      expect(known, name).to.include.members(Object.keys(r.properties));
      const required = (schema.resources[r.type] as { requiredInputs?: string[] } | undefined)?.requiredInputs ?? [];
      expect(Object.keys(r.properties), name).to.include.members(required);
    }
  });

  it("calls the function the schema has, with its arguments", () => {
    const call = program.variables.found["fn::invoke"];
    const fn = schema.functions[call.function] as { inputs: { properties: Spec } };
    expect(fn, call.function).to.not.equal(undefined);
    expect(Object.keys(fn.inputs.properties)).to.include.members(Object.keys(call.arguments));
  });

  it("refers only to outputs the resources have", () => {
    const outputs = (type: string): string[] => Object.keys((schema.resources[type] as { properties: Spec }).properties);
    for (const [res, prop] of references(text)) {
      const r = program.resources[res];
      if (!r) continue; // config values and variables
      expect(outputs(r.type), `${res}.${prop}`).to.include(prop);
    }
  });
});
