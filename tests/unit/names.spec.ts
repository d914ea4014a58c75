import { expect } from "chai";
import { badPathSegment } from "../../lib/client/connector-client";
import type { ConnectorApi } from "../../lib/model/connector";
import { parseSetId } from "../../lib/model/id";
import { nameProblem, nameSet, problemWords, type NameProblem } from "../../lib/model/names";
import { checkInputs } from "../../lib/provider/check";
import { FlinkConnectorService } from "../../lib/service/connector-service";
import { JAR, NAMESPACE, WORKSPACE, connector } from "../support/fixtures";

/** Every place a name enters: a program's input, an import id, the service's arguments, the wire. */
const program = (over: Record<string, unknown>) =>
  checkInputs({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "acme", jarUrl: JAR, ...over }).failures.length === 0;
const imported = (ws: string, ns: string, name: string) => !("error" in parseSetId(`${ws}:${ns}:${name}`));
/** An API that registers the one expected connector: a register that reaches it succeeds. */
const api: ConnectorApi = {
  register: async () => [connector(registering)],
  list: async () => [],
  delete: async () => [],
};
let registering = "";
const service = new FlinkConnectorService({ api, retry: false, listBatchWindowMs: 0 });
/** True when the service took the name and registered; false when it refused the argument (a TypeError). */
const served = async (ref: { workspaceId: string; namespaceName: string }, name: string): Promise<boolean> => {
  registering = name;
  return service.register({ ...ref, jarUrl: JAR, expectedNames: [name] }).then(
    () => true,
    (e: Error) => {
      expect(e, String(e)).to.be.instanceOf(TypeError);
      return false;
    },
  );
};

describe("names: one rule wherever a name enters", () => {
  // Each was accepted by one of the four rule sets of 0.2's first cut and refused by another.
  const connectorNames: [string, string][] = [
    ["a percent sign", "acme%20sink"],
    ["an inner space", "acme sink"],
    ["a tab", "acme\tsink"],
    ["a comma", "acme,sink"],
    ["leading spaces", " acme"],
    ["a dot name", ".."],
    ["a zero-width space", "ac\u200bme"],
    ["129 characters", "a".repeat(129)],
  ];
  for (const [what, name] of connectorNames) {
    it(`refuses a connector name with ${what} alike in a program, an import id and the service`, async () => {
      expect(program({ connectorName: name }), "program").to.equal(false);
      // In an id a comma separates the names of a JAR's connectors: "acme,sink" is two names there.
      if (!name.includes(",")) expect(imported(WORKSPACE, NAMESPACE, name), "import id").to.equal(false);
      expect(await served({ workspaceId: WORKSPACE, namespaceName: NAMESPACE }, name), "service").to.equal(false);
    });
  }

  const namespaces: [string, string][] = [
    ["capitals", "Prod"],
    ["an underscore", "prod_1"],
    ["a trailing hyphen", "prod-"],
  ];
  for (const [what, ns] of namespaces) {
    it(`refuses a namespace with ${what} alike in a program, an import id and the service`, async () => {
      expect(program({ namespaceName: ns }), "program").to.equal(false);
      expect(imported(WORKSPACE, ns, "acme"), "import id").to.equal(false);
      expect(await served({ workspaceId: WORKSPACE, namespaceName: ns }, "acme"), "service").to.equal(false);
    });
  }

  it("accepts alike what the rule allows", async () => {
    for (const name of ["acme", "upsert-kafka-acme", "mysql_cdc.v2", "a".repeat(128)]) {
      expect(program({ connectorName: name }), name).to.equal(true);
      expect(imported(WORKSPACE, NAMESPACE, name), name).to.equal(true);
      expect(await served({ workspaceId: WORKSPACE, namespaceName: NAMESPACE }, name), name).to.equal(true);
    }
  });

  it("lets the wire carry any name the platform can hold (the path part of the rule only)", () => {
    for (const v of ["team ns", "my conn(1)*", "50%"]) expect(badPathSegment(v), v).to.equal(undefined);
    for (const v of ["", " ", ".", "..", "a\nb", "a\u202eb"]) expect(badPathSegment(v), JSON.stringify(v)).to.be.a("string");
  });

  it("puts names in one order, once: sorted, unique, frozen", () => {
    const s = nameSet(["b", "a", "b"]);
    expect([...s]).to.deep.equal(["a", "b"]);
    expect(Object.isFrozen(s)).to.equal(true);
    const id = parseSetId(`${WORKSPACE}:${NAMESPACE}:b,a`);
    expect("error" in id ? id.error : [...id.connectorNames]).to.deep.equal(["a", "b"]);
  });

  it("says what is wrong with a name, as data and in words", () => {
    const rows: [string, NameProblem | undefined, string | undefined][] = [
      [" ", { kind: "empty" }, "is empty"],
      ["..", { kind: "dot" }, "is not a name (it would address another path of the API)"],
      ["a\tb", { kind: "hidden", codePoint: "U+0009", index: 1 }, "holds the invisible or control character U+0009 at position 2"],
      [" a", { kind: "spaces" }, "has leading or trailing spaces"],
      ["a".repeat(129), { kind: "long", length: 129 }, "is 129 characters long; at most 128 are allowed"],
      [
        "a b",
        { kind: "character", rule: "no space, '/', ':', ',', '\\', '?', '#' or '%'" },
        "holds a character that is not allowed (no space, '/', ':', ',', '\\', '?', '#' or '%')",
      ],
      ["acme", undefined, undefined],
    ];
    for (const [v, problem, words] of rows) {
      expect(nameProblem("connector", v), JSON.stringify(v)).to.deep.equal(problem);
      if (problem) expect(problemWords(problem)).to.equal(words);
    }
    expect(nameProblem("workspace", "w s")).to.deep.equal({
      kind: "character",
      rule: "letters, digits, '-' and '_' only, as shown in the Flink console",
    });
    expect(nameProblem("namespace", "Prod")).to.deep.equal({
      kind: "character",
      rule: "lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen",
    });
  });

  it("names the part of an id that is wrong, and why, showing hidden characters as ?", () => {
    const error = (id: string) => {
      const r = parseSetId(id);
      return "error" in r ? r.error : "";
    };
    const expected = `expected "<workspaceId>:<namespaceName>:<connectorName>" (or "<connectorName>,<connectorName>" for a JAR that registers several), e.g. "a14bd5d90a0001:default-namespace:mysql-test".`;
    expect(error("w s:ns:a")).to.equal(
      `The id "w s:ns:a" is malformed: its workspace ID "w s" holds a character that is not allowed (letters, digits, '-' and '_' only, as shown in the Flink console); ${expected}`,
    );
    expect(error("ws:Ns:a")).to.match(/^The id "ws:Ns:a" is malformed: its namespace name "Ns" holds a character/);
    expect(error("ws:ns:a\u0007b")).to.match(
      /^The id "ws:ns:a\?b" is malformed: its connector name "a\?b" holds the invisible or control character U\+0007 at position 2;/,
    );
    expect(error("ws::a")).to.match(/^The id "ws::a" is malformed: its namespace name is empty;/);
  });
});
