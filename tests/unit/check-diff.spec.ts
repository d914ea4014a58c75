import { expect } from "chai";
import { UNKNOWN, checkInputs } from "../../lib/provider/check";
import { diffInputs } from "../../lib/provider/diff";
import { parseId } from "../../lib/model/id";

const valid = { workspaceId: "a14bd5d90a0001", namespaceName: "default-namespace", connectorName: "acme-sink", jarUrl: "oss://bkt/c/acme-sink-1.2.0.jar" };

describe("check", () => {
  it("accepts valid inputs and fills defaults", () => {
    expect(checkInputs(valid)).to.deep.equal({ inputs: { ...valid, adoptExisting: false, contentVersion: "" }, failures: [] });
  });

  const accepted: Array<[string, Record<string, unknown>]> = [
    ["an https JAR URL", { jarUrl: "https://repo.example.com/c/acme.jar" }],
    ["http to loopback", { jarUrl: "http://127.0.0.1:9000/acme.jar" }],
    ["an OSS URL without .jar", { jarUrl: "oss://flink/connector/mysql123" }],
    ["values unknown during preview", { workspaceId: UNKNOWN, namespaceName: UNKNOWN, connectorName: UNKNOWN, jarUrl: UNKNOWN, adoptExisting: UNKNOWN }],
    ["adoptExisting and contentVersion", { adoptExisting: true, contentVersion: "sha256:abc" }],
  ];
  for (const [what, patch] of accepted) {
    it(`accepts ${what}`, () => expect(checkInputs({ ...valid, ...patch }).failures).to.deep.equal([]));
  }

  const rejected: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["a missing workspaceId", { workspaceId: undefined }, "workspaceId", /workspaceId is required.*e\.g\./],
    ["a workspaceId with odd characters", { workspaceId: "ws 1!" }, "workspaceId", /not a workspace ID/],
    ["an empty namespace", { namespaceName: "" }, "namespaceName", /namespaceName is required/],
    ["a namespace with a slash", { namespaceName: "a/b" }, "namespaceName", /lowercase letters, digits and hyphens/],
    ["a namespace with capitals", { namespaceName: "Default" }, "namespaceName", /lowercase letters/],
    ["a namespace ending in a hyphen", { namespaceName: "team-" }, "namespaceName", /not end with a hyphen/],
    ["a namespace starting with a digit", { namespaceName: "1team" }, "namespaceName", /start with a letter/],
    ["the namespace '.'", { namespaceName: "." }, "namespaceName", /is not a name/],
    ["the namespace '..'", { namespaceName: ".." }, "namespaceName", /is not a name/],
    ["a namespace with a NUL", { namespaceName: "team\u0000x" }, "namespaceName", /U\+0000/],
    ["a namespace with a bidi override", { namespaceName: "team\u202ex" }, "namespaceName", /U\+202E/],
    ["a namespace with a zero-width space", { namespaceName: "team\u200bx" }, "namespaceName", /U\+200B/],
    ["the connector name '..'", { connectorName: ".." }, "connectorName", /is not a name/],
    ["a connector name with a newline", { connectorName: "acme\nsink" }, "connectorName", /U\+000A/],
    ["a jarUrl with an embedded newline", { jarUrl: "oss://bkt/a.jar\nINFO forged" }, "jarUrl", /U\+000A/],
    ["a jarUrl with a tab", { jarUrl: "oss://bkt/a\t.jar" }, "jarUrl", /U\+0009/],
    ["a jarUrl with CRLF", { jarUrl: "https://h/a.jar\r\nX: y" }, "jarUrl", /U\+000D/],
    ["a jarUrl with user:password@", { jarUrl: "https://bob:hunter2@repo.example.com/a.jar" }, "jarUrl", /user name or password.*grant the platform read access/],
    ["a 10 KB jarUrl", { jarUrl: `oss://bkt/${"a".repeat(10_000)}.jar` }, "jarUrl", /at most 2048/],
    ["a connector name with a colon", { connectorName: "a:b" }, "connectorName", /':'/],
    ["a connector name with spaces around it", { connectorName: " acme " }, "connectorName", /leading or trailing spaces/],
    ["a missing jarUrl", { jarUrl: undefined }, "jarUrl", /jarUrl is required.*oss:\/\//],
    ["a jarUrl that is not a URL", { jarUrl: "bucket/acme.jar" }, "jarUrl", /not a URL/],
    ["plain http to a remote host", { jarUrl: "http://repo.example.com/a.jar" }, "jarUrl", /only for a loopback host.*https/],
    ["an ftp URL", { jarUrl: "ftp://x/a.jar" }, "jarUrl", /use oss:\/\/ or https:\/\//],
    ["an OSS URL without an object", { jarUrl: "oss://bucket" }, "jarUrl", /must name a bucket and an object/],
    ["a non-boolean adoptExisting", { adoptExisting: "yes" }, "adoptExisting", /true or false/],
    ["a non-string contentVersion", { contentVersion: 3 }, "contentVersion", /must be a string/],
  ];
  for (const [what, patch, property, reason] of rejected) {
    it(`rejects ${what}, naming the property and the fix`, () => {
      const { failures } = checkInputs({ ...valid, ...patch });
      expect(failures).to.have.length(1);
      expect(failures[0].property).to.equal(property);
      expect(failures[0].reason).to.match(reason);
    });
  }

  it("never echoes a password or a raw control character in a reason", () => {
    const reasons = [
      ...checkInputs({ ...valid, jarUrl: "https://bob:hunter2@repo.example.com/a.jar" }).failures,
      ...checkInputs({ ...valid, jarUrl: "oss://bkt/a.jar\nINFO forged" }).failures,
    ].map((f) => f.reason);
    expect(reasons.join(" ")).to.not.contain("hunter2").and.not.contain("\n");
  });

  it("reports every bad property at once", () => {
    expect(checkInputs({}).failures.map((f) => f.property)).to.deep.equal(["workspaceId", "namespaceName", "connectorName", "jarUrl"]);
  });
});

describe("diff", () => {
  const olds = { ...valid, adoptExisting: false, contentVersion: "", connectorType: "acme-sink", __provider: "old code" };
  const table: Array<[string, Record<string, unknown>, { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }]> = [
    ["no change (and ignores __provider)", { ...valid, __provider: "new code" }, { changes: false, replaces: [], deleteBeforeReplace: false }],
    ["a new jarUrl: update in place", { ...valid, jarUrl: "oss://bkt/c/acme-sink-1.3.0.jar" }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["a new contentVersion: update in place", { ...valid, contentVersion: "v2" }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["adoptExisting alone: no change", { ...valid, adoptExisting: true }, { changes: false, replaces: [], deleteBeforeReplace: false }],
    ["a new namespace: replace, deleting first", { ...valid, namespaceName: "other" }, { changes: true, replaces: ["namespaceName"], deleteBeforeReplace: true }],
    ["a new workspace: replace", { ...valid, workspaceId: "ws2" }, { changes: true, replaces: ["workspaceId"], deleteBeforeReplace: true }],
    ["a new connector name: replace", { ...valid, connectorName: "other" }, { changes: true, replaces: ["connectorName"], deleteBeforeReplace: true }],
    ["an unknown jarUrl in preview: update", { ...valid, jarUrl: UNKNOWN }, { changes: true, replaces: [], deleteBeforeReplace: false }],
    ["an unknown namespace in preview: replace", { ...valid, namespaceName: UNKNOWN }, { changes: true, replaces: ["namespaceName"], deleteBeforeReplace: true }],
  ];
  for (const [what, news, out] of table) {
    it(`diffs ${what}`, () => expect(diffInputs(olds, news)).to.deep.equal(out));
  }

  it("treats missing optional fields in old state as their defaults", () => {
    expect(diffInputs({ ...valid }, { ...valid, adoptExisting: false, contentVersion: "" }).changes).to.equal(false);
  });
});

describe("parseId", () => {
  it("parses workspace:namespace:connector", () => {
    expect(parseId("ws:ns:c")).to.deep.equal({ workspaceId: "ws", namespaceName: "ns", connectorName: "c" });
  });
  for (const bad of ["ws:ns", "ws::c", "a:b:c:d", ""]) {
    it(`rejects "${bad}" naming the expected format`, () => {
      expect(parseId(bad)).to.have.property("error").that.matches(/<workspaceId>:<namespaceName>:<connectorName>/);
    });
  }
});
