import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as sinon from "sinon";
import { filterConnectors, getFlinkConnectors } from "../../lib/resource/get-flink-connectors";
import type { FlinkConnectorService } from "../../lib/service/connector-service";
import { connector } from "../support/fixtures";

const all = [
  connector("mysql-sink", { type: "mysql" }),
  connector("acme-source", { type: "acme", source: true }),
  connector("acme-sink", { type: "acme-sink" }),
];
const base = { workspaceId: "ws", namespaceName: "ns" };

describe("getFlinkConnectors filters", () => {
  const table: Array<[string, Record<string, unknown>, string[]]> = [
    ["no filter: every connector, sorted by name", {}, ["acme-sink", "acme-source", "mysql-sink"]],
    ["ids", { ids: ["ws:ns:mysql-sink", "ws:ns:nope"] }, ["mysql-sink"]],
    ["names", { names: ["acme-source", "mysql-sink"] }, ["acme-source", "mysql-sink"]],
    ["nameRegex", { nameRegex: "^acme-" }, ["acme-sink", "acme-source"]],
    ["type", { type: "mysql" }, ["mysql-sink"]],
    ["several filters together", { nameRegex: "sink$", type: "acme-sink" }, ["acme-sink"]],
    ["an empty ids list", { ids: [] }, []],
  ];
  for (const [what, filters, names] of table) {
    it(`applies ${what}`, () => {
      const r = filterConnectors({ ...base, ...filters }, all);
      expect(r.names).to.deep.equal(names);
      expect(r.ids).to.deep.equal(names.map((n) => `ws:ns:${n}`));
      expect(r.connectors.map((c) => c.id)).to.deep.equal(r.ids);
    });
  }

  it("returns every platform field under Terraform-like names", () => {
    const [c] = filterConnectors({ ...base, names: ["acme-source"] }, all).connectors;
    expect(c).to.deep.equal({
      id: "ws:ns:acme-source",
      name: "acme-source",
      connectorType: "acme",
      source: true,
      sink: true,
      lookup: false,
      supportedFormats: [],
      dependencies: [],
      properties: [],
      creator: "u1",
      creatorName: "user",
      modifier: "u1",
      modifierName: "user",
    });
  });

  it("rejects an invalid nameRegex with a clear message", () => {
    expect(() => filterConnectors({ ...base, nameRegex: "(" }, all)).to.throw(/nameRegex "\(" is not a valid regular expression/);
  });

  it("writes the result to outputFile", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "flink-")), "connectors.json");
    const service = { list: sinon.stub().resolves(all) } as unknown as FlinkConnectorService;
    const r = await getFlinkConnectors({ ...base, outputFile: file }, { service });
    expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal(r);
  });

  it("requires workspaceId and namespaceName", async () => {
    const service = { list: sinon.stub().resolves(all) } as unknown as FlinkConnectorService;
    await getFlinkConnectors({ workspaceId: "", namespaceName: "ns" }, { service }).then(
      () => expect.fail("should reject"),
      (e: Error) => expect(e.message).to.match(/workspaceId is required/),
    );
  });
});
