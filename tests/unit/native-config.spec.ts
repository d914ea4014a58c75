import { expect } from "chai";
import { serviceOptionsFrom } from "../../lib/config/settings";
import { UNKNOWN } from "../../lib/provider/check";
import { changedSettings, checkConfig, nativeConfig } from "../../lib/plugin/native-config";

describe("native provider configuration", () => {
  it("reads alicloud-flink:<setting> from Configure's typed args first, then its string variables", () => {
    const get = nativeConfig(
      { region: "cn-shanghai", maxAttempts: 2 },
      { "alicloud-flink:config:region": "cn-hangzhou", "alicloud-flink:config:endpoint": "http://127.0.0.1:1" },
    );
    expect(get("alicloud-flink:region")).to.equal("cn-shanghai");
    expect(get("alicloud-flink:maxAttempts")).to.equal(2);
    expect(get("alicloud-flink:endpoint")).to.equal("http://127.0.0.1:1");
    expect(get("alicloud:region")).to.equal(undefined);
  });

  it("falls back to the variable when an arg is null", () => {
    expect(nativeConfig({ region: null }, { "alicloud-flink:config:region": "cn-hangzhou" })("alicloud-flink:region")).to.equal(
      "cn-hangzhou",
    );
  });

  it("turns them into the same service options as the dynamic provider's stack config", () => {
    const o = serviceOptionsFrom(
      nativeConfig({ accessKey: "AK", secretKey: "SK", region: "cn-hangzhou", maxAttempts: "3" }, {}),
      {},
      "plugin",
    );
    expect(o).to.deep.include({
      region: "cn-hangzhou",
      credentials: { accessKeyId: "AK", accessKeySecret: "SK", securityToken: undefined },
    });
    expect(o.retry).to.deep.include({ maxAttempts: 3 });
  });

  const table: Array<[string, Record<string, unknown>, Record<string, string | undefined>, string[]]> = [
    ["a region alone", { region: "cn-hangzhou" }, {}, []],
    ["an endpoint alone", { endpoint: "http://127.0.0.1:8080" }, {}, []],
    ["nothing, with the region in the environment", {}, { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" }, []],
    ["nothing, with the endpoint in the environment", {}, { ALICLOUD_FLINK_ENDPOINT: "http://127.0.0.1:1" }, []],
    ["nothing at all", {}, {}, ["region"]],
    ["a region not known yet (preview)", { region: UNKNOWN }, {}, []],
    ["a key without its secret", { region: "r", accessKey: "AK" }, {}, ["secretKey"]],
    ["a secret without its key", { region: "r", secretKey: "SK" }, {}, ["accessKey"]],
    ["an unknown setting", { region: "r", colour: "blue" }, {}, ["colour"]],
    [
      "every bad value at once",
      { region: "r", maxAttempts: "0", allowInsecureHttp: "perhaps", maxRequestsPerSecond: "fast" },
      {},
      ["maxAttempts", "allowInsecureHttp", "maxRequestsPerSecond"],
    ],
    ["version, which the engine adds", { region: "r", version: "0.3.0" }, {}, []],
    ["pluginDownloadURL, which an SDK may add", { region: "r", pluginDownloadURL: "https://example.com/p" }, {}, []],
    ["a number not known yet (preview)", { region: "r", maxAttempts: UNKNOWN }, {}, []],
    ["a blank region", { region: "  " }, {}, ["region"]],
    ["a blank region in the environment", {}, { ALIBABA_CLOUD_REGION_ID: " ", ALICLOUD_FLINK_ENDPOINT: " " }, ["region"]],
  ];
  for (const [what, news, env, properties] of table) {
    it(`CheckConfig with ${what}: ${properties.length ? properties.join(", ") : "no failure"}`, () => {
      expect(
        checkConfig(news, env)
          .map((f) => f.property)
          .sort(),
      ).to.deep.equal([...properties].sort());
    });
  }

  it("names the native key and how to set it, never the value of a secret", () => {
    const [f] = checkConfig({ region: "r", maxAttempts: "lots" }, {});
    expect(f.reason).to.match(
      /^Stack config alicloud-flink:maxAttempts must be a whole number of at least 1, got "lots"\. Fix it with `pulumi config set alicloud-flink:maxAttempts <number>`\.$/,
    );
    const [g] = checkConfig({ region: "r", accessKey: ["a-secret-value"], secretKey: "s" }, {});
    expect(g.reason).to.contain("alicloud-flink:accessKey").and.not.contain("a-secret-value");
    expect(checkConfig({}, {})[0].reason).to.match(/pulumi config set alicloud-flink:region/);
  });

  it("says which half of an AccessKey pair is missing, and an unknown key's settings", () => {
    expect(checkConfig({ region: "r", secretKey: "s" }, {})).to.deep.equal([
      {
        property: "accessKey",
        reason:
          "`alicloud-flink:secretKey` is set without `alicloud-flink:accessKey`; set both (`pulumi config set --secret alicloud-flink:accessKey <AccessKey ID>`).",
      },
    ]);
    expect(checkConfig({ region: "r", accessKey: "a" }, {})).to.deep.equal([
      {
        property: "secretKey",
        reason:
          "`alicloud-flink:accessKey` is set without `alicloud-flink:secretKey`; set both (`pulumi config set --secret alicloud-flink:secretKey <AccessKey secret>`).",
      },
    ]);
    expect(checkConfig({ region: "r", colour: "blue" }, {})[0].reason).to.equal(
      "alicloud-flink:colour is not a setting of this provider; the settings are region, accessKey, secretKey, securityToken, endpoint, allowInsecureHttp, maxAttempts, retryMinDelayMs, retryMaxDelayMs, throttleRetryMinDelayMs, requestTimeoutMs, registerTimeoutMs, waitTimeoutMs, listBatchWindowMs, maxRequestsPerSecond, initialRequestsPerSecond, uploadTimeoutMs, engineJavaVersion, engineFlinkVersion.",
    );
  });

  it("DiffConfig: the settings whose values differ, never version", () => {
    expect(
      changedSettings({ region: "a", maxAttempts: 2, version: "1" }, { region: "b", maxAttempts: 2, endpoint: "e", version: "2" }),
    ).to.deep.equal(["endpoint", "region"]);
    expect(changedSettings({ region: "a" }, { region: "a" })).to.deep.equal([]);
  });
});
