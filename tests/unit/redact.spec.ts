import { expect } from "chai";
import { REDACTED, redact } from "../../lib/errors/redact";
import { SECRET, STS_TOKEN } from "../support/fixtures";

describe("redact", () => {
  it("replaces every occurrence of a known secret", () => {
    expect(redact(`a ${SECRET} b ${SECRET}`, [SECRET])).to.equal(`a ${REDACTED} b ${REDACTED}`);
  });

  it("replaces signatures by pattern", () => {
    const sig = "a".repeat(64);
    expect(redact(`Credential=LTAI1,SignedHeaders=host,Signature=${sig}`)).to.not.contain(sig);
  });

  it("replaces Authorization and security-token header values in serialized headers", () => {
    const text = JSON.stringify({ Authorization: "ACS3-HMAC-SHA256 Credential=x", "x-acs-security-token": STS_TOKEN });
    const out = redact(text);
    expect(out).to.not.contain(STS_TOKEN);
    expect(out).to.not.contain("ACS3-HMAC-SHA256 Credential");
  });

  it("replaces accessKeySecret-like assignments", () => {
    expect(redact(`accessKeySecret: "${SECRET}"`)).to.not.contain(SECRET);
  });

  it("leaves ordinary text and short values alone", () => {
    expect(redact("connector acme-sink in namespace ns", ["ab", undefined])).to.equal("connector acme-sink in namespace ns");
  });
});

describe("redact on pre-signed URLs", () => {
  it("drops signature, key id and token parameters but keeps the URL readable", () => {
    const url =
      "https://bkt.oss-cn-hangzhou.aliyuncs.com/c/acme.jar?OSSAccessKeyId=STS.abc&Expires=1700000000&Signature=Zm9vYmFy%2B%3D&security-token=CAISverysecret";
    const out = redact(`registering ${url} failed`);
    expect(out).to.contain(
      "https://bkt.oss-cn-hangzhou.aliyuncs.com/c/acme.jar?OSSAccessKeyId=[REDACTED]&Expires=1700000000&Signature=[REDACTED]&security-token=[REDACTED]",
    );
    expect(out).to.not.contain("CAISverysecret").and.not.contain("Zm9vYmFy");
  });
});
