import { expect } from "chai";
import { jarUrlPlaceholder } from "../../lib/model/placeholder";
import { decodeState, STATE_VERSION } from "../../lib/provider/state";
import { connector } from "../support/fixtures";
import { toOutputs } from "../../lib/provider/outputs";
import { nameSet } from "../../lib/model/names";

describe("the state decoder: every version this package wrote", () => {
  const v01 = {
    workspaceId: "ws",
    namespaceName: "prod",
    connectorName: "acme-sink",
    jarUrl: "oss://b/a-1.jar",
    adoptExisting: false,
    connectorType: "acme-sink",
    creator: "u",
    __provider: "PROVIDER",
  };

  it("reads a 0.1 state (one connector, no connectorNames, no connectors, no contentVersion) as version 1", () => {
    expect(decodeState(v01)).to.deep.equal({
      version: 1,
      inputs: {
        workspaceId: "ws",
        namespaceName: "prod",
        connectorName: "acme-sink",
        connectorNames: ["acme-sink"],
        jarUrl: "oss://b/a-1.jar",
        adoptExisting: false,
        contentVersion: "",
      },
    });
  });

  it("reads 0.1's import placeholder as no JAR", () => {
    expect(decodeState({ ...v01, jarUrl: jarUrlPlaceholder(["acme-sink"]) }).inputs.jarUrl).to.equal("");
  });

  it("reads what toOutputs writes back as the same inputs, with what was found (version 2, the current one)", () => {
    const inputs = {
      workspaceId: "ws",
      namespaceName: "prod",
      connectorName: "",
      connectorNames: nameSet(["b", "a"]),
      jarUrl: "oss://b/ab.jar",
      adoptExisting: true,
      contentVersion: "sha256:1",
    };
    const d = decodeState(toOutputs(inputs, [connector("a")]));
    expect(d.version).to.equal(STATE_VERSION);
    expect(d.inputs).to.deep.equal(inputs);
    expect(d.found).to.deep.equal(["a"]);
  });

  it("reads a jarFile's state back: the upload is the JAR it registers, and jarUrl stays undeclared in the outputs", () => {
    const inputs = {
      workspaceId: "ws",
      namespaceName: "prod",
      connectorName: "a",
      connectorNames: nameSet(["a"]),
      jarUrl: "oss://flink-ws/artifacts/namespaces/prod/a-0123456789abcdef.jar",
      adoptExisting: false,
      contentVersion: "",
      jarFile: "target/a.jar",
      jarSha256: "0123456789abcdef".repeat(4),
    };
    const outs = toOutputs(inputs, [connector("a")]);
    expect(outs).to.deep.include({ jarUrl: "", jarFile: "target/a.jar", uploadedJarUrl: inputs.jarUrl, jarSha256: inputs.jarSha256 });
    expect(decodeState(outs).inputs).to.deep.equal(inputs);
    // A jarUrl resource's outputs carry no jarFile fields' values.
    expect(toOutputs({ ...inputs, jarFile: undefined, jarSha256: undefined }, [])).to.deep.include({
      jarFile: "",
      jarSha256: "",
      uploadedJarUrl: "",
    });
  });

  it("reads a hostile state as values, bounded: wrong types are empty, a huge name list is cut", () => {
    const d = decodeState({
      workspaceId: 7,
      namespaceName: null,
      connectorNames: Array.from({ length: 5000 }, (_, i) => `n${i}`),
      jarUrl: { a: 1 },
      adoptExisting: "yes",
      connectors: [null, 3, { name: 5 }],
    });
    expect(d.inputs).to.deep.include({ workspaceId: "", namespaceName: "", jarUrl: "", adoptExisting: false });
    expect(d.inputs.connectorNames.length).to.equal(1024);
    expect(d.found).to.deep.equal([""]);
  });
});
