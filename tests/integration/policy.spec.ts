import { expect } from "chai";
import type { ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { getOssObject, signedGet } from "../../lib/client/oss-get";
import { buildConnectorJar } from "../../lib/emulator/fixtures/connector-jar";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { flinkPolicies, POLICY_NAMES } from "../../lib/policy";
import { DYNAMIC_TYPE } from "../../lib/policy/declared";
import { KEY_ID, SECRET, WORKSPACE } from "../support/fixtures";

class NotApplicable extends Error {}

/** What a policy said of one resource: its violations, or why it does not apply. */
async function judge(
  policy: ResourceValidationPolicy,
  props: Record<string, unknown>,
  o: { type?: string; provider?: Record<string, unknown>; config?: object } = {},
): Promise<string[] | { notApplicable: string }> {
  const said: string[] = [];
  const args = {
    type: o.type ?? "alicloud-flink:index:FlinkConnector",
    props,
    urn: "urn:pulumi:dev::p::alicloud-flink:index:FlinkConnector::r",
    name: "r",
    ...(o.provider ? { provider: { type: "pulumi:providers:alicloud-flink", props: o.provider, urn: "u", name: "default" } } : {}),
    getConfig: () => o.config ?? {},
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  } as unknown as ResourceValidationArgs;
  try {
    const validate = policy.validateResource as (a: ResourceValidationArgs, r: (m: string) => void) => Promise<void>;
    await validate(args, (m) => said.push(m));
    return said;
  } catch (e) {
    if (e instanceof NotApplicable) return { notApplicable: e.message };
    throw e;
  }
}

describe("the policy pack reads JARs as the stack would: oss:// with its credentials, over real HTTP against the emulator", () => {
  let emu: Emulator;
  let jarUrl: string;
  const policies = () => flinkPolicies({ ossEndpoint: emu.ossEndpoint });
  const named = (name: string) => policies().find((p) => p.name === name) as ResourceValidationPolicy;
  const provider = () => ({ accessKey: KEY_ID, secretKey: SECRET, endpoint: emu.url });
  before(async () => {
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }] });
    jarUrl = emu.putObject("team-jars", "c/acme-oss-1.0.jar", buildConnectorJar({ connectors: [{ name: "acme-oss" }] }));
  });
  after(() => emu.close());
  beforeEach(() => emu.clearRequests());

  it("GetObject signed with the AccessKey: the bytes, one request, the signature in a header and never in a URL", async () => {
    const bytes = await getOssObject(
      { bucket: "team-jars", key: "c/acme-oss-1.0.jar" },
      { credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, endpoint: emu.ossEndpoint, maxBytes: 1 << 20 },
    );
    expect(bytes.subarray(0, 2).toString()).to.equal("PK");
    expect(emu.requests.map((r) => [r.action, r.status, r.path])).to.deep.equal([["GetObject", 200, "/_oss/team-jars/c/acme-oss-1.0.jar"]]);
    const { url } = signedGet(
      { bucket: "b", key: "k.jar" },
      { credentials: { accessKeyId: "id", accessKeySecret: "s" }, region: "cn-hangzhou" },
    );
    expect(url).to.equal("https://b.oss-cn-hangzhou.aliyuncs.com/k.jar");
  });

  it("a refusal says OSS's code and never the secret: a wrong secret, an unknown key, a missing object, a skewed clock", async () => {
    const get = (o: { secret?: string; key?: string; id?: string; now?: () => Date }) =>
      getOssObject(
        { bucket: "team-jars", key: o.key ?? "c/acme-oss-1.0.jar" },
        {
          credentials: { accessKeyId: o.id ?? KEY_ID, accessKeySecret: o.secret ?? SECRET },
          endpoint: emu.ossEndpoint,
          maxBytes: 1 << 20,
          ...(o.now ? { now: o.now } : {}),
        },
      ).then(
        () => "read",
        (e: Error) => e.message,
      );
    expect(await get({ secret: "wrong-secret-value" })).to.match(/HTTP 403 \(SignatureDoesNotMatch\)/);
    expect(await get({ key: "c/nope.jar" })).to.match(/HTTP 404 \(NoSuchKey\)/);
    expect(await get({ id: "LTAInobody" })).to.match(/HTTP 403 \(InvalidAccessKeyId\)/);
    expect(await get({ now: () => new Date(Date.now() - 3_600_000) })).to.match(/HTTP 403 \(RequestTimeTooSkewed\)/);
    for (const m of [await get({ secret: "wrong-secret-value" })]) expect(m).to.not.include(SECRET).and.not.include("wrong-secret-value");
  });

  it("bounded: an object larger than the limit is refused, read no further", async () => {
    const message = await getOssObject(
      { bucket: "team-jars", key: "c/acme-oss-1.0.jar" },
      { credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET }, endpoint: emu.ossEndpoint, maxBytes: 100 },
    ).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(message).to.match(/more than the limit of 100 bytes/);
  });

  it("the names rule reads an oss:// JAR with the provider's keys, once for every rule that asks", async () => {
    const props = { workspaceId: WORKSPACE, namespaceName: "ns", connectorName: "acme-other", jarUrl };
    const said = await judge(named(POLICY_NAMES.names), props, { provider: provider() });
    expect(said).to.have.length(1);
    expect((said as string[])[0]).to.match(
      /jarUrl oss:\/\/team-jars\/c\/acme-oss-1.0.jar registers "acme-oss", but the resource declares "acme-other"/,
    );
    expect(await judge(named(POLICY_NAMES.names), { ...props, connectorName: "acme-oss" }, { provider: provider() })).to.deep.equal([]);
    expect(emu.calls("GetObject")).to.be.at.most(1);
  });

  it("a dynamic FlinkConnector is known by its inputs; another dynamic resource is not one", async () => {
    const props = { workspaceId: WORKSPACE, namespaceName: "ns", connectorName: "kafka", jarUrl, __provider: "serialized" };
    const said = await judge(named(POLICY_NAMES.builtin), props, { type: DYNAMIC_TYPE, provider: provider() });
    expect((said as string[]).join("\n")).to.match(/"kafka" is the name of a connector the platform has built in/);
    expect(await judge(named(POLICY_NAMES.builtin), { __provider: "x", value: 1 }, { type: DYNAMIC_TYPE })).to.deep.equal({
      notApplicable: "not a FlinkConnector",
    });
  });

  it("an unreadable JAR is a violation of the names rule (saying why) and not applicable to the others", async () => {
    const props = { workspaceId: WORKSPACE, namespaceName: "ns", connectorName: "x", jarUrl: "oss://team-jars/c/missing.jar" };
    const names = await judge(named(POLICY_NAMES.names), props, { provider: provider() });
    expect((names as string[])[0]).to.match(/Cannot read oss:\/\/team-jars\/c\/missing.jar with the stack's credentials: .*\(NoSuchKey\)/);
    expect(await judge(named(POLICY_NAMES.runtime), props, { provider: provider() })).to.have.property("notApplicable");
  });

  it("locations: not applicable unless configured; then a bucket or host outside the lists is refused", async () => {
    const props = { workspaceId: WORKSPACE, namespaceName: "ns", connectorName: "acme-oss", jarUrl };
    const location = named(POLICY_NAMES.location);
    expect(await judge(location, props)).to.have.property("notApplicable");
    expect(await judge(location, props, { config: { allowedBuckets: ["team-jars"] } })).to.deep.equal([]);
    const refused = await judge(location, props, { config: { allowedBuckets: ["other"], allowedHosts: ["jars.example.com"] } });
    expect((refused as string[])[0]).to.match(
      /is in bucket "team-jars", which is not an allowed location \(buckets "other"; hosts "jars.example.com"\)/,
    );
  });

  it("the stack rule names both resources of a connector declared twice in one namespace", () => {
    const unique = policies().find((p) => p.name === POLICY_NAMES.unique) as StackValidationPolicy;
    const said: Array<[string, string | undefined]> = [];
    const resource = (name: string, ns: string) => ({
      type: "alicloud-flink:index:FlinkConnector",
      urn: `urn:pulumi:dev::p::alicloud-flink:index:FlinkConnector::${name}`,
      name,
      props: { workspaceId: WORKSPACE, namespaceName: ns, connectorNames: ["acme-a", "acme-b"] },
    });
    const args = {
      resources: [resource("one", "ns"), resource("two", "ns"), resource("three", "other")],
    } as unknown as StackValidationArgs;
    void unique.validateStack(args, (m: string, urn?: string) => said.push([m, urn?.split("::").pop()]));
    expect(said.map(([, u]) => u)).to.deep.equal(["one", "two", "one", "two"]);
    expect(said[0][0]).to.match(/"acme-a" is declared in namespace ns of workspace .* by this resource and by two/);
  });
});
