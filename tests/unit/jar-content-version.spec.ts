import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jarContentVersion } from "../../lib/resource/jar-content-version";

describe("jarContentVersion", () => {
  it("is the SHA-256 of the file's bytes, and changes with them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jar-"));
    const file = join(dir, "acme-sink-1.0.jar");
    writeFileSync(file, "abc");
    // sha256("abc"), from FIPS 180-2's example.
    expect(await jarContentVersion(file)).to.equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    writeFileSync(file, "abd");
    expect(await jarContentVersion(file)).to.not.equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("rejects a file that does not exist", async () => {
    await jarContentVersion("/nonexistent/x.jar").then(
      () => expect.fail("should reject"),
      (e: NodeJS.ErrnoException) => expect(e.code).to.equal("ENOENT"),
    );
  });
});
