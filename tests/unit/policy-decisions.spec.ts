import { expect } from "chai";
import { buildConnectorJar } from "../../lib/emulator/fixtures/connector-jar";
import { readConnectorJar } from "../../lib/jar/read-jar";
import { builtinNames, bundlesRuntime, classTooNew, clashes, locationRefused, namesDiffer } from "../../lib/policy/decisions";
import { declaredConnector, DYNAMIC_TYPE, type Declared } from "../../lib/policy/declared";

const NATIVE = "alicloud-flink:index:FlinkConnector";
const d = (o: Partial<Declared> = {}): Declared => ({
  workspaceId: "w",
  namespaceName: "n",
  names: ["acme-a"],
  jarUrl: "oss://b/a.jar",
  unknown: [],
  ...o,
});
const report = (spec: Parameters<typeof buildConnectorJar>[0], javaVersion = 8) =>
  readConnectorJar(buildConnectorJar(spec), { javaVersion });

// The policy runtime's own error (internal to @pulumi/policy's types, so required untyped).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  UnknownValueError: new (v: unknown, path: string[]) => Error;
  unknownStringValue: unknown;
};

/** Props as the policy runtime hands them: reading an unknown throws its UnknownValueError. */
const withUnknown = (props: Record<string, unknown>, unknown: string[]): Record<string, unknown> =>
  new Proxy(props, {
    get: (o, k: string) => {
      if (unknown.includes(k)) throw new proxy.UnknownValueError(proxy.unknownStringValue, [k]);
      return o[k];
    },
  });

describe("the policy pack's decisions", () => {
  it("knows a FlinkConnector: the native type, a dynamic resource by its inputs, nothing else", () => {
    expect(
      declaredConnector(NATIVE, { workspaceId: "w", namespaceName: "n", connectorNames: ["b", "a", "a"], jarUrl: "oss://b/x.jar" }),
    ).to.deep.equal({
      workspaceId: "w",
      namespaceName: "n",
      names: ["a", "b"],
      jarUrl: "oss://b/x.jar",
      unknown: [],
    });
    expect(declaredConnector(DYNAMIC_TYPE, { workspaceId: "w", namespaceName: "n", jarFile: "c.jar", __provider: "x" })).to.include({
      jarFile: "c.jar",
    });
    expect(declaredConnector(DYNAMIC_TYPE, { workspaceId: "w", value: 1 })).to.equal(undefined);
    expect(declaredConnector("aws:s3/bucket:Bucket", { workspaceId: "w", namespaceName: "n", jarUrl: "x" })).to.equal(undefined);
  });

  it("records what is not known at preview instead of judging it", () => {
    const found = declaredConnector(NATIVE, withUnknown({ workspaceId: "w", namespaceName: "n", connectorName: "a" }, ["jarUrl"]));
    expect(found?.unknown).to.deep.equal(["jarUrl"]);
    expect(found).to.not.have.property("jarUrl");
  });

  const table: Array<[string, () => unknown, unknown]> = [
    ["names: the same set", () => namesDiffer(d(), report({ connectors: [{ name: "acme-a" }] })), undefined],
    ["names: none declared (the JAR decides)", () => namesDiffer(d({ names: [] }), report({ connectors: [{ name: "x" }] })), undefined],
    [
      "names: fewer registered than declared",
      () =>
        /fewer connectors than declared/.test(
          namesDiffer(d({ names: ["acme-a", "acme-b"] }), report({ connectors: [{ name: "acme-a" }] })) ?? "",
        ),
      true,
    ],
    [
      "names: others registered",
      () =>
        /registers "acme-x", but the resource declares "acme-a": .*does not know of/.test(
          namesDiffer(d(), report({ connectors: [{ name: "acme-x" }] })) ?? "",
        ),
      true,
    ],
    ["builtin: a declared name", () => builtinNames(d({ names: ["kafka"] })).length, 1],
    [
      "builtin: a name only the JAR registers",
      () => builtinNames(d(), report({ connectors: [{ name: "acme-a" }, { name: "jdbc" }] })).length,
      1,
    ],
    ["builtin: none", () => builtinNames(d(), report({ connectors: [{ name: "acme-a" }] })), []],
    [
      "runtime: bundled",
      () =>
        /bundles Flink's own runtime \(flink-table-common/.test(
          bundlesRuntime(d(), report({ connectors: [{ name: "acme-a" }], bundle: ["org/apache/flink/table/factories/FactoryUtil"] })) ?? "",
        ),
      true,
    ],
    ["runtime: provided", () => bundlesRuntime(d(), report({ connectors: [{ name: "acme-a" }] })), undefined],
    [
      "classes: Java 17 on an engine of 8",
      () => /Java 17 .* engine runs Java 8/.test(classTooNew(d(), report({ connectors: [{ name: "acme-a" }], javaVersion: 17 })) ?? ""),
      true,
    ],
    [
      "classes: Java 17 on an engine of 17",
      () => classTooNew(d(), report({ connectors: [{ name: "acme-a" }], javaVersion: 17 }, 17)),
      undefined,
    ],
    ["location: an allowed bucket", () => locationRefused(d(), { allowedBuckets: ["b"] }), undefined],
    ["location: a host is not a bucket", () => typeof locationRefused(d(), { allowedHosts: ["b"] }), "string"],
    [
      "location: an allowed host, case aside",
      () => locationRefused(d({ jarUrl: "https://Jars.Example.com/a.jar" }), { allowedHosts: ["jars.example.com"] }),
      undefined,
    ],
    [
      "location: a jarFile is uploaded to the workspace's storage",
      () => locationRefused(d({ jarUrl: undefined, jarFile: "a.jar" }), { allowedHosts: ["x"] }),
      undefined,
    ],
    [
      "location: the message never shows a query",
      () => /Signature/.test(locationRefused(d({ jarUrl: "https://h/a.jar?Signature=abc" }), { allowedHosts: ["x"] }) ?? ""),
      false,
    ],
  ];
  for (const [name, run, wanted] of table) it(name, () => expect(run()).to.deep.equal(wanted));

  it("clashes: one connector in one namespace by two resources; other namespaces, workspaces and unknown ones apart", () => {
    const found = clashes([
      { urn: "u1", declared: d({ names: ["a", "b"] }) },
      { urn: "u2", declared: d({ names: ["b"] }) },
      { urn: "u3", declared: d({ names: ["b"], namespaceName: "other" }) },
      { urn: "u4", declared: d({ names: ["b"], workspaceId: "w2" }) },
      { urn: "u5", declared: d({ names: ["b"], namespaceName: undefined }) },
      { urn: "u1", declared: d({ names: ["a"] }) },
    ]);
    expect(found).to.deep.equal([{ workspaceId: "w", namespaceName: "n", connector: "b", urns: ["u1", "u2"] }]);
  });
});
