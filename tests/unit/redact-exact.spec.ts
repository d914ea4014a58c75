import { expect } from "chai";
import { REDACTED, redact } from "../../lib/errors/redact";

/**
 * Exact output for each pattern: a pattern narrowed to match one character would leave all but
 * the first character of the secret, and "the whole secret is absent" would still hold.
 */
describe("redact, exactly, pattern by pattern", () => {
  const R = REDACTED;
  const table: Array<[string, string, string]> = [
    ["a hex signature", "Signature=0123456789abcdef0123456789abcdef", `Signature=${R}`],
    ["an Authorization header as JSON", '{"Authorization":"ACS3-HMAC-SHA256 Credential=LTAI1,Signature=abc"}', `{"Authorization":"${R}"}`],
    ["an authorization header as text", "authorization: ACS3-HMAC-SHA256 Credential=LTAI1\nnext", `authorization: ${R}\nnext`],
    ["an STS token header", '{"x-acs-security-token":"CAIStoken123456"}', `{"x-acs-security-token":"${R}"}`],
    ["a bearer token header", "x-acs-bearer-token=eyJhbGciOi.payload.sig", `x-acs-bearer-token=${R}`],
    ["an accessKeySecret assignment", 'accessKeySecret: "s3cr3tValue"', `accessKeySecret: "${R}"`],
    ["a securityToken assignment", "securityToken=CAIStok99 rest", `securityToken=${R} rest`],
    ["a secretKey assignment", "secretKey='abcd1234'", `secretKey='${R}'`],
    ["snake_case keys", "access_key_secret=xyz123 security_token=tok456", `access_key_secret=${R} security_token=${R}`],
    [
      "a pre-signed URL's parameters",
      "https://b/o.jar?OSSAccessKeyId=STS.k&Expires=1&Signature=abc%2B&security-token=T0k",
      `https://b/o.jar?OSSAccessKeyId=${R}&Expires=1&Signature=${R}&security-token=${R}`,
    ],
    [
      "OSS v4 and S3-style parameters",
      "?x-oss-signature=s1&x-oss-credential=c1&x-oss-security-token=t1&X-Amz-Signature=s2&X-Amz-Credential=c2&X-Amz-Security-Token=t2",
      `?x-oss-signature=${R}&x-oss-credential=${R}&x-oss-security-token=${R}&X-Amz-Signature=${R}&X-Amz-Credential=${R}&X-Amz-Security-Token=${R}`,
    ],
    ["sig and token parameters", "https://h/a.jar?sig=abc&token=def#frag", `https://h/a.jar?sig=${R}&token=${R}#frag`],
    // Each header and key in every form it is written in: quoted (JSON), bare, spaced around the colon.
    ["an authorization header with a space before the colon", "Authorization : ACS3 Credential=LTAI1", `Authorization : ${R}`],
    ["a bare STS token header", "x-acs-security-token: CAIStoken123456", `x-acs-security-token: ${R}`],
    ["an STS token header with a space before the colon", "x-acs-security-token : CAIS99", `x-acs-security-token : ${R}`],
    ["a bearer token header as JSON", '{"x-acs-bearer-token": "eyJ.payload.sig"}', `{"x-acs-bearer-token": "${R}"}`],
    ["a bearer token header with a space before the colon", "x-acs-bearer-token : eyJ.p.s", `x-acs-bearer-token : ${R}`],
    ["a secretKey as JSON", '{"secretKey": "abcd1234"}', `{"secretKey": "${R}"}`],
    ["an accessKeySecret with a space before the colon", "accessKeySecret : s3cr3t", `accessKeySecret : ${R}`],
  ];
  for (const [what, input, output] of table) it(`replaces ${what}`, () => expect(redact(input)).to.equal(output));

  it("replaces known secrets of four characters or more, wherever they are, and leaves shorter ones", () => {
    expect(redact("key abcd in abcdabcd and abc", ["abcd", "abc"])).to.equal(`key ${R} in ${R}${R} and abc`);
    expect(redact("the value ab appears here", ["ab", undefined])).to.equal("the value ab appears here");
  });

  it("leaves a short hex run that is not a signature", () => {
    expect(redact("Signature=abc123")).to.equal("Signature=abc123");
  });
});
