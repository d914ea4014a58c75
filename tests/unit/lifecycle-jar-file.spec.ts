import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as sinon from "sinon";
import { parsePresigned, ShapeError } from "../../lib/client/wire-model";
import { buildConnectorJar, type ConnectorJarSpec } from "../../lib/emulator/fixtures/connector-jar";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import type { ConnectorApi, JarUploadApi } from "../../lib/model/connector";
import { SecretUrl } from "../../lib/model/secret-url";
import { asInputs, checkInputs, UNKNOWN } from "../../lib/provider/check";
import { ConnectorLifecycle, declaredInputs } from "../../lib/provider/connector-lifecycle";
import { diffInputs } from "../../lib/provider/diff";
import { readJarFile, uploadName } from "../../lib/provider/jar-file";
import type { Props } from "../../lib/provider/outcome";
import { FlinkConnectorService } from "../../lib/service/connector-service";
import { apiError, FakeService } from "../support/fake-service";
import { NAMESPACE, WORKSPACE } from "../support/fixtures";

describe("the lifecycle of a jarFile connector (service stubbed)", () => {
  const sandbox = sinon.createSandbox();
  afterEach(() => sandbox.restore());
  const dir = mkdtempSync(join(tmpdir(), "lifecycle-jar-file-"));
  const jar = (name: string, spec: ConnectorJarSpec): string => {
    const file = join(dir, name);
    writeFileSync(file, buildConnectorJar(spec));
    return file;
  };
  const base = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };
  const setup = (config: Record<string, string> = {}, provider: "dynamic" | "plugin" = "dynamic", names: string[] = ["acme-w"]) => {
    const svc = new FakeService(sandbox, names);
    const logs: string[] = [];
    const core = new ConnectorLifecycle({ serviceFor: () => svc, env: () => ({}), log: (l) => logs.push(l), provider });
    core.useConfig((k) => config[k]);
    return { svc, core, logs };
  };

  describe("check", () => {
    it("fills connectorNames and jarSha256 from the file, and logs advisory warnings", async () => {
      const file = jar("thin.jar", { connectors: [{ name: "acme-b" }, { name: "acme-a", needs: ["org/apache/kafka/X"] }] });
      const { core, logs } = setup();
      const r = await core.check({}, { ...base, jarFile: file });
      expect(r.failures).to.deep.equal([]);
      expect(r.inputs).to.deep.include({ connectorNames: ["acme-a", "acme-b"], jarSha256: (await readJarFile(file)).sha256 });
      expect(logs.join("\n")).to.match(/thin\.jar: The factories' classes name classes the JAR does not hold/);
    });

    it("reads the engine's Java from the settings: a Java 11 JAR is refused on 8 and accepted on 11", async () => {
      const file = jar("j11.jar", { connectors: [{ name: "acme" }], javaVersion: 11 });
      const at8 = await setup().core.check({}, { ...base, jarFile: file });
      expect(at8.failures.map((f) => f.reason).join("\n")).to.match(/say so with `pulumi config set alicloud-flink:engineJavaVersion 11`/);
      const at11 = await setup({ "alicloud-flink:engineJavaVersion": "11" }).core.check({}, { ...base, jarFile: file });
      expect(at11.failures).to.deep.equal([]);
      const plugin = await setup({ "alicloud-flink:engineFlinkVersion": "1.17" }, "plugin").core.check(
        {},
        {
          ...base,
          jarFile: jar("f19.jar", {
            connectors: [{ name: "acme" }],
            manifest: ["Implementation-Vendor-Id: org.apache.flink", "Implementation-Title: Flink : X", "Implementation-Version: 1.0-1.19"],
          }),
        },
      );
      expect(plugin.failures.map((f) => f.reason).join("\n")).to.match(
        /runs Flink 1\.17.*or correct `pulumi config set alicloud-flink:engineFlinkVersion 1\.17`/,
      );
    });

    it("keeps the inputs' own failures beside the file's, and reads no file when jarFile itself is refused or unknown", async () => {
      const bad = await setup().core.check(
        {},
        { workspaceId: "", namespaceName: NAMESPACE, jarFile: jar("k.jar", { connectors: [{ name: "kafka" }] }) },
      );
      expect(bad.failures.map((f) => f.property)).to.deep.equal(["workspaceId", "jarFile"]);
      const both = await setup().core.check({}, { ...base, jarFile: join(dir, "missing.jar"), jarUrl: "oss://b/a.jar" });
      expect(both.failures.map((f) => f.reason).join("\n"))
        .to.match(/not both/)
        .and.not.match(/Cannot open/);
      const unknown = await setup().core.check({}, { ...base, jarFile: UNKNOWN });
      expect(unknown.failures).to.deep.equal([]);
      expect(unknown.inputs).to.not.have.property("jarSha256");
    });

    it("judges the stack's claims only when everything else passed", async () => {
      const { core } = setup();
      await core.check({}, { ...base, jarFile: jar("c1.jar", { connectors: [{ name: "acme-c" }] }) });
      const second = await core.check({}, { ...base, jarFile: jar("c2.jar", { connectors: [{ name: "acme-c" }] }) });
      expect(second.failures.map((f) => f.reason).join("\n")).to.match(/declared by two JARs of this stack/);
      const refused = await core.check({}, { ...base, jarFile: jar("c3.jar", { connectors: [{ name: "acme-c" }], javaVersion: 11 }) });
      expect(refused.failures.map((f) => f.reason).join("\n")).to.not.match(/two JARs/);
    });

    it("validates declared names next to a jarFile, and turns checked inputs into the provider's", () => {
      expect(checkInputs({ ...base, jarFile: "a.jar" }).failures).to.deep.equal([]);
      expect(checkInputs({ ...base, jarFile: "a.jar", connectorName: "a/b" }).failures.map((f) => f.property)).to.deep.equal([
        "connectorName",
      ]);
      expect(checkInputs({ ...base, jarFile: "a.jar", connectorNames: null }).failures).to.deep.equal([]);
      expect(checkInputs({ ...base, jarFile: "a.jar", connectorNames: ["a/b"] }).failures.map((f) => f.property)).to.deep.equal([
        "connectorNames[0]",
      ]);
      expect(checkInputs({ ...base, connectorNames: null, jarUrl: "oss://b/a.jar" }).failures.map((f) => f.property)).to.deep.equal([
        "connectorName",
      ]);
      const typed = (v: Props) => asInputs({ ...base, connectorNames: ["a"], ...v });
      expect(typed({ jarFile: "a.jar", jarSha256: "ab" })).to.deep.include({ jarFile: "a.jar", jarSha256: "ab", jarUrl: "" });
      expect(typed({ jarFile: "a.jar", jarSha256: 7 })).to.deep.include({ jarSha256: "" });
      expect(typed({ jarFile: "", jarSha256: "ab" })).to.not.have.any.keys("jarFile", "jarSha256");
      expect(typed({ jarFile: 5 })).to.not.have.any.keys("jarFile", "jarSha256");
    });
  });

  it("diffs a jarUrl resource's state with no jarFile fields against inputs with none: no change", () => {
    const state = { ...base, connectorName: "a", connectorNames: ["a"], jarUrl: "oss://b/a.jar", connectors: [{ name: "a" }] };
    expect(diffInputs(state, { ...base, connectorName: "a", jarUrl: "oss://b/a.jar", jarSha256: null, jarFile: null }).changes).to.equal(
      false,
    );
    expect(diffInputs({ ...state, jarSha256: "" }, { ...base, connectorName: "a", jarUrl: "oss://b/a.jar" }).changes).to.equal(false);
  });

  describe("writes", () => {
    const checked = async (core: ConnectorLifecycle, file: string): Promise<Props> =>
      (await core.check({}, { ...base, jarFile: file })).inputs;

    it("create uploads the file under its content-addressed name, then registers the upload", async () => {
      const file = jar("w1.jar", { connectors: [{ name: "acme-w" }] });
      const { svc, core } = setup();
      const inputs = asInputs(await checked(core, file));
      const out = await core.create(inputs);
      const name = uploadName(file, inputs.jarSha256!);
      expect(svc.uploadJar.firstCall.args.slice(1, 2)).to.deep.equal([name]);
      expect(svc.register.firstCall.args[0].jarUrl).to.equal(`oss://fake-ws/${name}`);
      expect(out.ok && out.value).to.deep.include({ jarUrl: "", jarFile: file, uploadedJarUrl: `oss://fake-ws/${name}` });
    });

    it("a refused upload fails create and update in their own words, and registers nothing", async () => {
      const file = jar("w2.jar", { connectors: [{ name: "acme-w" }] });
      const { svc, core } = setup();
      const inputs = asInputs(await checked(core, file));
      svc.uploadJar.rejects(apiError("auth", "SignatureDoesNotMatch"));
      const created = await core.create(inputs);
      expect(created.ok ? undefined : created.facts).to.deep.include({
        operation: "create",
        phase: "upload",
        causeCode: "SignatureDoesNotMatch",
      });
      const updated = await core.update(
        "id",
        { ...base, connectorName: "acme-w", connectorNames: ["acme-w"], jarUrl: "oss://b/old.jar", connectors: [] },
        inputs,
      );
      expect(updated.ok ? undefined : updated.facts).to.deep.include({ operation: "update", phase: "upload" });
      expect(svc.register.called).to.equal(false);
    });

    it("an update whose file did not change registers the state's upload again without uploading", async () => {
      const file = jar("w3.jar", { connectors: [{ name: "acme-w" }] });
      const { svc, core } = setup();
      const inputs = asInputs(await checked(core, file));
      const created = await core.create(inputs);
      svc.uploadJar.resetHistory();
      svc.platform = [];
      const again = await core.update("id", created.ok ? { ...created.value } : {}, inputs);
      expect(svc.uploadJar.called).to.equal(false);
      expect(again.ok && again.value.uploadedJarUrl).to.equal(created.ok && created.value.uploadedJarUrl);
    });

    it("delete says the uploaded file stays, only for a jarFile that was uploaded", async () => {
      const { core, logs } = setup();
      const state = { ...base, connectorName: "a", connectorNames: ["a"], connectors: [] };
      await core.delete(`${WORKSPACE}:${NAMESPACE}:a`, { ...state, jarFile: "a.jar", uploadedJarUrl: "oss://b/a-1.jar" });
      await core.delete(`${WORKSPACE}:${NAMESPACE}:a`, { ...state, jarFile: "a.jar", uploadedJarUrl: "" });
      await core.delete(`${WORKSPACE}:${NAMESPACE}:a`, { ...state, jarUrl: "oss://b/a-1.jar" });
      expect(logs.filter((l) => l.includes("stays in the workspace's storage"))).to.deep.equal([
        `[alicloud-flink] ${WORKSPACE}:${NAMESPACE}:a: the uploaded oss://b/a-1.jar stays in the workspace's storage (the API has no delete for it)`,
      ]);
    });

    it("declares a jarFile, and no jarUrl beside it, to a read", () => {
      const i = asInputs({ ...base, connectorNames: ["a"], jarFile: "a.jar", jarSha256: "x" });
      expect(declaredInputs({ ...i, jarUrl: "oss://b/up.jar" })).to.deep.equal({ ...base, connectorName: "a", jarFile: "a.jar" });
    });
  });

  describe("the service's upload", () => {
    const api = (puts: number[]): ConnectorApi & JarUploadApi => ({
      register: async () => [],
      list: async () => [],
      delete: async () => [],
      presignUpload: async () => ({ url: new SecretUrl("https://h/k?Signature=x"), jarUrl: "oss://b/k.jar" }),
      putObject: async (_r, _u, _b, timeoutMs) => void puts.push(timeoutMs),
    });
    it("counts its calls, and bounds each PUT by uploadTimeoutMs (300 s by default)", async () => {
      const puts: number[] = [];
      const svc = new FlinkConnectorService({ api: api(puts), retry: false });
      await svc.uploadJar(base, "k.jar", Buffer.from("x"));
      expect(svc.apiCalls).to.deep.include({ GetPreSignedUrlForPutObject: 1, PutObject: 1 });
      await new FlinkConnectorService({ api: api(puts), uploadTimeoutMs: 5 }).uploadJar(base, "k.jar", Buffer.from("x"));
      expect(puts).to.deep.equal([300_000, 5]);
    });
    it("logs a retried upload URL like any retried call, and refuses bad names before any call", async () => {
      const logs: string[] = [];
      let first = true;
      const flaky: ConnectorApi & JarUploadApi = {
        ...api([]),
        presignUpload: async () => {
          if (first) {
            first = false;
            throw new FlinkApiError({
              operation: "GetPreSignedUrlForPutObject",
              workspaceId: "w",
              namespaceName: "n",
              code: "ServiceUnavailable",
              detail: "d",
              httpStatus: 503,
              kind: "transient",
              retryable: true,
              outcomeUnknown: false,
            });
          }
          return { url: new SecretUrl("https://h/k?Signature=x"), jarUrl: "oss://b/k.jar" };
        },
      };
      const svc = new FlinkConnectorService({ api: flaky, retry: { minDelayMs: 0, maxDelayMs: 0 }, log: (l) => logs.push(l) });
      await svc.uploadJar(base, "k.jar", Buffer.from("x"));
      expect(logs.join("\n")).to.match(/GetPreSignedUrlForPutObject: attempt 1 .*ServiceUnavailable/);
      let caught: unknown;
      await svc.uploadJar({ ...base, namespaceName: "a/b" }, "k.jar", Buffer.from("x")).catch((e: unknown) => (caught = e));
      expect(caught).to.be.instanceOf(TypeError);
    });
  });

  describe("the platform's answer of an upload URL", () => {
    const ok = { preSignedUrl: "https://b.oss/k.jar?Signature=s", jarUrl: "oss://b/k.jar" };
    it("is read into a secret URL and the jarUrl", () => {
      const p = parsePresigned(ok);
      expect([p.url.reveal(), p.jarUrl, String(p.url)]).to.deep.equal([ok.preSignedUrl, ok.jarUrl, "https://b.oss/k.jar?[REDACTED]"]);
      expect(parsePresigned({ ...ok, preSignedUrl: "http://127.0.0.1:1/_oss/b/k", jarUrl: "https://b.oss/k.jar" }).jarUrl).to.equal(
        "https://b.oss/k.jar",
      );
    });
    const bad: Array<[string, unknown, RegExp]> = [
      ["not an object", [ok], /data is an array/],
      ["no preSignedUrl", { jarUrl: ok.jarUrl }, /data\.preSignedUrl is missing or empty/],
      ["no jarUrl", { preSignedUrl: ok.preSignedUrl }, /data\.jarUrl is missing or empty/],
      ["a preSignedUrl that is not http(s)", { ...ok, preSignedUrl: "ftp://b/k" }, /data\.preSignedUrl is not an http\(s\) URL/],
      ["a preSignedUrl with no host", { ...ok, preSignedUrl: "https:///k" }, /not an http\(s\) URL/],
      ["a jarUrl of no object", { ...ok, jarUrl: "oss://b/" }, /data\.jarUrl is not an oss:\/\/ or http\(s\) URL of an object/],
      ["a jarUrl of another scheme", { ...ok, jarUrl: "file:///b/k.jar" }, /data\.jarUrl is not/],
      ["a URL too long", { ...ok, preSignedUrl: `https://b/${"k".repeat(8192)}` }, /longer than 8192 characters/],
      ["a jarUrl too long", { ...ok, jarUrl: `oss://b/${"k".repeat(8192)}` }, /longer than 8192 characters/],
    ];
    for (const [what, data, words] of bad)
      it(`refuses ${what}`, () => {
        let caught: unknown;
        try {
          parsePresigned(data);
        } catch (e) {
          caught = e;
        }
        expect(caught).to.be.instanceOf(ShapeError);
        expect((caught as Error).message).to.match(words);
      });
    it("takes exactly 8192 characters", () => {
      const url = `https://b/${"k".repeat(8192 - 10)}`;
      expect(url).to.have.length(8192);
      expect(parsePresigned({ ...ok, preSignedUrl: url }).url.reveal()).to.equal(url);
    });
  });
});
