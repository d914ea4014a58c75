import { expect } from "chai";
import { cfg } from "../support/fixtures";
import { ConfigurationError } from "../../lib/errors/configuration-error";
import { configFromEnv, fingerprint, serviceOptionsFrom } from "../../lib/config/settings";

describe("provider settings", () => {
  it("takes credentials, region and endpoint from stack config", () => {
    const o = serviceOptionsFrom(
      cfg({
        "alicloud:accessKey": "id",
        "alicloud:secretKey": "s",
        "alicloud:securityToken": "t",
        "alicloud:region": "cn-beijing",
        "alicloud-flink:endpoint": "http://127.0.0.1:1",
      }),
      {},
    );
    expect(o).to.deep.include({
      region: "cn-beijing",
      endpoint: "http://127.0.0.1:1",
      credentials: { accessKeyId: "id", accessKeySecret: "s", securityToken: "t" },
    });
  });

  it("leaves credentials to the environment and the default chain when config has none", () => {
    const env = { ALICLOUD_ACCESS_KEY: "id", ALICLOUD_SECRET_KEY: "s", ALICLOUD_FLINK_ENDPOINT: "http://127.0.0.1:2" };
    const o = serviceOptionsFrom(cfg({}), env);
    expect(o.credentials).to.equal(undefined);
    expect(o.env).to.equal(env);
    expect(o.endpoint).to.equal("http://127.0.0.1:2");
  });

  it("prefers the config endpoint over ALICLOUD_FLINK_ENDPOINT", () => {
    expect(serviceOptionsFrom(cfg({ "alicloud-flink:endpoint": "https://a" }), { ALICLOUD_FLINK_ENDPOINT: "https://b" }).endpoint).to.equal(
      "https://a",
    );
  });

  it("reads retry, timeout, wait and cache settings as numbers", () => {
    const o = serviceOptionsFrom(
      cfg({
        "alicloud-flink:maxAttempts": "3",
        "alicloud-flink:retryMinDelayMs": "100",
        "alicloud-flink:retryMaxDelayMs": "900",
        "alicloud-flink:requestTimeoutMs": "5000",
        "alicloud-flink:registerTimeoutMs": "600000",
        "alicloud-flink:waitTimeoutMs": "1000",
        "alicloud-flink:listBatchWindowMs": "0",
        "alicloud-flink:maxRequestsPerSecond": "5",
        "alicloud-flink:initialRequestsPerSecond": "4",
        "alicloud-flink:throttleRetryMinDelayMs": "2000",
        "alicloud-flink:listCacheTtlMs": "0",
        "alicloud-flink:allowInsecureHttp": "true",
      }),
      {},
    );
    expect(o).to.deep.include({
      retry: { maxAttempts: 3, minDelayMs: 100, maxDelayMs: 900, throttleMinDelayMs: 2000 },
      timeouts: { readMs: 5000, registerReadMs: 600000 },
      waits: { timeoutMs: 1000 },
      listBatchWindowMs: 0,
      rateLimit: { maxRate: 5, initialRate: 4 },
      allowInsecureHttp: true,
    });
  });

  it("accepts typed stack config: numbers and booleans as well as their text", () => {
    const o = serviceOptionsFrom(
      cfg({ "alicloud-flink:maxAttempts": 4, "alicloud-flink:allowInsecureHttp": true, "alicloud-flink:requestTimeoutMs": 2500 }),
      {},
    );
    expect(o).to.deep.include({ allowInsecureHttp: true, timeouts: { readMs: 2500, registerReadMs: 120_000 } });
    expect(o.retry).to.deep.include({ maxAttempts: 4 });
  });

  for (const [key, value] of [
    ["alicloud-flink:maxAttempts", "0"],
    ["alicloud-flink:maxAttempts", 2.5],
    ["alicloud-flink:maxAttempts", { n: 3 }],
    ["alicloud-flink:requestTimeoutMs", "soon"],
    ["alicloud-flink:requestTimeoutMs", [1000]],
    ["alicloud-flink:allowInsecureHttp", "yes"],
    ["alicloud-flink:maxRequestsPerSecond", "0"],
    ["alicloud-flink:allowInsecureHttp", 1],
    ["alicloud-flink:endpoint", 8080],
    ["alicloud:region", { id: "cn-hangzhou" }],
    ["alicloud:secretKey", 12345678],
  ] as Array<[string, unknown]>) {
    it(`rejects ${key}=${JSON.stringify(value)} with a ConfigurationError naming the key, never a TypeError`, () => {
      expect(() => serviceOptionsFrom(cfg({ [key]: value }), {})).to.throw(ConfigurationError, key);
    });
  }

  it("never echoes a secret it refuses", () => {
    expect(() => serviceOptionsFrom(cfg({ "alicloud:secretKey": 987654321987 }), {}))
      .to.throw(ConfigurationError)
      .with.property("message")
      .that.does.not.contain("987654321987");
  });

  it("falls back to PULUMI_CONFIG when no Configure call happened", () => {
    const get = configFromEnv({ PULUMI_CONFIG: JSON.stringify({ "alicloud:region": "cn-shanghai" }) });
    expect(get("alicloud:region")).to.equal("cn-shanghai");
    expect(get("alicloud:accessKey")).to.equal(undefined);
    expect(configFromEnv({ PULUMI_CONFIG: "{not json" })("x")).to.equal(undefined);
  });

  it("fingerprints settings without containing the secret", () => {
    const a = fingerprint(serviceOptionsFrom(cfg({ "alicloud:accessKey": "id", "alicloud:secretKey": "TopSecretValue1" }), {}));
    const b = fingerprint(serviceOptionsFrom(cfg({ "alicloud:accessKey": "id", "alicloud:secretKey": "TopSecretValue2" }), {}));
    expect(a).to.not.equal(b);
    expect(a).to.match(/^[0-9a-f]{64}$/);
  });
});
