import { execFileSync } from "node:child_process";
import { dirname } from "node:path";
import { adHocSigner, RCODESIGN } from "./standalone/sign";

/**
 * `npm run build:rcodesign`: rcodesign (crates.io `apple-codesign` 0.29.0, without its notary
 * features) built with cargo into the build cache, where `npm run package:plugin` and `npm run
 * release` find it to sign the macOS plugins ad hoc. About 6 minutes on 2 cores; only releases
 * need it.
 */

const signer = adHocSigner();
if (signer) {
  console.log(`rcodesign is at hand (${signer.tool})`);
} else {
  execFileSync(
    "cargo",
    ["install", "apple-codesign", "--version", "0.29.0", "--no-default-features", "--locked", "--root", dirname(dirname(RCODESIGN))],
    { stdio: "inherit" },
  );
  console.log(`built ${RCODESIGN}`);
}
