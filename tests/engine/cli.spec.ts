import { expect } from "chai";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { VervericaConnectorClient } from "../../lib/client/connector-client";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { prepareConsumer, REPO } from "../support/consumer";

/** The `alicloud-flink` command line of the packed package: the emulator's control surface and `adopt`. */
describe("the alicloud-flink command line", function () {
  this.timeout(60_000);
  const KEY = { accessKeyId: "LTAIclitest0001", accessKeySecret: "CliTestSecret-0001" };
  const TOKEN = "cli-test-token";
  const ref = { workspaceId: "ws", namespaceName: "team" };
  let dir: string;
  let bin: string;
  let stateFile: string;
  let child: ChildProcess | undefined;
  let url = "";
  /** What the emulator process printed. */
  const printed: string[] = [];

  const run = async (args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
        cwd: dir,
        env: { ...process.env, ...env },
        encoding: "utf8",
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  };
  const control = (args: string[]) => run(["emulator", ...args, "--url", url, "--token", TOKEN]);

  async function startEmulatorProcess(): Promise<void> {
    child = spawn(
      process.execPath,
      [bin, "emulator", "start", "--key", `${KEY.accessKeyId}:${KEY.accessKeySecret}`, "--token", TOKEN, "--state", stateFile],
      { cwd: dir, stdio: ["ignore", "pipe", "inherit"] },
    );
    url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child!.stdout! });
      lines.on("line", (l) => {
        printed.push(l);
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(l);
        if (m) resolve(m[1]);
      });
      child!.once("exit", (code) => reject(new Error(`the emulator exited with ${code}`)));
    });
  }
  async function stopEmulatorProcess(): Promise<void> {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }

  before(async () => {
    dir = prepareConsumer();
    bin = join(dir, "node_modules", "pulumi-alicloud-flink", "dist", "lib", "cli", "main.js");
    stateFile = join(mkdtempSync(join(tmpdir(), "emu-state-")), "state.json");
    await startEmulatorProcess();
  });
  after(stopEmulatorProcess);

  const client = (): VervericaConnectorClient =>
    new VervericaConnectorClient({ endpoint: url, credentials: KEY, env: {}, rateLimit: false });

  it("declares a JAR, which then registers what was declared", async () => {
    expect(
      (
        await control([
          "jar",
          "--jar-url",
          "oss://b/custom.jar",
          "--connector",
          "special",
          "--type",
          "jdbc",
          "--source",
          "--property",
          "url=jdbc:x",
        ])
      ).code,
    ).to.equal(0);
    const [c] = await client().register(ref, "oss://b/custom.jar");
    expect(c).to.deep.include({ name: "special", type: "jdbc", source: true });
    expect(c.properties.map((p) => [p.key, p.defaultValue])).to.deep.equal([["url", "jdbc:x"]]);
  });

  it("lists connectors with the JAR each came from, and changes them out of band", async () => {
    const listed = JSON.parse((await control(["connectors", "--workspace", "ws", "--namespace", "team"])).stdout) as Array<{
      name: string;
      jarUrl: string | null;
    }>;
    expect(listed.map((c) => [c.name, c.jarUrl])).to.deep.equal([["special", "oss://b/custom.jar"]]);
    expect((await control(["put", "--workspace", "ws", "--namespace", "team", "--connector", "from-console", "--sink"])).code).to.equal(0);
    expect((await control(["delete", "--workspace", "ws", "--namespace", "team", "--connector", "special"])).code).to.equal(0);
    expect((await client().list(ref)).map((c) => c.name)).to.deep.equal(["from-console"]);
  });

  it("queues faults and shows the request log", async () => {
    expect((await control(["requests", "--clear"])).code).to.equal(0);
    expect((await control(["fault", "--kind", "throttle", "--action", "ListCustomConnectors"])).stdout).to.match(
      /queued throttle; 1 pending/,
    );
    const e = await client()
      .list(ref)
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    expect(FlinkApiError.isInstance(e) && e.code).to.equal("Throttling.User");
    const log = JSON.parse((await control(["requests"])).stdout) as Array<{ action: string; code?: string }>;
    expect(log.map((r) => [r.action, r.code])).to.deep.equal([["ListCustomConnectors", "Throttling.User"]]);
  });

  it("puts a connector whose kinds are exactly the ones named, and turns one off with --no-", async () => {
    await control(["put", "--workspace", "ws", "--namespace", "kinds", "--connector", "acme-source", "--source"]);
    await control(["put", "--workspace", "ws", "--namespace", "kinds", "--connector", "acme-both", "--no-lookup"]);
    await control(["put", "--workspace", "ws", "--namespace", "kinds", "--connector", "acme-lookup", "--source", "--lookup", "--no-sink"]);
    const kinds = (await client().list({ workspaceId: "ws", namespaceName: "kinds" })).map((c) => [c.name, c.source, c.sink, c.lookup]);
    expect(kinds).to.deep.equal([
      ["acme-source", true, false, false],
      ["acme-both", false, true, false],
      ["acme-lookup", true, false, true],
    ]);
  });

  it("prints a line per request, with what a Register registered, and never the secret it was given", async () => {
    await control(["jar", "--jar-url", "oss://b/two.jar", "--connector", "line-a"]);
    await client().register({ workspaceId: "ws", namespaceName: "lines" }, "oss://b/two.jar");
    await client().list({ workspaceId: "ws", namespaceName: "lines" });
    await new Promise((r) => setTimeout(r, 200));
    expect(printed.join("\n")).to.match(/\d\d:\d\d:\d\d\.\d{3} {2}Register +lines +200 +\d+ ms {2}registered line-a/);
    expect(printed.join("\n")).to.match(/List +lines +200 +\d+ ms/);
    expect(printed.join("\n")).to.not.contain(KEY.accessKeySecret);
    const log = JSON.parse((await control(["requests"])).stdout) as Array<{ at: string; connectors?: string[] }>;
    expect(log.some((r) => r.connectors?.join() === "line-a" && /^\d{4}-\d\d-\d\dT/.test(r.at))).to.equal(true);
  });

  it("records an account user ID as creator, never the AccessKey ID", async () => {
    const [c] = await client().list({ workspaceId: "ws", namespaceName: "lines" });
    expect(c.creator).to.match(/^2\d{15}$/);
    expect(JSON.stringify(await client().list({ workspaceId: "ws", namespaceName: "lines" }))).to.not.contain(KEY.accessKeyId);
  });

  it("refuses a control command without the emulator's token", async () => {
    const r = await run(["emulator", "connectors", "--workspace", "ws", "--namespace", "team", "--url", url, "--token", "wrong"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/x-emulator-token/);
  });

  it("keeps connectors across a restart with --state", async () => {
    await stopEmulatorProcess();
    await startEmulatorProcess();
    expect((await client().list(ref)).map((c) => c.name)).to.deep.equal(["from-console"]);
  });

  it("adopt prints one FlinkConnector per connector, with adoptExisting and a jarUrl placeholder, that type-checks", async () => {
    await client().register(ref, "oss://b/kafka-2-sink-1.0.jar");
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.accessKeySecret, HOME: dir };
    const out = join(dir, "adopted.ts");
    const r = await run(["adopt", "--workspace", "ws", "--namespace", "team", "--endpoint", url, "--out", out], env);
    expect(r.code, r.stderr).to.equal(0);
    const program = readFileSync(out, "utf8");
    expect(program.match(/new FlinkConnector\(/g)).to.have.length(2);
    expect(program).to.contain('export const fromConsole = new FlinkConnector("from-console"');
    expect(program).to.contain('export const kafka2Sink = new FlinkConnector("kafka-2-sink"');
    expect(program.match(/^ {2}adoptExisting: true,$/gm)).to.have.length(2);
    expect(program).to.contain('jarUrl: "REPLACE-ME: the JAR kafka-2-sink was registered from"');
    writeFileSync(
      join(dir, "tsconfig.adopt.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "commonjs",
          moduleResolution: "node",
          target: "ES2022",
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ["adopted.ts"],
      }),
    );
    await promisify(execFile)(
      process.execPath,
      [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.adopt.json")],
      { cwd: dir },
    );
  });

  it("adopt leaves out what --skip names and what a stack export says the stack manages", async () => {
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: KEY.accessKeySecret, HOME: dir };
    const exported = join(dir, "stack.json");
    writeFileSync(
      exported,
      JSON.stringify({
        version: 3,
        deployment: {
          resources: [
            {
              type: "pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector",
              outputs: { workspaceId: "ws", namespaceName: "team", connectorName: "from-console" },
            },
          ],
        },
      }),
    );
    const r = await run(
      ["adopt", "--workspace", "ws", "--namespace", "team", "--endpoint", url, "--stack-export", exported, "--skip", "nothing-here"],
      env,
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.not.contain('"from-console"');
    expect(r.stdout).to.contain('new FlinkConnector("kafka-2-sink"');
    const skipped = await run(
      ["adopt", "--workspace", "ws", "--namespace", "team", "--endpoint", url, "--skip", "kafka-2-sink,from-console"],
      env,
    );
    expect(skipped.stdout).to.not.match(/new FlinkConnector\(/);
  });

  it("adopt without credentials says where it looks, in order, without the credential chain's noise", async () => {
    const r = await run(["adopt", "--workspace", "ws", "--namespace", "team", "--endpoint", url], {
      HOME: dir,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
    });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(
      /found no Alibaba Cloud credentials\.\nCredentials, in the order they are looked for \(adopt reads no stack config\)/,
    );
    expect(r.stderr).to.match(/instance-metadata address/);
    expect(r.stderr).to.not.match(/enviroment|ENOTFOUND|alicloud:accessKey/);
  });

  it("adopt fails with a clear message, and a non-zero exit, when the listing fails", async () => {
    const r = await run(["adopt", "--workspace", "ws", "--namespace", "team", "--endpoint", url], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: KEY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "not-the-secret",
      HOME: dir,
    });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/ListCustomConnectors failed.*SignatureDoesNotMatch/);
    expect(r.stderr).to.not.contain("not-the-secret");
  });

  it("keeps alicloud-flink-emulator as a name for 'alicloud-flink emulator start'", async () => {
    const legacy = join(dir, "node_modules", "pulumi-alicloud-flink", "dist", "lib", "emulator", "cli.js");
    const { stdout } = await promisify(execFile)(process.execPath, [legacy, "--help"], { encoding: "utf8" });
    expect(stdout).to.match(/alicloud-flink emulator \[start\]/);
  });
});
