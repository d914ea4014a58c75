import { expect } from "chai";
import { clashFailures, StackClaims } from "../../lib/provider/claims";
import { UNKNOWN } from "../../lib/provider/check";
import { checkJarFilePath } from "../../lib/provider/jar-file-path";

const inputs = (jar: { jarFile?: string; jarUrl?: string }, names: string[] = ["acme"], ns = "ns") => ({
  workspaceId: "ws",
  namespaceName: ns,
  connectorNames: names,
  ...jar,
});

describe("the stack's claims: two JARs declaring one connector", () => {
  type Check = [urn: string | undefined, inputs: Record<string, unknown>];
  const rows: Array<[string, Check[], number]> = [
    [
      "two resources (by URN), two JARs, one connector: refused",
      [
        ["urn:a", inputs({ jarUrl: "oss://b/a.jar" })],
        ["urn:b", inputs({ jarUrl: "oss://b/b.jar" })],
      ],
      1,
    ],
    [
      "one resource (by URN) checked again with another JAR: its claim moves",
      [
        ["urn:a", inputs({ jarUrl: "oss://b/a.jar" })],
        ["urn:a", inputs({ jarUrl: "oss://b/b.jar" })],
      ],
      0,
    ],
    [
      "another namespace: no clash",
      [
        ["urn:a", inputs({ jarUrl: "oss://b/a.jar" })],
        ["urn:b", inputs({ jarUrl: "oss://b/b.jar" }, ["acme"], "other")],
      ],
      0,
    ],
    [
      "no URN (the dynamic provider): jarFile resources by their file",
      [
        [undefined, inputs({ jarFile: "a.jar" })],
        [undefined, inputs({ jarFile: "b.jar" })],
      ],
      1,
    ],
    [
      "no URN: the same file checked again is the same resource",
      [
        [undefined, inputs({ jarFile: "a.jar" })],
        [undefined, inputs({ jarFile: "a.jar" })],
      ],
      0,
    ],
    [
      "no URN: jarUrl resources are not compared (nothing tells them apart)",
      [
        [undefined, inputs({ jarUrl: "oss://b/a.jar" })],
        [undefined, inputs({ jarUrl: "oss://b/b.jar" })],
      ],
      0,
    ],
    [
      "a name unknown at preview is not judged",
      [
        ["urn:a", inputs({ jarUrl: "oss://b/a.jar" })],
        ["urn:b", inputs({ jarUrl: "oss://b/b.jar" }, [UNKNOWN])],
      ],
      0,
    ],
  ];
  for (const [what, checks, clashes] of rows) {
    it(what, () => {
      const claims = new StackClaims();
      const found = checks.flatMap(([urn, i]) => clashFailures(claims, i, urn));
      expect(found).to.have.length(clashes);
    });
  }
  it("names both JARs and what to do", () => {
    const claims = new StackClaims();
    clashFailures(claims, inputs({ jarFile: "a.jar" }, ["acme", "acme-2"]));
    const [f] = clashFailures(claims, inputs({ jarUrl: "oss://b/b.jar?Signature=abc" }), "urn:b");
    expect(f.property).to.equal("connectorNames");
    expect(f.reason).to.equal(
      '"acme" is declared by two JARs of this stack, jarUrl oss://b/b.jar?Signature=[REDACTED] and jarFile a.jar, in namespace "ns" ' +
        'of workspace "ws": a connector type can be registered only once per namespace. Remove it from one of them.',
    );
  });
});

describe("a jarFile as text, before the file is read", () => {
  const rows: Array<[string, unknown, unknown, RegExp | undefined]> = [
    ["a relative path", "target/acme-1.0.jar", undefined, undefined],
    ["an absolute path", "/builds/acme.jar", "", undefined],
    ["unknown at preview", UNKNOWN, undefined, undefined],
    ["with a jarUrl too", "a.jar", "oss://b/a.jar", /Set jarUrl .* or jarFile .*, not both/],
    ["unknown, with a jarUrl too: still both", UNKNOWN, "oss://b/a.jar", /not both/],
    ["not a string", 42, undefined, /jarFile must be the path of a local JAR file, got 42/],
    ["a hidden character", "a\u200b.jar", undefined, /jarFile contains the invisible or control character U\+200B at position 2/],
    ["spaces around it", " a.jar", undefined, /jarFile " a\.jar" has leading or trailing spaces/],
    ["too long", `${"a".repeat(4093)}.jar`, undefined, /jarFile is 4097 characters long; at most 4096/],
    ["exactly the longest", `${"a".repeat(4092)}.jar`, undefined, undefined],
    ["a URL", "https://x/a.jar", undefined, /jarFile "https:\/\/x\/a\.jar" is a URL; jarFile is a local path/],
    ["an oss:// URL", "oss://b/a.jar", undefined, /is a URL/],
    ["a Windows drive path is a path", "C:\\jars\\a.jar", undefined, undefined],
  ];
  for (const [what, v, jarUrl, words] of rows) {
    it(what, () => {
      const f = checkJarFilePath(v, jarUrl);
      if (words === undefined) {
        expect(f).to.equal(undefined);
        return;
      }
      expect(f?.property).to.equal("jarFile");
      expect(f?.reason).to.match(words);
    });
  }
});
