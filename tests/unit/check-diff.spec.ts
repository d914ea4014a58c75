import { expect } from "chai";
import { nameSet } from "../../lib/model/names";
import { UNKNOWN, asInputs, checkInputs } from "../../lib/provider/check";
import { diffInputs } from "../../lib/provider/diff";
import { formatSetId, parseId, parseSetId } from "../../lib/model/id";
import { jarUrlPlaceholder } from "../../lib/model/placeholder";

const valid = {
  workspaceId: "a14bd5d90a0001",
  namespaceName: "default-namespace",
  connectorName: "acme-sink",
  jarUrl: "oss://bkt/c/acme-sink-1.2.0.jar",
};

describe("check", () => {
  it("accepts valid inputs and adds nothing to them (an import's code holds only what it says)", () => {
    expect(checkInputs(valid)).to.deep.equal({ inputs: { ...valid }, failures: [] });
  });

  const accepted: Array<[string, Record<string, unknown>]> = [
    ["an https JAR URL", { jarUrl: "https://repo.example.com/c/acme.jar" }],
    ["http to loopback", { jarUrl: "http://127.0.0.1:9000/acme.jar" }],
    ["an OSS URL without .jar", { jarUrl: "oss://flink/connector/mysql123" }],
    [
      "values unknown during preview",
      { workspaceId: UNKNOWN, namespaceName: UNKNOWN, connectorName: UNKNOWN, jarUrl: UNKNOWN, adoptExisting: UNKNOWN },
    ],
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
    [
      "a jarUrl with user:password@",
      { jarUrl: "https://bob:hunter2@repo.example.com/a.jar" },
      "jarUrl",
      /user name or password.*grant the platform read access/,
    ],
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

  describe("the connectors a JAR registers: connectorName or connectorNames", () => {
    const noName = { ...valid, connectorName: undefined };
    it("normalizes connectorNames: sorted, kept as given otherwise", () => {
      const { inputs, failures } = checkInputs({ ...noName, connectorNames: ["upsert-kafka-acme", "kafka-acme"] });
      expect(failures).to.deep.equal([]);
      expect(inputs.connectorNames).to.deep.equal(["kafka-acme", "upsert-kafka-acme"]);
    });
    it("keeps every other input it accepts exactly as given", () => {
      const given = { ...noName, connectorNames: ["b", "a"], adoptExisting: true, contentVersion: "sha256:1" };
      expect(checkInputs(given).inputs).to.deep.equal({ ...given, connectorNames: ["a", "b"] });
    });
    it("accepts both when they say the same, and names unknown during preview", () => {
      expect(checkInputs({ ...valid, connectorNames: ["acme-sink"] }).failures).to.deep.equal([]);
      expect(checkInputs({ ...noName, connectorNames: UNKNOWN }).failures).to.deep.equal([]);
      expect(checkInputs({ ...noName, connectorNames: ["a", UNKNOWN] }).failures).to.deep.equal([]);
    });
    const bad: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ["neither", noName, "connectorName", /connectorName is required.*or set connectorNames to every connector/],
      ["both, saying different things", { ...valid, connectorNames: ["a", "b"] }, "connectorNames", /not both/],
      ["an empty list", { ...noName, connectorNames: [] }, "connectorNames", /lists no connector.*inspect-jar/],
      ["a list that is not a list", { ...noName, connectorNames: "a,b" }, "connectorNames", /must be a list/],
      ["a name listed twice", { ...noName, connectorNames: ["a", "b", "a"] }, "connectorNames", /lists "a" twice/],
      ["a name with a comma (the id's separator)", { ...noName, connectorNames: ["a,b"] }, "connectorNames[0]", /','/],
      ["a dot as a name", { ...noName, connectorNames: ["a", "."] }, "connectorNames[1]", /is not a name/],
      ["a hidden character in a name", { ...noName, connectorNames: ["a​b"] }, "connectorNames[0]", /U\+200B/],
      ["65 names", { ...noName, connectorNames: Array.from({ length: 65 }, (_, i) => `c${i}`) }, "connectorNames", /at most 64/],
    ];
    for (const [what, news, property, reason] of bad) {
      it(`rejects ${what}`, () => {
        const { failures } = checkInputs(news);
        expect(failures.map((f) => f.property)).to.deep.equal([property]);
        expect(failures[0].reason).to.match(reason);
      });
    }
  });

  describe("what check keeps, and its edges", () => {
    it("keeps every input it accepts exactly as given, and adds no default", () => {
      const given = { ...valid, adoptExisting: true, contentVersion: "sha256:abc" };
      expect(checkInputs(given)).to.deep.equal({ inputs: { ...given }, failures: [] });
      expect(checkInputs({ ...valid, adoptExisting: false, contentVersion: "" }).inputs).to.deep.include({
        adoptExisting: false,
        contentVersion: "",
      });
    });

    const exactly: Array<[string, Record<string, unknown>, string, string]> = [
      [
        "a connector named .",
        { connectorName: "." },
        "connectorName",
        'connectorName "." is not a name (it would address another path of the API); use the name of the connector the JAR registers (alicloud-flink inspect-jar shows it), e.g. "mysql-test".',
      ],
      [
        "a namespace named ..",
        { namespaceName: ".." },
        "namespaceName",
        'namespaceName ".." is not a name (it would address another path of the API); use the namespace (project space) name, e.g. "default-namespace".',
      ],
      [
        "a jarUrl with spaces around it",
        { jarUrl: " oss://bkt/a.jar " },
        "jarUrl",
        'jarUrl " oss://bkt/a.jar " has leading or trailing spaces; remove them.',
      ],
      [
        "a jarUrl naming no file",
        { jarUrl: "https://repo.example.com/" },
        "jarUrl",
        'jarUrl "https://repo.example.com/" must point at a file, e.g. "https://repo.example.com/connectors/acme-sink-1.2.0.jar".',
      ],
    ];
    for (const [what, patch, property, reason] of exactly) {
      it(`refuses ${what}, saying exactly why`, () =>
        expect(checkInputs({ ...valid, ...patch }).failures).to.deep.equal([{ property, reason }]));
    }

    it("refuses a user without a password in jarUrl, and never echoes it", () => {
      const { failures } = checkInputs({ ...valid, jarUrl: "https://TOKEN123secret@repo.example.com/a.jar" });
      expect(failures.map((f) => f.property)).to.deep.equal(["jarUrl"]);
      expect(failures[0].reason)
        .to.match(/user name or password/)
        .and.not.contain("TOKEN123secret");
    });

    const one: Array<[string, Record<string, unknown>, string, string]> = [
      [
        "a workspace ID with spaces: one failure, not two",
        { workspaceId: " ws " },
        "workspaceId",
        'workspaceId " ws " has leading or trailing spaces; remove them.',
      ],
      [
        "a namespace with spaces: one failure, not two",
        { namespaceName: " ns" },
        "namespaceName",
        'namespaceName " ns" has leading or trailing spaces; remove them.',
      ],
      [
        "a workspace ID starting with a hyphen",
        { workspaceId: "-ws" },
        "workspaceId",
        "workspaceId \"-ws\" is not a workspace ID: use letters, digits, '-' and '_' only, as shown in the Flink console.",
      ],
      [
        "an OSS URL of a bucket alone",
        { jarUrl: "oss://bucket/" },
        "jarUrl",
        'jarUrl "oss://bucket/" must name a bucket and an object: "oss://<bucket>/<path>.jar".',
      ],
      [
        "a tab in jarUrl, at its position",
        { jarUrl: "oss://bkt/a\tb.jar" },
        "jarUrl",
        "jarUrl contains the invisible or control character U+0009 at position 12; type the value again without it.",
      ],
      [
        "a bell in contentVersion",
        { contentVersion: "v1\u0007" },
        "contentVersion",
        "contentVersion contains the invisible or control character U+0007 at position 3; type the value again without it.",
      ],
      [
        "a long name with a colon, shown cut at 80 characters",
        { connectorName: `${"n".repeat(90)}:x` },
        "connectorName",
        `connectorName "${"n".repeat(80)}…" contains a space, '/', ':', ',', '\\', '?', '#' or '%'; use the name exactly as the Flink console shows it.`,
      ],
    ];
    for (const [what, patch, property, reason] of one) {
      it(`refuses ${what}`, () => expect(checkInputs({ ...valid, ...patch }).failures).to.deep.equal([{ property, reason }]));
    }

    it("accepts a one-letter namespace, a placeholder-like word inside a real URL, 64 names, and an empty connectorName beside a list", () => {
      expect(checkInputs({ ...valid, namespaceName: "a" }).failures).to.deep.equal([]);
      expect(checkInputs({ ...valid, jarUrl: "oss://bkt/REPLACE-ME-notes.jar" }).failures).to.deep.equal([]);
      expect(
        checkInputs({ ...valid, connectorName: undefined, connectorNames: Array.from({ length: 64 }, (_, i) => `c${i}`) }).failures,
      ).to.deep.equal([]);
      expect(checkInputs({ ...valid, connectorName: "", connectorNames: ["a", "b"] }).failures).to.deep.equal([]);
    });

    it("leaves a list holding an unknown name as it is (preview)", () => {
      expect(checkInputs({ ...valid, connectorName: undefined, connectorNames: ["b", UNKNOWN] }).inputs.connectorNames).to.deep.equal([
        "b",
        UNKNOWN,
      ]);
    });

    it("turns checked inputs into the provider's: one name or a sorted list, defaults filled", () => {
      expect(asInputs({ ...valid })).to.deep.equal({ ...valid, connectorNames: ["acme-sink"], adoptExisting: false, contentVersion: "" });
      expect(asInputs({ ...valid, connectorName: undefined, connectorNames: ["b", "a"], contentVersion: "v2" })).to.deep.include({
        connectorName: "",
        connectorNames: ["a", "b"],
        contentVersion: "v2",
      });
      expect(asInputs({ ...valid, connectorName: undefined, connectorNames: ["solo"] })).to.deep.include({
        connectorName: "solo",
        connectorNames: ["solo"],
      });
    });

    it("accepts names up to 128 characters, a jarUrl up to 2048 and a contentVersion up to 256, and refuses one more", () => {
      const at = (n: number, prefix = ""): string => prefix + "a".repeat(n - prefix.length);
      expect(checkInputs({ ...valid, connectorName: at(128) }).failures).to.deep.equal([]);
      expect(checkInputs({ ...valid, connectorName: at(129) }).failures[0].reason).to.equal(
        "connectorName is 129 characters long; at most 128 are allowed.",
      );
      expect(checkInputs({ ...valid, jarUrl: at(2048, "oss://bkt/") }).failures).to.deep.equal([]);
      expect(checkInputs({ ...valid, jarUrl: at(2049, "oss://bkt/") }).failures[0].reason).to.match(
        /^jarUrl is 2049 characters long; at most 2048/,
      );
      expect(checkInputs({ ...valid, contentVersion: at(256) }).failures).to.deep.equal([]);
      expect(checkInputs({ ...valid, contentVersion: at(257) }).failures[0].reason).to.match(
        /^contentVersion is 257 characters long; at most 256/,
      );
    });
  });

  it("reports every bad property at once", () => {
    expect(checkInputs({}).failures.map((f) => f.property)).to.deep.equal(["workspaceId", "namespaceName", "connectorName", "jarUrl"]);
  });
});

