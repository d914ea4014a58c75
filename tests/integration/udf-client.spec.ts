import { expect } from "chai";
import { VervericaClient } from "../../lib/client/udf-client";
import { buildUdfJar } from "../../lib/emulator/fixtures/udf-jar";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { KEY_ID, NAMESPACE, SECRET, WORKSPACE } from "../support/fixtures";

const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };
const UPPER = buildUdfJar({
  classes: [
    { className: "com.acme.udf.Upper", base: "ScalarFunction" },
    { className: "com.acme.udf.Base", base: "AggregateFunction", abstract: true },
    { className: "com.acme.udf.Sum", extends: "com.acme.udf.Base" },
  ],
});
const LOWER = buildUdfJar({ classes: [{ className: "com.acme.udf.Lower", base: "ScalarFunction" }] });

const failure = (p: Promise<unknown>): Promise<FlinkApiError> =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => {
      if (!FlinkApiError.isInstance(e)) throw e;
      return e;
    },
  );

describe("the UDF operations, client -> emulator over real HTTP", () => {
  let emu: Emulator;
  let client: VervericaClient;
  let upper: string;
  let lower: string;
  let both: string;
  beforeEach(async () => {
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, userId: "2000000000000001" }] });
    client = new VervericaClient({ endpoint: emu.url, credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, env: {} });
    upper = emu.putObject("udf-bkt", "udfs/upper-1.0.jar", UPPER);
    lower = emu.putObject("udf-bkt", "udfs/lower-1.0.jar", LOWER);
    both = emu.putObject(
      "udf-bkt",
      "udfs/both.jar",
      buildUdfJar({
        classes: [
          { className: "com.acme.udf.Upper", base: "ScalarFunction" },
          { className: "com.acme.udf.Lower", base: "ScalarFunction" },
        ],
      }),
    );
  });
  afterEach(() => emu.close());

  it("creates an artifact: the platform's classes read from the JAR (abstract ones left out), creator and times", async () => {
    const a = await client.createUdfArtifact(ref, { name: "strings", jarUrl: upper, dependencyJarUris: [] });
    expect(a.success).to.equal(true);
    expect(a.artifact?.udfClasses.map((c) => [c.className, c.functionNames])).to.deep.equal([
      ["com.acme.udf.Sum", []],
      ["com.acme.udf.Upper", []],
    ]);
    expect(a.artifact).to.include({ name: "strings", jarUrl: upper, creator: "2000000000000001" });
    expect(a.artifact!.createdAt).to.be.greaterThan(0);
    const [listed] = await client.getUdfArtifacts(ref, "strings");
    expect(listed).to.deep.equal(a.artifact);
    expect(await client.getUdfArtifacts(ref, "nope")).to.deep.equal([]);
  });

  it("functions: registered and deleted per class, seen in GetUdfArtifacts; a taken name or a missing class refused", async () => {
    await client.createUdfArtifact(ref, { name: "strings", jarUrl: upper, dependencyJarUris: [] });
    const art = { ...ref, udfArtifactName: "strings" };
    expect(await client.registerUdfFunction(art, "com.acme.udf.Upper", "UPPER")).to.deep.equal({
      className: "com.acme.udf.Upper",
      functionName: "UPPER",
      udfArtifactName: "strings",
    });
    await client.registerUdfFunction(art, "com.acme.udf.Upper", "upper2");
    const [a] = await client.getUdfArtifacts(ref, "strings");
    expect(a.udfClasses.find((c) => c.className === "com.acme.udf.Upper")?.functionNames).to.deep.equal(["UPPER", "upper2"]);
    const taken = await failure(client.registerUdfFunction(art, "com.acme.udf.Sum", "UPPER"));
    expect([taken.kind, taken.code, taken.functionName]).to.deep.equal(["conflict", "UdfFunctionAlreadyExists", "UPPER"]);
    expect(taken.message).to.match(/RegisterUdfFunction failed for function "UPPER" of UDF artifact "strings"/);
    const missing = await failure(client.registerUdfFunction(art, "com.acme.udf.Nope", "nope"));
    expect(missing.code).to.equal("UdfClassNotFound");
    await client.deleteUdfFunction(art, "com.acme.udf.Upper", "upper2");
    const gone = await failure(client.deleteUdfFunction(art, "com.acme.udf.Upper", "upper2"));
    expect(gone.kind).to.equal("not-found");
  });

  it("the business answer is read from data: collisions on create, missing classes on update, referenced classes on delete", async () => {
    await client.createUdfArtifact(ref, { name: "strings", jarUrl: upper, dependencyJarUris: [] });
    const art = { ...ref, udfArtifactName: "strings" };
    await client.registerUdfFunction(art, "com.acme.udf.Upper", "UPPER");
    const collide = await client.createUdfArtifact(ref, { name: "both", jarUrl: both, dependencyJarUris: [] });
    expect(collide.success).to.equal(false);
    expect(collide.collidingClasses.map((c) => [c.className, c.udfArtifactName])).to.deep.equal([["com.acme.udf.Upper", "strings"]]);
    expect(await client.getUdfArtifacts(ref, "both")).to.deep.equal([]);
    const dropped = await client.updateUdfArtifact(ref, { name: "strings", jarUrl: lower, dependencyJarUris: [] });
    expect(dropped.success).to.equal(false);
    expect(dropped.missingClasses.map((c) => [c.className, c.functionNames])).to.deep.equal([["com.acme.udf.Upper", ["UPPER"]]]);
    const referenced = await client.deleteUdfArtifact(art);
    expect(referenced.success).to.equal(false);
    expect(referenced.referencedClasses.map((c) => c.className)).to.deep.equal(["com.acme.udf.Upper"]);
    await client.deleteUdfFunction(art, "com.acme.udf.Upper", "UPPER");
    const updated = await client.updateUdfArtifact(ref, { name: "strings", jarUrl: lower, dependencyJarUris: ["oss://udf-bkt/dep.jar"] });
    expect(updated.success).to.equal(true);
    expect(updated.artifact?.udfClasses.map((c) => c.className)).to.deep.equal(["com.acme.udf.Lower"]);
    expect(updated.artifact?.dependencyJarUris).to.deep.equal(["oss://udf-bkt/dep.jar"]);
    expect((await client.deleteUdfArtifact(art)).success).to.equal(true);
    expect(emu.udfArtifacts(WORKSPACE, NAMESPACE)).to.deep.equal([]);
  });

  it("errors carry the artifact, in every answer style; an unknown artifact is not-found", async () => {
    for (const answers of ["documented", undefined] as const) {
      await emu.close();
      emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], ...(answers ? { answers } : {}) });
      client = new VervericaClient({ endpoint: emu.url, credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, env: {} });
      const e = await failure(client.updateUdfArtifact(ref, { name: "ghost", jarUrl: "oss://x/y.jar", dependencyJarUris: [] }));
      expect(e.udfArtifactName).to.equal("ghost");
      expect(e.message).to.match(/UpdateUdfArtifact failed for UDF artifact "ghost"/);
      if (!answers) expect(e.kind).to.equal("not-found");
    }
  });
});
