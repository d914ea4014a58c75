import { expect } from "chai";
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  expectedSignature,
  headerValues,
  percentEncode,
} from "../../lib/emulator/signature";

// Vectors written by hand from the protocol description; the signature was computed once by an
// independent implementation and written down, so the emulator is checked against text, not itself.
describe("emulator signature canonicalization", () => {
  it("strictly percent-encodes ( ) * ! ' and keeps unreserved characters", () => {
    expect(percentEncode("oss://b/my conn(1)*!'~-_.jar")).to.equal("oss%3A%2F%2Fb%2Fmy%20conn%281%29%2A%21%27~-_.jar");
  });

  it("decodes the wire query and re-encodes it strictly", () => {
    expect(canonicalQuery("jarUrl=oss%3A%2F%2Fbkt%2Fdir%2Fmy%20conn(1)*.jar")).to.equal(
      "jarUrl=oss%3A%2F%2Fbkt%2Fdir%2Fmy%20conn%281%29%2A.jar",
    );
  });

  it("sorts query keys and keeps the raw path with its percent-encoding", () => {
    expect(canonicalQuery("b=2&a=1")).to.equal("a=1&b=2");
    expect(canonicalUri("/api/v2/namespaces/team%20ns/connectors%3Aregister")).to.equal(
      "/api/v2/namespaces/team%20ns/connectors%3Aregister",
    );
  });

  it("rewrites only the first '+', '*' and '%7E' of the path, as the SDK does", () => {
    expect(canonicalUri("/a+b+c/*/*/%7E%7E")).to.equal("/a%20b+c/%2A/*/~%7E");
  });

  it("builds the canonical request and signature for a register call in a namespace with a space", () => {
    const headers = headerValues([
      "host",
      "127.0.0.1:8080",
      "x-acs-version",
      "2022-07-18",
      "x-acs-action",
      "RegisterCustomConnector",
      "x-acs-date",
      "2026-11-26T04:00:00Z",
      "x-acs-signature-nonce",
      "0123456789abcdef0123456789abcdef",
      "workspace",
      "ws1",
      "x-acs-content-sha256",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "x-acs-credentials-provider",
      "static_ak",
    ]);
    const signed = [
      "host",
      "x-acs-action",
      "x-acs-content-sha256",
      "x-acs-credentials-provider",
      "x-acs-date",
      "x-acs-signature-nonce",
      "x-acs-version",
    ];
    const canonical = canonicalRequest({
      method: "POST",
      rawPath: "/api/v2/namespaces/team%20ns/connectors%3Aregister",
      rawQuery: "jarUrl=oss%3A%2F%2Fbkt%2Fdir%2Fmy%20conn(1)*.jar",
      headers,
      signedHeaders: signed,
      payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    });
    const expected =
      "POST\n" +
      "/api/v2/namespaces/team%20ns/connectors%3Aregister\n" +
      "jarUrl=oss%3A%2F%2Fbkt%2Fdir%2Fmy%20conn%281%29%2A.jar\n" +
      "host:127.0.0.1:8080\n" +
      "x-acs-action:RegisterCustomConnector\n" +
      "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
      "x-acs-credentials-provider:static_ak\n" +
      "x-acs-date:2026-11-26T04:00:00Z\n" +
      "x-acs-signature-nonce:0123456789abcdef0123456789abcdef\n" +
      "x-acs-version:2022-07-18\n" +
      "\n" +
      "host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version\n" +
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    expect(canonical).to.equal(expected);
    // Computed once with another implementation (Python 3's hashlib and hmac) and written down:
    // sha256(canonical request) = 45df575d298c043a49a8ae614e8ad4906166c44df6f71403195f984ee2096560
    expect(expectedSignature("secret", canonical)).to.equal("66b23e9c1b24b8c6e2da4b62986a05725b37ef1a53affd488033e795ba50ce26");
  });

  it("joins repeated header values sorted, with trimmed values", () => {
    const headers = headerValues(["x-acs-a", " b ", "X-ACS-A", "a"]);
    const c = canonicalRequest({ method: "GET", rawPath: "/", rawQuery: "", headers, signedHeaders: ["x-acs-a"], payloadHash: "h" });
    expect(c).to.equal("GET\n/\n\nx-acs-a:a,b\n\nx-acs-a\nh");
  });
});
