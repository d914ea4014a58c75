import { expect } from "chai";
import { VervericaClient } from "../../lib/client/udf-client";
import { buildUdfJar } from "../../lib/emulator/fixtures/udf-jar";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { UdfOperationError } from "../../lib/errors/udf-operation-error";
import { ConnectorLifecycle } from "../../lib/provider/connector-lifecycle";
import { UdfLifecycle } from "../../lib/provider/udf-lifecycle";
import { decodeUdf } from "../../lib/provider/udf-types";
import { KEY_ID, NAMESPACE, SECRET, WORKSPACE } from "../support/fixtures";

type Props = Record<string, unknown>;

const failed = async (p: Promise<unknown>): Promise<UdfOperationError> => {
  try {
    await p;
  } catch (e) {
    if (UdfOperationError.isInstance(e)) return e;
    throw e;
  }
  throw new Error("expected a UdfOperationError");
};

describe("UDF artifacts: what is in use, and failures that keep what exists (lifecycle -> service -> client -> emulator)", () => {
  let emu: Emulator;
  let life: UdfLifecycle;
  let client: VervericaClient;
  let upper: string;
  let lower: string;
  const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };
  const inputs = (jarUrl: string, functions?: Record<string, string[]>) =>
    decodeUdf({ ...ref, name: "strings", jarUrl, ...(functions ? { functions } : {}) });
  beforeEach(async () => {
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }] });
    const config: Record<string, string> = {
      "alicloud:accessKey": KEY_ID,
      "alicloud:secretKey": SECRET,
      "alicloud-flink:endpoint": emu.url,
      "alicloud-flink:retryMinDelayMs": "5",
      "alicloud-flink:retryMaxDelayMs": "20",
      "alicloud-flink:maxAttempts": "2",
    };
    const connectors = new ConnectorLifecycle({ env: () => ({}), log: () => undefined });
    connectors.useConfig((k) => config[k]);
    life = new UdfLifecycle({ connectors, env: () => ({}), log: () => undefined });
    client = new VervericaClient({ endpoint: emu.url, credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, env: {} });
    upper = emu.putObject("b", "u/upper.jar", buildUdfJar({ classes: [{ className: "a.Upper", base: "ScalarFunction" }] }));
    lower = emu.putObject("b", "u/lower.jar", buildUdfJar({ classes: [{ className: "a.Lower", base: "ScalarFunction" }] }));
  });
  afterEach(() => emu.close());

  it("a delete refused because another function still names a class says which, from referencedClasses", async () => {
    const outs = await life.create(inputs(upper, { "a.Upper": ["UPPER"] }));
    await client.registerUdfFunction({ ...ref, udfArtifactName: "strings" }, "a.Upper", "EXTRA");
    const e = await failed(life.delete(`${WORKSPACE}:${NAMESPACE}:strings`, { ...outs }));
    expect(e.facts.referencedClasses).to.deep.equal([{ className: "a.Upper", udfArtifactName: "strings", functionNames: ["EXTRA"] }]);
    expect(e.message).to.match(
      /Classes still referenced: a.Upper \(artifact strings, functions EXTRA\)\. On the platform now: artifact: present\./,
    );
    expect(emu.udfArtifacts(WORKSPACE, NAMESPACE)[0].udfClasses[0].functionNames).to.deep.equal(["EXTRA"]);
  });

  it("an update the platform refuses for missingClasses keeps the old JAR, and the state says so", async () => {
    const outs = await life.create(inputs(upper, { "a.Upper": ["UPPER"] }));
    await client.registerUdfFunction({ ...ref, udfArtifactName: "strings" }, "a.Upper", "EXTRA");
    const e = await failed(life.update(`${WORKSPACE}:${NAMESPACE}:strings`, { ...outs }, inputs(lower, { "a.Lower": ["LOWER"] })));
    expect(e.facts).to.include({ phase: "update-artifact", artifact: "present", jar: "old" });
    expect(e.facts.missingClasses?.map((c) => c.className)).to.deep.equal(["a.Upper"]);
    expect(e.message).to.match(/Classes the new JAR lacks that functions name: a.Upper \(artifact strings, functions EXTRA\)/);
    expect((e.partial?.properties as Props).uploadedJarUrl).to.equal(upper);
    expect(emu.udfArtifacts(WORKSPACE, NAMESPACE)[0].jarUrl).to.equal(upper);
  });

  it("a create the platform refuses for collidingClasses names the other artifact and keeps nothing", async () => {
    await client.createUdfArtifact(ref, { name: "other", jarUrl: upper, dependencyJarUris: [] });
    const e = await failed(life.create(inputs(upper)));
    expect(e.facts.collidingClasses).to.deep.equal([{ className: "a.Upper", udfArtifactName: "other", functionNames: [] }]);
    expect(e.partial).to.equal(undefined);
    expect(e.message).to.match(/Colliding classes: a.Upper \(artifact other\).*A class can belong to one artifact/);
  });

  it("a function that cannot be registered leaves the artifact tracked with the functions registered so far", async () => {
    const both = emu.putObject(
      "b",
      "u/both.jar",
      buildUdfJar({
        classes: [
          { className: "a.Upper", base: "ScalarFunction" },
          { className: "a.Lower", base: "ScalarFunction" },
        ],
      }),
    );
    emu.faults.add({ kind: "internal-error", action: "RegisterUdfFunction", times: 10 });
    const e = await failed(life.create(inputs(both, { "a.Upper": ["UPPER"] })));
    expect(e.facts).to.include({ phase: "register-function", artifact: "present" });
    expect(e.partial?.id).to.equal(`${WORKSPACE}:${NAMESPACE}:strings`);
    expect(decodeUdf(e.partial!.properties).name).to.equal("strings");
    expect(e.message).to.match(/function a.Upper\/UPPER: (absent|unknown)/);
  });
});
