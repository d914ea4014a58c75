import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildUdfJar } from "../../lib/emulator/fixtures/udf-jar";
import type { UdfArtifact } from "../../lib/model/udf";
import { checkUdf } from "../../lib/provider/udf-check";
import { defaultFunctionName } from "../../lib/provider/udf-types";
import { planFunctions, wantedFunctions } from "../../lib/provider/udf-writes";

const artifact = (name: string, classes: Record<string, string[]>): UdfArtifact => ({
  name,
  jarUrl: `oss://b/${name}.jar`,
  artifactType: "JAR",
  dependencyJarUris: [],
  udfClasses: Object.entries(classes).map(([className, functionNames]) => ({
    className,
    classType: "UDF",
    functionNames,
    udfArtifactName: name,
  })),
  namespace: "ns",
  creator: "u",
  createdAt: 1,
  modifiedAt: 1,
});

describe("UDF decisions", () => {
  const table: Array<[string, Record<string, string[]>, Record<string, string[]>, unknown]> = [
    ["nothing to nothing", {}, {}, { remove: [], add: [] }],
    ["create", {}, { "a.U": ["U"] }, { remove: [], add: [["a.U", "U"]] }],
    [
      "a name added and one removed on one class",
      { "a.U": ["U", "X"] },
      { "a.U": ["U", "Y"] },
      { remove: [["a.U", "X"]], add: [["a.U", "Y"]] },
    ],
    ["a class dropped", { "a.U": ["U"], "a.L": ["L"] }, { "a.U": ["U"] }, { remove: [["a.L", "L"]], add: [] }],
    ["a name moved to another class", { "a.U": ["F"] }, { "a.L": ["F"] }, { remove: [["a.U", "F"]], add: [["a.L", "F"]] }],
    [
      "everything deleted (destroy)",
      { "b.B": ["B"], "a.A": ["A2", "A1"] },
      {},
      {
        remove: [
          ["a.A", "A1"],
          ["a.A", "A2"],
          ["b.B", "B"],
        ],
        add: [],
      },
    ],
  ];
  for (const [name, have, want, plan] of table) it(`plans functions: ${name}`, () => expect(planFunctions(have, want)).to.deep.equal(plan));

  it("by default, every class of the artifact under its simple name, nested classes included", () => {
    expect(wantedFunctions(undefined, artifact("x", { "a.b.Upper": [], "a.Outer$Inner": [] }))).to.deep.equal({
      "a.b.Upper": ["Upper"],
      "a.Outer$Inner": ["Inner"],
    });
    expect(wantedFunctions({ "a.b.Upper": ["UP"] }, artifact("x", { "a.b.Upper": [] }))).to.deep.equal({ "a.b.Upper": ["UP"] });
    expect(defaultFunctionName("Plain")).to.equal("Plain");
  });
});