describe("check: one name or several, at the edges", () => {
  const base = { workspaceId: "a14bd5d90a0001", namespaceName: "default-namespace", jarUrl: "oss://bkt/c/a.jar" };
  const props = (news: Record<string, unknown>) => checkInputs({ ...base, ...news }).failures.map((f) => f.property);
  it("takes connectorNames: null as not given, and connectorName: null beside connectorNames as not given", () => {
    expect(props({ connectorName: "a", connectorNames: null })).to.deep.equal([]);
    expect(props({ connectorName: null, connectorNames: ["a"] })).to.deep.equal([]);
  });
  it("refuses a connectorName that is not the one name of connectorNames", () => {
    expect(props({ connectorName: "a", connectorNames: ["a", "b"] })).to.deep.equal(["connectorNames"]);
    expect(props({ connectorName: "b", connectorNames: ["a"] })).to.deep.equal(["connectorNames"]);
    expect(props({ connectorName: "a", connectorNames: ["a"] })).to.deep.equal([]);
  });
  it("leaves the names alone while one is unknown (preview)", () => {
    expect(checkInputs({ ...base, connectorName: UNKNOWN }).inputs).to.not.have.property("connectorNames");
    expect(checkInputs({ ...base, connectorName: "a" }).inputs).to.not.have.property("connectorNames");
    expect(checkInputs({ ...base, connectorNames: ["b", "a"] }).inputs.connectorNames).to.deep.equal(["a", "b"]);
  });
});

