import { expect } from "chai";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { SECRET_SIG, SIG_KEY, scrub, unwrap, wrap } from "../../lib/plugin/values";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("plugin values: secrets from the engine and back", () => {
  it("unwraps a secret anywhere in a property, noting the top-level key and every secret text", () => {
    const u = unwrap({ jarUrl: secret("https://h/x.jar?Signature=abc"), names: ["a", secret("b-secret")], plain: "p" });
    expect(u.value).to.deep.equal({ jarUrl: "https://h/x.jar?Signature=abc", names: ["a", "b-secret"], plain: "p" });
    expect([...u.secretKeys].sort()).to.deep.equal(["jarUrl", "names"]);
    expect(u.secretTexts).to.deep.equal(["https://h/x.jar?Signature=abc", "b-secret"]);
  });

  it("notes every string inside a secret object, and none outside one", () => {
    const u = unwrap({ cfg: secret({ key: "k1", nested: ["k2"] }), other: { key: "visible" } });
    expect(u.secretTexts).to.deep.equal(["k1", "k2"]);
    expect([...u.secretKeys]).to.deep.equal(["cfg"]);
  });

  it("uses the engine's own signature key and secret signature", () => {
    expect([SIG_KEY, SECRET_SIG]).to.deep.equal([specialSigKey, specialSecretSig]);
    // And the values the protocol fixes (shared/pulumi-native-provider.md), should the SDK ever move them.
    expect([SIG_KEY, SECRET_SIG]).to.deep.equal(["4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"]);
  });

  it("keeps nulls, and never takes an empty secret for text to blank", () => {
    const u = unwrap({ a: null, b: [null], c: secret(""), d: secret(null) });
    expect(u.value).to.deep.equal({ a: null, b: [null], c: "", d: null });
    expect(u.secretTexts).to.deep.equal([]);
    expect([...u.secretKeys].sort()).to.deep.equal(["c", "d"]);
  });

  it("leaves an envelope of another signature alone", () => {
    const other = { [SIG_KEY]: "5cf8f73096256a8f31e491e813e4eb8e", value: "an asset" };
    expect(unwrap({ a: other }).value).to.deep.equal({ a: other });
    expect([...unwrap({ a: other }).secretKeys]).to.deep.equal([]);
  });

  it("wraps the secret keys again, drops undefined and __provider, and copies values", () => {
    const list = ["x"];
    const out = wrap({ jarUrl: "u", list, gone: undefined, __provider: "code" }, new Set(["jarUrl"]));
    expect(out).to.deep.equal({ jarUrl: secret("u"), list: ["x"] });
    expect(out.list).to.not.equal(list);
  });

  it("blanks every secret text from a message, the longest first", () => {
    expect(scrub("token abc and abcdef here", ["abc", "abcdef"])).to.equal("token [secret] and [secret] here");
    expect(scrub("nothing to hide", [])).to.equal("nothing to hide");
  });
});
