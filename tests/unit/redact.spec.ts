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
