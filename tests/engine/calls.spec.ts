import { expect } from "chai";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { captureProgram, prepareConsumer } from "../support/consumer";
import { runCommand, type CommandStep, type ResourceState } from "../support/engine";

/**
 * API calls of concurrent commands through the real provider host, a new host per command, as
 * the engine runs them: counts, never durations.
 */
describe("API calls of a fleet of connectors, through the real provider host", function () {
  this.timeout(120_000);
  const WORKSPACE = "calls-ws";
  const N = 20;
  let emu: Emulator;
  let dir: string;
  let provider: string;
  const state = new Map<string, ResourceState>();

  before(async () => {
    emu = await startEmulator({ latencyMs: 20 });
    dir = prepareConsumer();
    const [captured] = await captureProgram(
      dir,
      `return [new flink.FlinkConnector("probe", { workspaceId: "${WORKSPACE}", namespaceName: "fleet", connectorName: "probe", jarUrl: "oss://b/probe-1.0.jar" })];`,
    );
    provider = String(captured.inputs.__provider);
  });
  after(() => emu?.close());

  const inputs = (i: number, version: number): Record<string, unknown> => ({
    workspaceId: WORKSPACE,
    namespaceName: "fleet",
    connectorName: `conn-${i}`,
    jarUrl: `oss://b/conn-${i}-${version}.0.jar`,
    adoptExisting: false,
    contentVersion: "",
    __provider: provider,
  });
  const all = (make: (i: number) => CommandStep): CommandStep[] => Array.from({ length: N }, (_, i) => make(i));

  /** Runs one command, 10 steps at once (Terraform's default), and returns its calls. */
  async function command(steps: CommandStep[]): Promise<{ register: number; list: number; delete: number; failed: number }> {
    const config = {
      "alicloud:accessKey": emu.credentials.accessKeyId,
      "alicloud:secretKey": emu.credentials.accessKeySecret,
      "alicloud-flink:endpoint": emu.url,
    };
    const { outcomes } = await runCommand({
      cwd: dir,
      project: "flink-consumer",
      state,
      config,
      steps,
      parallel: 10,
      beforeSteps: () => emu.clearRequests(),
    });
    return {
      register: emu.calls("RegisterCustomConnector"),
      list: emu.calls("ListCustomConnectors"),
      delete: emu.calls("DeleteCustomConnector"),
      failed: outcomes.filter((o) => o.error).length,
    };
  }

  it("creates 20 connectors in one namespace with 20 Register calls and one shared takeover List", async () => {
    expect(await command(all((i) => ({ kind: "up", name: `c${i}`, inputs: inputs(i, 1) })))).to.deep.equal({
      register: 20,
      list: 1,
      delete: 0,
      failed: 0,
    });
    expect(emu.connectors(WORKSPACE, "fleet")).to.have.length(N);
  });

  it("updates 20 connectors' JARs with exactly one Delete and one Register each", async () => {
    expect(await command(all((i) => ({ kind: "up", name: `c${i}`, inputs: inputs(i, 2) })))).to.deep.equal({
      register: 20,
      list: 0,
      delete: 20,
      failed: 0,
    });
    expect(emu.jarOf(WORKSPACE, "fleet", "conn-7")).to.equal("oss://b/conn-7-2.0.jar");
  });

  it("refreshes 20 connectors with at most two List calls", async () => {
    const calls = await command(all((i) => ({ kind: "refresh", name: `c${i}` })));
    expect(calls).to.deep.include({ register: 0, delete: 0, failed: 0 });
    expect(calls.list).to.be.within(1, 2);
  });

  it("deletes 20 connectors with exactly one Delete each", async () => {
    expect(await command(all((i) => ({ kind: "destroy", name: `c${i}` })))).to.deep.equal({ register: 0, list: 0, delete: 20, failed: 0 });
    expect(emu.connectors(WORKSPACE, "fleet")).to.deep.equal([]);
  });
});
