import { expect } from "chai";
import { adoptionProgram } from "../../lib/cli/adopt";
import { checkInputs } from "../../lib/provider/check";
import { connector } from "../support/fixtures";

describe("alicloud-flink adopt: the generated program", () => {
  const when = new Date("2026-11-26T00:00:00Z");

  it("declares one adopting FlinkConnector per connector, sorted, with valid and unique identifiers", () => {
    const program = adoptionProgram("ws", "team", [connector("default"), connector("2nd-sink"), connector("my.sink"), connector("my-sink")], when);
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
    const { failures } = checkInputs({ workspaceId: "ws", namespaceName: "team", connectorName: "acme-sink", jarUrl: JSON.parse(jarUrl ?? '""'), adoptExisting: true });
    expect(failures.map((f) => f.property)).to.deep.equal(["jarUrl"]);
  });

  it("says when and from where it was generated", () => {
    expect(adoptionProgram("ws", "team", [], when)).to.contain('2026-11-26T00:00:00.000Z: 0 connectors of\n// namespace "team" in workspace "ws"');
  });
});
