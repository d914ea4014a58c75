import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConnectorJar, type ConnectorJarSpec } from "../../lib/emulator/fixtures/connector-jar";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../lib/emulator/server";
import { ConnectorOperationError } from "../../lib/errors/operation-error";
import { readJarFile, uploadName } from "../../lib/provider/jar-file";
import type { FlinkConnectorProvider } from "../../lib/provider/provider";
import { providerOn } from "../support/emulator-provider";
import { KEY_ID, NAMESPACE, SECRET, WORKSPACE, everyText } from "../support/fixtures";

type Props = Record<string, unknown>;

/** What would let someone use a pre-signed URL: its signature and key parameters, or the emulator's OSS route with a query. */
const PRESIGNED = /OSSAccessKeyId=|Signature=|Expires=\d|\/_oss\/[^\s"]*\?/;

describe("a connector from a local JAR (jarFile), provider -> service -> client -> emulator", () => {
  let emu: Emulator;
  let provider: FlinkConnectorProvider;
  let dir: string;
  const logs: string[] = [];
  const jar = (name: string, spec: ConnectorJarSpec): string => {
    const file = join(dir, name);
    writeFileSync(file, buildConnectorJar(spec));
    return file;
  };
  const start = async (options: EmulatorOptions = {}): Promise<void> => {
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], ...options });
    provider = await providerOn(emu, (l) => logs.push(l));
  };
  const base = { workspaceId: WORKSPACE, namespaceName: NAMESPACE, __provider: "P" };
  const checked = async (news: Props, olds: Props = {}): Promise<Props> => {
    const r = await provider.check(olds, news);
    expect(r.failures ?? [], JSON.stringify(r.failures)).to.deep.equal([]);
    return r.inputs as Props;
  };
  const refusals = async (news: Props): Promise<string> => {
    const r = await provider.check({}, news);
    expect(r.failures?.length, "check should refuse").to.be.greaterThan(0);
    return (r.failures ?? []).map((f) => `${f.property}: ${f.reason}`).join("\n");
  };
  const actions = (): string[] => emu.requests.map((r) => r.action ?? r.path);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "jar-file-spec-"));
    logs.length = 0;
    await start();
  });
  afterEach(() => emu.close());

  it("reads the JAR's connectors at check with no API call; create uploads once and registers once; an unchanged file is no change", async () => {
    const file = jar("acme-kafka-1.0.jar", { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert" }] });
    const inputs = await checked({ ...base, jarFile: file });
    expect(inputs.connectorNames).to.deep.equal(["acme-kafka", "acme-upsert"]);
    expect(inputs.jarSha256).to.equal((await readJarFile(file)).sha256);
    expect(emu.requests).to.have.length(0);

    const created = await provider.create(inputs);
    expect(created.id).to.equal(`${WORKSPACE}:${NAMESPACE}:acme-kafka,acme-upsert`);
    expect(actions().filter((a) => a !== "ListCustomConnectors")).to.deep.equal([
      "GetPreSignedUrlForPutObject",
      "PutObject",
      "RegisterCustomConnector",
    ]);
    const name = uploadName(file, String(inputs.jarSha256));
    expect(created.outs).to.deep.include({
      jarUrl: "",
      jarFile: file,
      jarSha256: inputs.jarSha256,
      uploadedJarUrl: `oss://flink-${WORKSPACE}/artifacts/namespaces/${NAMESPACE}/${name}`,
    });
    expect(emu.uploads().map((u) => [u.fileName, u.sha256])).to.deep.equal([[name, inputs.jarSha256]]);
    expect(emu.connectors(WORKSPACE, NAMESPACE).map((c) => c.name)).to.deep.equal(["acme-kafka", "acme-upsert"]);

    emu.clearRequests();
    const again = await checked({ ...base, jarFile: file }, created.outs);
    expect(await provider.diff(created.id, { ...created.outs, __provider: "P" }, again)).to.deep.include({ changes: false });
    expect(emu.requests).to.have.length(0);
    expect(everyText([created.outs, logs, emu.requests])).not.to.match(PRESIGNED);
  });

  it("an edited file re-uploads and re-registers in place; a refused new JAR brings the previous upload back", async () => {
    const file = jar("acme.jar", { connectors: [{ name: "acme-sink" }] });
    const created = await provider.create(await checked({ ...base, jarFile: file }));
    const state = { ...created.outs, __provider: "P" };
    writeFileSync(file, buildConnectorJar({ connectors: [{ name: "acme-sink", lookup: true }] }));
    const edited = await checked({ ...base, jarFile: file }, state);
    expect(await provider.diff(created.id, state, edited)).to.deep.include({ changes: true, updates: ["jarSha256"], replaces: [] });

    emu.clearRequests();
    const updated = await provider.update(created.id, state, edited);
    expect(actions().filter((a) => a !== "ListCustomConnectors")).to.deep.equal([
      "GetPreSignedUrlForPutObject",
      "PutObject",
      "DeleteCustomConnector",
      "RegisterCustomConnector",
    ]);
    expect(updated.outs?.uploadedJarUrl).not.to.equal(created.outs!.uploadedJarUrl);
    expect(updated.outs?.lookup).to.equal(true);

    // The next content uploads under its own name; the platform refuses it: the previous upload is registered again.
    writeFileSync(file, buildConnectorJar({ connectors: [{ name: "acme-sink", sink: false }] }));
    const third = await checked({ ...base, jarFile: file }, updated.outs);
    const refusedUrl = `oss://flink-${WORKSPACE}/artifacts/namespaces/${NAMESPACE}/${uploadName(file, String(third.jarSha256))}`;
    emu.jars.declare(refusedUrl, { error: "invalid" });
    const e = await provider.update(created.id, { ...updated.outs, __provider: "P" }, third).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(ConnectorOperationError.isInstance(e), String(e)).to.equal(true);
    expect((e as ConnectorOperationError).facts).to.deep.include({ restored: true, oldConnector: "present" });
    expect(emu.jarOf(WORKSPACE, NAMESPACE, "acme-sink")).to.equal(updated.outs?.uploadedJarUrl);
    expect(everyText([e, logs, emu.requests])).not.to.match(PRESIGNED);
  });

  it("refuses at check, before any call, what the platform or the engine would refuse, in the provider's words", async () => {
    const cases: Array<[ConnectorJarSpec, RegExp]> = [
      [{ connectors: [{ name: "kafka" }] }, /jarFile .*"kafka" is the name of a connector the platform has built in/],
      [
        { connectors: [{ name: "acme" }], bundle: ["org/apache/flink/table/factories/FactoryUtil"] },
        /bundles Flink's own runtime \(flink-table-common: org\.apache\.flink\.table\.factories\.FactoryUtil\)/,
      ],
      [
        { connectors: [{ name: "acme" }], javaVersion: 11 },
        /Java 11 \(major version 55\), but the engine runs Java 8.*`pulumi config set alicloud-flink:engineJavaVersion 11`/,
      ],
      [{ formats: ["acme-json"] }, /declares no table connector \(only format acme-json\)/],
    ];
    for (const [i, [spec, words]] of cases.entries())
      expect(await refusals({ ...base, jarFile: jar(`bad-${i}.jar`, spec) })).to.match(words);
    const file = jar("two.jar", { connectors: [{ name: "acme-a" }, { name: "acme-b" }] });
    expect(await refusals({ ...base, jarFile: file, connectorNames: ["acme-a"] })).to.match(
      /connectorNames: jarFile .*two\.jar registers "acme-a", "acme-b", but the resource declares "acme-a"/,
    );
    expect(await refusals({ ...base, jarFile: join(dir, "missing.jar") })).to.match(
      /jarFile .*missing\.jar: Cannot open .*missing\.jar: ENOENT\. Check the path/,
    );
    expect(await refusals({ ...base, jarFile: dir })).to.match(/jarFile .*: .* is not a file\. Give the path of a JAR file/);
    expect(await refusals({ ...base, jarFile: file, jarUrl: "oss://b/x.jar" })).to.match(/Set jarUrl .* or jarFile .*, not both/);
    expect(emu.requests).to.have.length(0);
  });

  it("refuses two JARs of one stack declaring one connector, naming both", async () => {
    await checked({ ...base, jarFile: jar("one.jar", { connectors: [{ name: "acme-a" }] }) });
    const words = await refusals({ ...base, jarFile: jar("other.jar", { connectors: [{ name: "acme-a" }, { name: "acme-b" }] }) });
    expect(words).to.match(/"acme-a" is declared by two JARs of this stack, jarFile .*other\.jar and jarFile .*one\.jar/);
    await checked({ ...base, namespaceName: "other-ns", jarFile: join(dir, "other.jar") });
  });

  it("retries a PUT once after a reset; a PUT that keeps failing registers nothing and says so, naming OSS's code", async () => {
    const file = jar("acme.jar", { connectors: [{ name: "acme-sink" }] });
    const inputs = await checked({ ...base, jarFile: file });
    emu.faults.add({ kind: "reset", action: "PutObject" });
    await provider.create(inputs);
    expect(emu.requests.filter((r) => r.action === "PutObject").map((r) => r.status)).to.deep.equal(["dropped", 200]);

    const other = await checked({ ...base, namespaceName: "ns-2", jarFile: file });
    emu.clearRequests();
    emu.faults.add({ kind: "internal-error", action: "PutObject", times: 2 });
    const e = await provider.create(other).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(ConnectorOperationError.isInstance(e), String(e)).to.equal(true);
    expect((e as ConnectorOperationError).facts).to.deep.include({ phase: "upload", newConnector: "absent", causeCode: "InternalError" });
    expect((e as Error).message).to.match(/failed while uploading the JAR file .*the upload kept failing \(InternalError/);
    expect(emu.calls("RegisterCustomConnector")).to.equal(0);
    expect(everyText([e, logs])).not.to.match(PRESIGNED);
  });

  it("refuses to upload a file that changed after check", async () => {
    const file = jar("acme.jar", { connectors: [{ name: "acme-sink" }] });
    const inputs = await checked({ ...base, jarFile: file });
    writeFileSync(file, buildConnectorJar({ connectors: [{ name: "acme-sink", lookup: true }] }));
    const e = await provider.create(inputs).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect((e as Error).message).to.match(/the file changed after it was checked .*nothing was uploaded/);
    expect(emu.requests).to.have.length(0);
  });

  it("works whichever way the platform answers: an https jarUrl, and an upload it refuses to overwrite", async () => {
    await emu.close();
    await start({ uploads: { jarUrlStyle: "https", overwrite: false } });
    const file = jar("acme.jar", { connectors: [{ name: "acme-sink" }] });
    const inputs = await checked({ ...base, jarFile: file });
    const created = await provider.create(inputs);
    expect(created.outs!.uploadedJarUrl).to.match(/^https:\/\/flink-.*\.oss-emulator\.aliyuncs\.com\/artifacts\//);
    await provider.delete(created.id, created.outs);
    expect(logs.join("\n")).to.match(/the uploaded https:\/\/.*acme-[0-9a-f]{16}\.jar stays in the workspace's storage/);
    // Created again from the same file: the object is there already, and OSS refuses to overwrite it.
    const again = await provider.create(await checked({ ...base, jarFile: file }));
    expect(again.outs!.uploadedJarUrl).to.equal(created.outs!.uploadedJarUrl);
    expect(emu.requests.filter((r) => r.action === "PutObject").map((r) => [r.status, r.code])).to.deep.equal([
      [200, undefined],
      [409, "FileAlreadyExists"],
    ]);
    expect(logs.join("\n")).to.match(/is in the workspace's storage already/);
  });

  it("a PUT whose answer was lost after OSS wrote it: the retry finds the object there, under overwrite refused too", async () => {
    await emu.close();
    await start({ uploads: { overwrite: false } });
    const inputs = await checked({ ...base, jarFile: jar("acme.jar", { connectors: [{ name: "acme-sink" }] }) });
    emu.faults.add({ kind: "drop-after-commit", action: "PutObject" });
    const created = await provider.create(inputs);
    expect(emu.requests.filter((r) => r.action === "PutObject").map((r) => [r.status, r.code])).to.deep.equal([
      ["dropped", undefined],
      [409, "FileAlreadyExists"],
    ]);
    expect(emu.jarOf(WORKSPACE, NAMESPACE, "acme-sink")).to.equal(created.outs!.uploadedJarUrl);
    expect(emu.uploads().map((u) => u.writes)).to.deep.equal([1]);
  });
});
