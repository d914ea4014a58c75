import { expect } from "chai";
import { adoptionProgram, managedIn } from "../../lib/cli/adopt";
import { checkInputs } from "../../lib/provider/check";
import { connector } from "../support/fixtures";

describe("alicloud-flink adopt: the generated program", () => {
  const when = new Date("2026-11-26T00:00:00Z");

  it("declares one adopting FlinkConnector per connector, sorted, with valid and unique identifiers", () => {
    const program = adoptionProgram(
      "ws",
      "team",
      [connector("default"), connector("2nd-sink"), connector("my.sink"), connector("my-sink")],
      when,
    );
    expect([...program.matchAll(/export const (\w+) = new FlinkConnector\("([^"]+)"/g)].map((m) => [m[1], m[2]])).to.deep.equal([
      ["c2ndSink", "2nd-sink"],
      ["defaultConnector", "default"],
      ["mySink", "my-sink"],
      ["mySink2", "my.sink"],
    ]);
  });

  it("writes a jarUrl placeholder that check() refuses, so nothing is adopted with a wrong JAR", () => {
    const program = adoptionProgram("ws", "team", [connector("acme-sink")], when);
    const jarUrl = /jarUrl: ("[^"]+")/.exec(program)?.[1];
    const { failures } = checkInputs({
      workspaceId: "ws",
      namespaceName: "team",
      connectorName: "acme-sink",
      jarUrl: JSON.parse(jarUrl ?? '""'),
      adoptExisting: true,
    });
    expect(failures.map((f) => f.property)).to.deep.equal(["jarUrl"]);
    expect(failures[0].reason).to.match(
      /still holds the placeholder that `alicloud-flink adopt` or `pulumi import` wrote: replace it with the URL of the JAR/,
    );
  });

  it("reads which connectors a stack manages from `pulumi stack export`, in this namespace only", () => {
    const resource = (type: string, outputs: Record<string, unknown>) => ({ urn: "urn:x", type, outputs });
    const exported = {
      version: 3,
      deployment: {
        resources: [
          resource("pulumi:pulumi:Stack", {}),
          resource("pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", {
            workspaceId: "ws",
            namespaceName: "team",
            connectorName: "acme-sink",
          }),
          resource("pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", {
            workspaceId: "ws",
            namespaceName: "team",
            connectorName: "",
            connectorNames: ["k", "k-upsert"],
          }),
          resource("pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector", {
            workspaceId: "ws",
            namespaceName: "other",
            connectorName: "elsewhere",
          }),
        ],
      },
    };
    expect(managedIn(exported, "ws", "team")).to.deep.equal(["acme-sink", "k", "k-upsert"]);
    expect(() => managedIn({ not: "an export" }, "ws", "team")).to.throw(/pulumi stack export/);
  });

  it("says when and from where it was generated", () => {
    expect(adoptionProgram("ws", "team", [], when)).to.contain(
      '2026-11-26T00:00:00.000Z: 0 connectors of\n// namespace "team" in workspace "ws"',
    );
  });
});