describe("UDF check: what is refused before any write, in the inputs' words", () => {
  const dir = mkdtempSync(join(tmpdir(), "udf-check-"));
  const engine = { javaVersion: 8 };
  const base = { workspaceId: "w1", namespaceName: "ns", name: "strings" };
  const file = (name: string, classes: Parameters<typeof buildUdfJar>[0]["classes"], javaVersion = 8): string => {
    const p = join(dir, name);
    writeFileSync(p, buildUdfJar({ classes, javaVersion }));
    return p;
  };
  const reasons = async (news: Record<string, unknown>, artifacts?: UdfArtifact[]) =>
    (await checkUdf(news, { engine, ...(artifacts ? { artifacts: async () => artifacts } : {}) })).failures.map(
      (f) => `${f.property}: ${f.reason}`,
    );

  it("names, one JAR, dependency URLs and functions, before reading anything", async () => {
    expect(await reasons({ ...base, name: "a/b", jarUrl: "oss://b/x.jar" })).to.have.length(1);
    expect((await reasons({ ...base }))[0]).to.match(/^jarUrl: jarUrl is required to create a UDF artifact/);
    expect((await reasons({ ...base, jarUrl: "oss://b/x.jar", jarFile: "x.jar" }))[0]).to.match(/not both/);
    expect((await reasons({ ...base, jarUrl: "oss://b/x.jar", dependencyJarUris: ["ftp://x/y.jar"] }))[0]).to.match(
      /^dependencyJarUris: dependencyJarUris\[0\]/,
    );
    expect((await reasons({ ...base, jarUrl: "oss://b/x.jar", functions: { "a b": ["X"] } }))[0]).to.match(/is not a Java class name/);
    expect((await reasons({ ...base, jarUrl: "oss://b/x.jar", functions: { "a.U": [] } }))[0]).to.match(
      /must list at least one function name, e.g. \["U"\]/,
    );
    expect((await reasons({ ...base, jarUrl: "oss://b/x.jar", functions: { "a.U": ["F"], "a.L": ["F"] } }))[0]).to.match(
      /"F" is declared for a.U and a.L/,
    );
  });

  it("a jarFile: its classes fill the functions; a declared class it lacks, no UDF class, or too new a Java is refused", async () => {
    const f = file("s.jar", [
      { className: "a.Upper", base: "ScalarFunction" },
      { className: "a.Lower", base: "ScalarFunction" },
    ]);
    const ok = await checkUdf({ ...base, jarFile: f }, { engine });
    expect(ok.failures).to.deep.equal([]);
    expect(ok.inputs.functions).to.deep.equal({ "a.Lower": ["Lower"], "a.Upper": ["Upper"] });
    expect(ok.inputs.jarSha256).to.match(/^[0-9a-f]{64}$/);
    expect((await reasons({ ...base, jarFile: f, functions: { "a.Trim": ["TRIM"] } }))[0]).to.match(
      /holds no UDF class a.Trim; its UDF classes are a.Lower, a.Upper/,
    );
    expect((await reasons({ ...base, jarFile: file("none.jar", [{ className: "a.Plain" }]) }))[0]).to.match(
      /holds no UDF class \(no public class/,
    );
    expect((await reasons({ ...base, jarFile: file("new.jar", [{ className: "a.U", base: "ScalarFunction" }], 17) }))[0]).to.match(
      /class file of Java 17, but the engine runs Java 8/,
    );
    const twice = file("twice.jar", [
      { className: "a.U", base: "ScalarFunction" },
      { className: "b.U", base: "ScalarFunction" },
    ]);
    expect((await reasons({ ...base, jarFile: twice }))[0]).to.match(/have the simple name U: declare functions/);
  });

  it("a class or a function name another artifact of the namespace has is refused, naming it; this artifact's own are not", async () => {
    const f = file("c.jar", [{ className: "a.Upper", base: "ScalarFunction" }]);
    const others = [artifact("other", { "a.Upper": [] }), artifact("strings", { "a.Upper": ["Upper"] })];
    expect(await reasons({ ...base, jarFile: f }, others)).to.deep.equal([
      'functions: a.Upper is already in UDF artifact "other" of namespace ns: a class belongs to one artifact. Remove it from this JAR, or delete it from "other" first.',
    ]);
    expect(
      (await reasons({ ...base, jarUrl: "oss://b/x.jar", functions: { "z.Z": ["TAKEN"] } }, [artifact("o", { "q.Q": ["TAKEN"] })]))[0],
    ).to.match(/The function "TAKEN" already exists in namespace ns \(class q.Q of UDF artifact "o"\)/);
    expect(await reasons({ ...base, jarFile: f }, [artifact("strings", { "a.Upper": ["Upper"] })])).to.deep.equal([]);
  });

  it("an unchanged artifact (same JAR and functions as the state) is not looked up again", async () => {
    let looked = 0;
    const f = file("same.jar", [{ className: "a.Upper", base: "ScalarFunction" }]);
    const first = await checkUdf({ ...base, jarFile: f }, { engine, artifacts: async () => (looked++, []) });
    await checkUdf({ ...base, jarFile: f }, { engine, artifacts: async () => (looked++, []), olds: first.inputs });
    expect(looked).to.equal(1);
  });
});
