import { expect } from "chai";
import type { Presence } from "../../lib/errors/operation-error";
import { aggregate, mismatchReason, perConnector, refusalWorthLooking, takeover, verdict } from "../../lib/provider/decide";

describe("the write path's decisions", () => {
  describe("takeover: what create does about connectors already there", () => {
    const table: Array<[string, string[], string[], boolean, ReturnType<typeof takeover>]> = [
      ["nothing there: register", ["a", "b"], ["other"], false, { kind: "register" }],
      ["one there, not adopting: refuse naming it", ["a", "b"], ["b", "other"], false, { kind: "refuse", present: ["b"] }],
      ["all there, adopting: adopt", ["a", "b"], ["a", "b", "c"], true, { kind: "adopt" }],
      ["some there, adopting: register again to bring back the rest", ["a", "b"], ["a"], true, { kind: "reregister", present: ["a"] }],
      ["one connector there, adopting: adopt", ["a"], ["a"], true, { kind: "adopt" }],
    ];
    for (const [what, expected, listed, adopt, out] of table) it(what, () => expect(takeover(expected, listed, adopt)).to.deep.equal(out));
  });

  describe("verdict: Register's answer against the declared connectors", () => {
    it("is exact for the same names in any order", () =>
      expect(verdict(["a", "b"], ["b", "a"])).to.deep.equal({ exact: true, missing: [], unexpected: [] }));
    it("names what is missing and what is unexpected", () =>
      expect(verdict(["a", "b"], ["a", "c", "c"])).to.deep.equal({ exact: false, missing: ["b"], unexpected: ["c"] }));
    it("is not exact for an empty answer", () => expect(verdict(["a"], []).exact).to.equal(false));
  });

  describe("the reason for a mismatch says what to declare", () => {
    it("for one connector", () =>
      expect(mismatchReason(["acme"], ["other"])).to.equal(
        'The JAR registers "other", not "acme". Declare what it registers (connectorName: "other"); `alicloud-flink inspect-jar` shows it before you register.',
      ));
    it("for several", () =>
      expect(mismatchReason(["acme"], ["upsert-acme", "acme"])).to.match(
        /registers "acme", "upsert-acme", not "acme"\. Declare what it registers \(connectorNames: \["acme", "upsert-acme"\]\)/,
      ));
    it("for none", () => expect(mismatchReason(["acme"], [])).to.equal('The JAR registers no connector, not "acme".'));
  });

  describe("aggregate: the presence of a set", () => {
    const table: Array<[Presence[], Presence]> = [
      [["present", "present"], "present"],
      [["absent"], "absent"],
      [["present", "absent"], "partial"],
      [["present", "unknown"], "unknown"],
      [["absent", "unknown", "present"], "unknown"],
      [[], "absent"],
    ];
    for (const [ps, out] of table) it(`${ps.join(" + ") || "nothing"} is ${out}`, () => expect(aggregate(ps)).to.equal(out));
  });

  it("keeps per-connector facts for several connectors only", () => {
    expect(perConnector(["a"], () => ({ old: "present" }))).to.deep.equal({});
    expect(perConnector(["a", "b"], (n) => ({ old: n === "a" ? "present" : "absent" }))).to.deep.equal({
      connectors: { a: { old: "present" }, b: { old: "absent" } },
    });
  });

  it("looks after every refusal that could mean a connector is there, whatever its code", () => {
    for (const kind of ["conflict", "invalid-input", "unknown", "not-found", undefined])
      expect(refusalWorthLooking(kind), String(kind)).to.equal(true);
    for (const kind of ["auth", "throttling", "transient"]) expect(refusalWorthLooking(kind), kind).to.equal(false);
  });
});

describe("verdict and mismatch, exactly", () => {
  it("lists what a JAR registered beyond the declared names once each, sorted", () => {
    expect(verdict(["a"], ["z", "b", "a", "z"]).unexpected).to.deep.equal(["b", "z"]);
  });
  it("says a JAR that registered nothing registered no connector", () => {
    expect(mismatchReason(["a"], [])).to.match(/^The JAR registers no connector, not "a"\./);
  });
});
