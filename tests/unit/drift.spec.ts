import { expect } from "chai";
import { nameSet } from "../../lib/model/names";
import { connectorInfo } from "../../lib/model/connector";
import { driftLines } from "../../lib/provider/drift";
import { toOutputs } from "../../lib/provider/outputs";
import { connector } from "../support/fixtures";

describe("drift: what refresh tells about fields changed behind the stack's back", () => {
  const inputs = {
    workspaceId: "ws",
    namespaceName: "ns",
    connectorName: "acme",
    connectorNames: nameSet(["acme"]),
    jarUrl: "oss://b/a.jar",
  };
  const before = toOutputs(inputs, [connector("acme")]);

  it("says nothing when nothing changed", () =>
    expect(driftLines(before, [connectorInfo("ws", "ns", connector("acme"))])).to.deep.equal([]));

  it("names each changed field with its old and new value", () => {
    const now = connectorInfo("ws", "ns", connector("acme", { type: "acme-v2", lookup: true }));
    expect(driftLines(before, [now])).to.deep.equal([
      'ws:ns:acme: connectorType changed on the platform from "acme" to "acme-v2"',
      "ws:ns:acme: lookup changed on the platform from false to true",
    ]);
  });

  it("reads a state written before 0.3 (top-level fields, no `connectors`)", () => {
    const old = { ...inputs, connectorType: "acme", source: false, sink: true, lookup: false };
    expect(driftLines(old, [connectorInfo("ws", "ns", connector("acme", { sink: false }))])).to.deep.equal([
      "ws:ns:acme: sink changed on the platform from true to false",
    ]);
  });

  it("compares each connector of a JAR of several with its own record", () => {
    const two = toOutputs({ ...inputs, connectorName: "", connectorNames: nameSet(["a", "b"]) }, [connector("a"), connector("b")]);
    expect(
      driftLines(two, [connectorInfo("ws", "ns", connector("a")), connectorInfo("ws", "ns", connector("b", { modifierName: "bob" }))]),
    ).to.deep.equal(['ws:ns:b: modifierName changed on the platform from "user" to "bob"']);
  });
});
