import { expect } from "chai";
import { execFile } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { captureProgram, REPO } from "../support/consumer";

/**
 * The two ways to install the package until it is published, as the README gives them: from a
 * tarball (`npm pack`) and from git (the `prepare` script builds it). Both keep it under
 * node_modules, so Pulumi serializes the provider as a `require` of the installed package.
 */
describe("installing the package from a tarball and from git", function () {
  this.timeout(240_000);
  const ROOT = join(REPO, ".tmp", "install");
  const npm = (args: string[], cwd: string) =>
    promisify(execFile)("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, npm_config_update_notifier: "false" },
    });

  async function project(name: string, spec: string): Promise<string> {
    const dir = join(ROOT, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `install-${name}`, private: true }));
    await npm(["install", spec], dir);
    return dir;
  }

  async function serializedProvider(dir: string): Promise<string> {
    const [r] = await captureProgram(
      dir,
      `return [new flink.FlinkConnector("c", { workspaceId: "ws", namespaceName: "ns", connectorName: "c", jarUrl: "oss://b/c-1.0.jar" })];`,
    );
    return String(r.inputs.__provider);
  }

  function expectInstalledCopy(dir: string): void {
    const pkg = join(dir, "node_modules", "pulumi-alicloud-flink");
    expect(lstatSync(pkg).isSymbolicLink(), "a real directory, not a link").to.equal(false);
    expect(readdirSync(join(pkg, "dist", "lib"))).to.include.members(["index.js", "provider", "emulator", "cli"]);
  }

  it("from a tarball made by npm pack", async () => {
    const packDir = join(ROOT, "pack");
    rmSync(packDir, { recursive: true, force: true });
    mkdirSync(packDir, { recursive: true });
    const { stdout } = await promisify(execFile)("npm", ["pack", "--silent", "--pack-destination", packDir], {
      cwd: REPO,
      encoding: "utf8",
    });
    const dir = await project("tarball", join(packDir, stdout.trim().split("\n").pop() ?? ""));
    expectInstalledCopy(dir);
    const provider = await serializedProvider(dir);
    expect(provider).to.contain('require("pulumi-alicloud-flink/dist/lib/provider/instance.js")');
    expect(Buffer.byteLength(provider)).to.be.below(1024);
  });

  it("from a git URL, built by the prepare script", async () => {
    const dir = await project("git", `git+file://${REPO}`);
    expectInstalledCopy(dir);
    const provider = await serializedProvider(dir);
    expect(provider).to.contain('require("pulumi-alicloud-flink/dist/lib/provider/instance.js")');
    expect(Buffer.byteLength(provider)).to.be.below(1024);
  });
});