describe("check: a connector already managed may leave jarUrl out (an import)", () => {
  const one = { workspaceId: "a14bd5d90a0001", namespaceName: "default-namespace", connectorName: "acme-sink" };
  const jarless = (olds: Record<string, unknown>, news: Record<string, unknown> = one) =>
    checkInputs(news, olds).failures.map((f) => `${f.property}: ${f.reason}`);
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp | undefined]> = [
    ["accepts the inputs an import read, checked against themselves", one, one, undefined],
    [
      "accepts a single name that is the old list of one",
      { ...one, connectorName: undefined, connectorNames: ["acme-sink"] },
      one,
      undefined,
    ],
    [
      "accepts old inputs that held 0.1's placeholder",
      { ...one, jarUrl: "REPLACE-ME: the JAR acme-sink was registered from" },
      one,
      undefined,
    ],
    [
      "refuses a create (no old inputs), saying only a resource already in the stack may",
      {},
      one,
      /^jarUrl: jarUrl is required to register connectors.*Only a resource already in the stack that keeps its connector names, such as one brought in with `pulumi import`, may leave it out/,
    ],
    [
      "refuses other connectors (a replacement registers them)",
      { ...one, connectorName: "acme-source" },
      one,
      /^jarUrl: jarUrl is required/,
    ],
    ["refuses another namespace (a replacement)", { ...one, namespaceName: "other" }, one, /^jarUrl: jarUrl is required/],
    [
      "refuses old inputs that name no workspace (not a resource's)",
      { namespaceName: "default-namespace", connectorName: "acme-sink" },
      one,
      /^jarUrl: jarUrl is required/,
    ],
    [
      "refuses contentVersion without a jarUrl: nothing to register again",
      one,
      { ...one, contentVersion: "v2" },
      /^contentVersion: contentVersion says when to register the JAR again, but no jarUrl is declared/,
    ],
  ];
  for (const [title, olds, news, failure] of cases) {
    it(title, () => {
      const got = jarless(olds, news);
      if (failure) {
        expect(got).to.have.length(1);
        expect(got[0]).to.match(failure);
      } else expect(got).to.deep.equal([]);
    });
  }
  it("still checks a jarUrl that is given, old inputs or not", () => {
    expect(jarless(one, { ...one, jarUrl: "ftp://x/y.jar" })[0]).to.match(/^jarUrl: .*uses ftp:/);
  });
});

