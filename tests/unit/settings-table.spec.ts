import { expect } from "chai";
import { cfg } from "../support/fixtures";
import { VervericaConnectorClient } from "../../lib/client/connector-client";
import { readSettings, serviceOptionsFrom } from "../../lib/config/settings";
import { ConfigurationError } from "../../lib/errors/configuration-error";
import { SETTING_NAMES, SETTING_TABLE, settingKey, type ProviderKind } from "../../lib/model/settings";
import { checkConfig } from "../../lib/plugin/native-config";
import { DEFAULT_TIMEOUTS } from "../../lib/client/timeouts";
import { DEFAULT_RETRY_POLICY } from "../../lib/service/retry-policy";
import { DEFAULT_WAIT_POLICY } from "../../lib/service/poll";

describe("the one settings table", () => {
  it("is where the code's defaults come from", () => {
    expect(DEFAULT_RETRY_POLICY).to.include({
      maxAttempts: SETTING_TABLE.maxAttempts.defaultValue,
      minDelayMs: SETTING_TABLE.retryMinDelayMs.defaultValue,
      maxDelayMs: SETTING_TABLE.retryMaxDelayMs.defaultValue,
    });
    expect(DEFAULT_TIMEOUTS).to.include({
      readMs: SETTING_TABLE.requestTimeoutMs.defaultValue,
      registerReadMs: SETTING_TABLE.registerTimeoutMs.defaultValue,
    });
    expect(DEFAULT_WAIT_POLICY.timeoutMs).to.equal(SETTING_TABLE.waitTimeoutMs.defaultValue);
  });

  it("resolves once into frozen values, defaults filled in", () => {
    const { settings, failures } = readSettings(cfg({ "alicloud-flink:maxAttempts": "3" }), {}, "dynamic");
    expect(failures).to.deep.equal([]);
    expect(Object.isFrozen(settings.values)).to.equal(true);
    expect(settings.values).to.include({ maxAttempts: 3, retryMinDelayMs: 500, allowInsecureHttp: false });
    expect([...settings.set]).to.deep.equal(["maxAttempts"]);
  });

  // Defect: `retryMaxDelayMs 100` passed CheckConfig, then every call failed with a RangeError naming no key.
  const rules: Array<[string, ProviderKind, Record<string, unknown>, RegExp]> = [
    [
      "plugin, max below the default min",
      "plugin",
      { "alicloud-flink:retryMaxDelayMs": "100" },
      /^alicloud-flink:retryMaxDelayMs \(100\) must not be below alicloud-flink:retryMinDelayMs \(500, its default\)/,
    ],
    [
      "dynamic, min above max",
      "dynamic",
      { "alicloud-flink:retryMinDelayMs": "900", "alicloud-flink:retryMaxDelayMs": "800" },
      /alicloud-flink:retryMaxDelayMs \(800\) must not be below alicloud-flink:retryMinDelayMs \(900\)/,
    ],
  ];
  for (const [what, provider, values, message] of rules) {
    it(`refuses a rule broken between settings, naming both keys (${what})`, () => {
      const { failures } = readSettings(cfg(values), {}, provider);
      expect(failures.map((f) => f.setting)).to.deep.equal(["retryMaxDelayMs"]);
      expect(failures[0].reason).to.match(message);
      expect(() => serviceOptionsFrom(cfg(values), {}, provider)).to.throw(ConfigurationError, message);
    });
  }

  it("fails CheckConfig of the plugin on the same rule, before any call", () => {
    const failures = checkConfig({ region: "cn-hangzhou", retryMaxDelayMs: "100" }, {});
    expect(failures.map((f) => f.property)).to.deep.equal(["retryMaxDelayMs"]);
  });

  // Defect: with no credentials, a Python or YAML user was told to set `alicloud:accessKey`, a key the plugin never reads.
  for (const provider of ["plugin", "dynamic"] as const) {
    const other: ProviderKind = provider === "plugin" ? "dynamic" : "plugin";
    it(`advises in the keys the ${provider} provider reads: no region, no credentials, plain HTTP`, async () => {
      const noRegion = (() => {
        try {
          new VervericaConnectorClient(serviceOptionsFrom(cfg({}), {}, provider));
        } catch (e) {
          return (e as Error).message;
        }
        return "";
      })();
      expect(noRegion)
        .to.contain(`pulumi config set ${settingKey("region", provider)} cn-hangzhou`)
        .and.not.contain(settingKey("region", other));
      const insecure = (() => {
        try {
          new VervericaConnectorClient(serviceOptionsFrom(cfg({ [settingKey("endpoint", provider)]: "http://10.1.2.3:80" }), {}, provider));
        } catch (e) {
          return (e as Error).message;
        }
        return "";
      })();
      expect(insecure).to.contain(`\`${settingKey("allowInsecureHttp", provider)}\``);
      const options = serviceOptionsFrom(cfg({ [settingKey("region", provider)]: "cn-hangzhou" }), {}, provider);
      const client = new VervericaConnectorClient({
        ...options,
        defaultChain: () => ({ getCredential: () => Promise.reject(new Error("no chain here")) }),
      });
      const err = await client.list({ workspaceId: "ws", namespaceName: "ns" }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message)
        .to.contain(`\`${settingKey("accessKey", provider)}\``)
        .and.contain(`\`${settingKey("secretKey", provider)}\``);
      if (provider === "plugin") expect(err?.message).to.not.contain("alicloud:accessKey");
    });
  }

  it("gives every setting an example and, for numbers, a bound", () => {
    for (const n of SETTING_NAMES) {
      const s = SETTING_TABLE[n] as { kind: string; min?: number; example: string };
      expect(s.example, n).to.be.a("string").and.not.equal("");
      if (s.kind === "number" || s.kind === "integer") expect(s.min, n).to.be.a("number");
    }
  });
});
