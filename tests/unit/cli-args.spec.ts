import { expect } from "chai";
import { choiceOf, numberOf, parseCommand } from "../../lib/cli/args";
import { runBuildJar } from "../../lib/cli/build-jar";
import { runInspectJar } from "../../lib/cli/inspect-jar";
import { runAdopt } from "../../lib/cli/adopt";
import { engineAddress } from "../../lib/plugin/main-args";

const USAGE = "Usage: x [--out FILE]";

describe("command arguments, through node:util.parseArgs", () => {
  it("parses options and positionals, and refuses the unknown, the missing and the stray, with the usage", () => {
    expect(parseCommand(["--out", "f", "p"], { out: { type: "string" } }, USAGE, true)).to.deep.equal({
      values: { out: "f" },
      positionals: ["p"],
    });
    for (const argv of [["--nope"], ["--out"], ["stray"]])
      expect(() => parseCommand(argv, { out: { type: "string" } }, USAGE), argv.join(" ")).to.throw(/\n\nUsage: x/);
  });

  it("checks choices and numbers, naming the flag", () => {
    expect(choiceOf("answers", "named", ["named", "documented"] as const, USAGE)).to.equal("named");
    expect(() => choiceOf("answers", "loud", ["named", "documented"] as const, USAGE)).to.throw(
      /--answers takes named or documented, got "loud"/,
    );
    expect(numberOf("ops", "12", 1, USAGE)).to.equal(12);
    for (const v of ["", "x", "0"]) expect(() => numberOf("ops", v, 1, USAGE), v).to.throw(/--ops takes a number of at least 1/);
  });

  it("gives each command's own usage on a wrong argument, before any work", async () => {
    expect(() => runBuildJar(["--out"])).to.throw(/argument missing[\s\S]*alicloud-flink build-jar/);
    expect(() => runBuildJar(["--bogus", "x"])).to.throw(/Unknown option '--bogus'[\s\S]*alicloud-flink build-jar/);
    const inspect = await runInspectJar(["a.jar", "b.jar"]).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(inspect).to.match(/inspect-jar takes one JAR/);
    const adopt = await runAdopt(["--workspace", "w"]).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(adopt).to.match(/--workspace and --namespace are required/);
  });

  it("finds the engine's address among the flags the engine passes the plugin", () => {
    expect(engineAddress(["127.0.0.1:5000"])).to.equal("127.0.0.1:5000");
    expect(engineAddress(["--logtostderr", "-v=9", "--tracing", "127.0.0.1:9", "127.0.0.1:5000"])).to.equal("127.0.0.1:5000");
    expect(engineAddress(["--logflow"])).to.equal(undefined);
  });
});
