import { expect } from "chai";
import { CREDENTIAL_ENV } from "../../lib/client/credentials";
import { CONFIG_KEYS, ENDPOINT_ENV, NATIVE_CONFIG_KEYS } from "../../lib/config/settings";
import { startBanner } from "../../lib/emulator/start-cli";

/** The emulator imports only itself, so its banner spells the package's keys out: checked here against the settings. */
describe("emulator start banner", () => {
  const banner = startBanner({ url: "http://127.0.0.1:4000", accessKeyId: "LTAIbanner", secret: "s3cret", controlToken: "tok" });
  const blocks = banner.split("\n\n");
  const configKeys = (block: string): string[] => [...block.matchAll(/pulumi config set (?:--secret )?(\S+) /g)].map((m) => m[1]);

  it("gives the native plugin's keys for every setting it prints", () => {
    const native = blocks.find((b) => b.includes("uses the plugin"))!;
    expect(configKeys(native)).to.deep.equal([NATIVE_CONFIG_KEYS.endpoint, NATIVE_CONFIG_KEYS.accessKey, NATIVE_CONFIG_KEYS.secretKey]);
  });

  it("gives the dynamic provider's keys, and the environment variables both read", () => {
    const dynamic = blocks.find((b) => b.includes("dynamic provider"))!;
    expect(configKeys(dynamic)).to.deep.equal([CONFIG_KEYS.endpoint, CONFIG_KEYS.accessKey, CONFIG_KEYS.secretKey]);
    const env = blocks.find((b) => b.includes("through the environment"))!;
    const names = [...env.matchAll(/export (\w+)=/g)].map((m) => m[1]);
    expect(names).to.deep.equal([ENDPOINT_ENV, CREDENTIAL_ENV.accessKeyId[0], CREDENTIAL_ENV.accessKeySecret[0]]);
  });

  it("names the secret it generated, or says which one to use when keys were passed", () => {
    expect(banner).to.contain("'s3cret'");
    const passed = startBanner({ url: "http://127.0.0.1:4000", accessKeyId: "LTAIbanner", controlToken: "tok" });
    expect(passed).to.contain("<the secret you passed with --key>").and.not.contain("undefined");
  });
});