describe("diff", () => {
  const olds = { ...valid, adoptExisting: false, contentVersion: "", connectorType: "acme-sink", __provider: "old code" };
  const table: Array<
    [string, Record<string, unknown>, { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean; updates?: string[] }]
  > = [
    [
      "no change (and ignores __provider)",
      { ...valid, __provider: "new code" },
      { changes: false, replaces: [], deleteBeforeReplace: false },
    ],
    [
      "a new jarUrl: update in place",
      { ...valid, jarUrl: "oss://bkt/c/acme-sink-1.3.0.jar" },
      { changes: true, replaces: [], deleteBeforeReplace: false, updates: ["jarUrl"] },
    ],
    [
      "a new contentVersion: update in place",
      { ...valid, contentVersion: "v2" },
      { changes: true, replaces: [], deleteBeforeReplace: false, updates: ["contentVersion"] },
    ],
    ["adoptExisting alone: no change", { ...valid, adoptExisting: true }, { changes: false, replaces: [], deleteBeforeReplace: false }],
    [
      "a new namespace: replace, deleting first",
      { ...valid, namespaceName: "other" },
      { changes: true, replaces: ["namespaceName"], deleteBeforeReplace: true },
    ],
    ["a new workspace: replace", { ...valid, workspaceId: "ws2" }, { changes: true, replaces: ["workspaceId"], deleteBeforeReplace: true }],
    [
      "a new connector name: replace",
      { ...valid, connectorName: "other" },
      { changes: true, replaces: ["connectorName"], deleteBeforeReplace: true },
    ],
    [
      "an unknown jarUrl in preview: update",
      { ...valid, jarUrl: UNKNOWN },
      { changes: true, replaces: [], deleteBeforeReplace: false, updates: ["jarUrl"] },
    ],
    [
      "an unknown namespace in preview: replace",
      { ...valid, namespaceName: UNKNOWN },
      { changes: true, replaces: ["namespaceName"], deleteBeforeReplace: true },
    ],
    [
      "the same name given as connectorNames: no change",
      { ...valid, connectorName: undefined, connectorNames: ["acme-sink"] },
      { changes: false, replaces: [], deleteBeforeReplace: false },
    ],
    [
      "the one name become two: replace",
      { ...valid, connectorName: undefined, connectorNames: ["acme-sink", "acme-upsert"] },
      { changes: true, replaces: ["connectorNames"], deleteBeforeReplace: true },
    ],
    [
      "unknown names in preview: replace",
      { ...valid, connectorName: undefined, connectorNames: UNKNOWN },
      { changes: true, replaces: ["connectorNames"], deleteBeforeReplace: true },
    ],
    [
      "one unknown name in a list: replace",
      { ...valid, connectorName: undefined, connectorNames: ["acme-sink", UNKNOWN] },
      { changes: true, replaces: ["connectorNames"], deleteBeforeReplace: true },
    ],
    [
      "an unknown connectorName: replace",
      { ...valid, connectorName: UNKNOWN },
      { changes: true, replaces: ["connectorName"], deleteBeforeReplace: true },
    ],
    [
      "an unknown contentVersion: update",
      { ...valid, contentVersion: UNKNOWN },
      { changes: true, replaces: [], deleteBeforeReplace: false, updates: ["contentVersion"] },
    ],
  ];
  for (const [what, news, out] of table) {
    it(`diffs ${what}`, () => expect(diffInputs(olds, news)).to.deep.equal({ updates: [], ...out }));
  }

  describe("state that does not know the JAR (an import)", () => {
    const imported = { ...olds, jarUrl: jarUrlPlaceholder(["acme-sink"]) };
    it("updates, so that the state learns the declared jarUrl (the update records it without registering)", () => {
      expect(diffInputs(imported, { ...valid, contentVersion: "v7" })).to.deep.equal({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
        updates: ["jarUrl", "contentVersion"],
      });
    });
    it("still replaces when the names change", () =>
      expect(diffInputs(imported, { ...valid, connectorName: "other" }).replaces).to.deep.equal(["connectorName"]));
  });

  describe("a JAR of several connectors", () => {
    const set = { ...valid, connectorName: "", connectorNames: ["a", "b"] };
    const info = (name: string) => ({ id: `x:y:${name}`, name });
    it("sees no change in another order", () =>
      expect(diffInputs({ ...set, connectors: [info("a"), info("b")] }, { ...set, connectorNames: ["b", "a"] }).changes).to.equal(false));
    it("updates in place when the last refresh did not find one of them", () => {
      expect(diffInputs({ ...set, connectors: [info("b")] }, set)).to.deep.equal({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
        updates: [],
      });
    });
    it("replaces when the set changes", () =>
      expect(diffInputs(set, { ...set, connectorNames: ["a", "c"] }).replaces).to.deep.equal(["connectorNames"]));
    it("takes a state without `connectors` (written before 0.3) as complete", () =>
      expect(diffInputs({ ...valid }, { ...valid }).changes).to.equal(false));
  });

  it("treats a contentVersion held as null as the empty default", () => {
    expect(diffInputs({ ...valid, contentVersion: null }, { ...valid, contentVersion: "" }).changes).to.equal(false);
  });

  it("treats missing optional fields in old state as their defaults", () => {
    expect(diffInputs({ ...valid }, { ...valid, adoptExisting: false, contentVersion: "" }).changes).to.equal(false);
  });
});

