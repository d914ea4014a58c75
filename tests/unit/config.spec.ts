import { expect } from "chai";
import { resolveCredentialSource } from "../../lib/client/credentials";
import { resolveEndpoint } from "../../lib/client/endpoint";
import { isLoopbackHost } from "../../lib/model/loopback";
import { ConfigurationError } from "../../lib/errors/configuration-error";

describe("resolveEndpoint", () => {
  const cases: Array<[string, Parameters<typeof resolveEndpoint>[0], { host: string; protocol: string }]> = [
    ["the regional endpoint", { region: "cn-hangzhou" }, { host: "ververica.cn-hangzhou.aliyuncs.com", protocol: "HTTPS" }],
    [
      "a bare host as HTTPS",
      { endpoint: "ververica.cn-beijing.aliyuncs.com" },
      { host: "ververica.cn-beijing.aliyuncs.com", protocol: "HTTPS" },
    ],
    ["host:port as HTTPS", { endpoint: "example.com:8443" }, { host: "example.com:8443", protocol: "HTTPS" }],
    [
      "an https URL over the region",
      { endpoint: "https://x.example.com/", region: "cn-hangzhou" },
      { host: "x.example.com", protocol: "HTTPS" },
    ],
    ["http to 127.0.0.1", { endpoint: "http://127.0.0.1:8080" }, { host: "127.0.0.1:8080", protocol: "HTTP" }],
    ["http to localhost", { endpoint: "http://localhost:1" }, { host: "localhost:1", protocol: "HTTP" }],
    ["http to [::1]", { endpoint: "http://[::1]:9" }, { host: "[::1]:9", protocol: "HTTP" }],
    [
      "http elsewhere when allowed",
      { endpoint: "http://10.0.0.5:8080", allowInsecureHttp: true },
      { host: "10.0.0.5:8080", protocol: "HTTP" },
    ],
  ];
  for (const [what, input, out] of cases) {
    it(`resolves ${what}`, () => expect(resolveEndpoint(input)).to.deep.equal(out));
  }

  const failures: Array<[string, Parameters<typeof resolveEndpoint>[0], RegExp]> = [
    ["plain HTTP to a remote host", { endpoint: "http://ververica.example.com" }, /Refusing plain HTTP.*allowInsecureHttp/],
    ["no region and no endpoint", {}, /Pass `region` or `endpoint` in the options.*ALIBABA_CLOUD_REGION_ID or ALICLOUD_REGION/],
    ["a malformed region", { region: "Hangzhou" }, /not a region ID/],
    ["an endpoint with a path", { endpoint: "https://x.example.com/api" }, /without a path/],
    ["a non-HTTP scheme", { endpoint: "ftp://x" }, /http:\/\/ or https:\/\//],
  ];
  for (const [what, input, message] of failures) {
    it(`rejects ${what} with a ConfigurationError that says how to fix it`, () => {
      expect(() => resolveEndpoint(input)).to.throw(ConfigurationError, message);
    });
  }

  it("knows loopback hosts", () => {
    expect(["127.0.0.1", "127.9.9.9", "::1", "[::1]", "localhost"].every(isLoopbackHost)).to.equal(true);
    expect(["10.0.0.1", "example.com", "128.0.0.1"].some(isLoopbackHost)).to.equal(false);
  });
});

describe("resolveCredentialSource", () => {
  it("prefers an explicit pair over the environment", () => {
    const s = resolveCredentialSource(
      { accessKeyId: "id1", accessKeySecret: "s1" },
      { ALIBABA_CLOUD_ACCESS_KEY_ID: "id2", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s2" },
    );
    expect(s).to.deep.equal({ kind: "static", from: "explicit", credentials: { accessKeyId: "id1", accessKeySecret: "s1" } });
  });

  it("reads ALIBABA_CLOUD_* before ALICLOUD_* names", () => {
    const s = resolveCredentialSource(undefined, {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "a",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "b",
      ALICLOUD_ACCESS_KEY: "c",
      ALICLOUD_SECRET_KEY: "d",
    });
    expect(s).to.deep.include({ kind: "static", from: "environment" });
    expect(s.kind === "static" && s.credentials.accessKeyId).to.equal("a");
  });

  it("accepts the Terraform / @pulumi/alicloud names, with an STS token", () => {
    const s = resolveCredentialSource(undefined, { ALICLOUD_ACCESS_KEY: "c", ALICLOUD_SECRET_KEY: "d", ALICLOUD_SECURITY_TOKEN: "t" });
    expect(s).to.deep.equal({
      kind: "static",
      from: "environment",
      credentials: { accessKeyId: "c", accessKeySecret: "d", securityToken: "t" },
    });
  });

  it("falls back to the default chain when nothing is set", () => {
    expect(resolveCredentialSource(undefined, {})).to.deep.equal({ kind: "default-chain" });
  });

  it("refuses a half-configured pair instead of silently falling back", () => {
    expect(() => resolveCredentialSource({ accessKeyId: "id" }, {})).to.throw(
      ConfigurationError,
      /options' `credentials`: the AccessKey secret is missing.*Pass `credentials` in the options/,
    );
    expect(() => resolveCredentialSource(undefined, { ALICLOUD_SECRET_KEY: "s" })).to.throw(ConfigurationError, /AccessKey ID is missing/);
  });
});
