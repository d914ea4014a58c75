import { expect } from "chai";
import { badPathSegment } from "../../lib/client/connector-client";
import type { ConnectorApi } from "../../lib/model/connector";
import { parseSetId } from "../../lib/model/id";
import { nameSet } from "../../lib/model/names";
import { checkInputs } from "../../lib/provider/check";
import { FlinkConnectorService } from "../../lib/service/connector-service";
import { JAR, NAMESPACE, WORKSPACE } from "../support/fixtures";

/** Every place a name enters: a program's input, an import id, the service's arguments, the wire. */
const program = (over: Record<string, unknown>) =>
  checkInputs({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "acme", jarUrl: JAR, ...over }).failures.length === 0;
const imported = (ws: string, ns: string, name: string) => !("error" in parseSetId(`${ws}:${ns}:${name}`));
const noApi = {} as ConnectorApi;
const service = new FlinkConnectorService({ api: noApi, retry: false });
const served = async (ref: { workspaceId: string; namespaceName: string }, name: string) =>
  service.register({ ...ref, jarUrl: JAR, expectedNames: [name] }).then(
    () => true,
    (e: Error) => !(e instanceof TypeError),
  );

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
});