describe("parseId", () => {
  it("parses workspace:namespace:connector", () => {
    expect(parseId("ws:ns:c")).to.deep.equal({ workspaceId: "ws", namespaceName: "ns", connectorName: "c" });
  });
  for (const bad of [
    "ws:ns",
    "ws::c",
    "a:b:c:d",
    "",
    "ws:ns:..",
    "ws:..:c",
    "ws:ns:.",
    "ws:ns:a/b",
    "ws:ns:a\u0000",
    "ws:ns:c%2e",
    "ws:ns:a,,b",
    "ws:ns:a,",
  ]) {
    it(`rejects ${JSON.stringify(bad)} naming the expected format`, () => {
      expect(parseId(bad))
        .to.have.property("error")
        .that.matches(/<workspaceId>:<namespaceName>:<connectorName>/);
    });
  }
  it("never echoes a control character of a bad id", () => {
    expect((parseId("ws:ns:a\nforged") as { error: string }).error).to.not.contain("\n");
  });
  it("parses the id of a JAR of several connectors, sorted, and refuses it where one is expected", () => {
    expect(parseSetId("ws:ns:upsert-acme,acme")).to.deep.equal({
      workspaceId: "ws",
      namespaceName: "ns",
      connectorNames: ["acme", "upsert-acme"],
    });
    expect(formatSetId({ workspaceId: "ws", namespaceName: "ns", connectorNames: nameSet(["upsert-acme", "acme"]) })).to.equal(
      "ws:ns:acme,upsert-acme",
    );
    expect(parseSetId("ws:ns:a,a")).to.have.property("error").that.matches(/twice/);
    expect(parseId("ws:ns:a,b"))
      .to.have.property("error")
      .that.matches(/several/);
  });
});
