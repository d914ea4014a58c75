/**
 * `npm run bench`: API calls and wall time of `pulumi` commands, measured through the real
 * dynamic-provider host as the engine runs it: the packed package, a new host per command, N
 * steps at once (10 is Terraform's default parallelism, 100 is `pulumi up --parallel 100`; the CLI
 * defaults to 4 per CPU), against the emulator with latency, and against an emulator that
 * throttles the account; `-- speed` and `-- memory` run the rows of bench/speed.ts alone.
 * Reports; does not assert (the engine tests assert call counts).
 */
import { join } from "node:path";
import { startEmulator, type Emulator } from "../lib/emulator/server";
import { prepareConsumer } from "../tests/support/consumer";
import type { CommandStep, ResourceState } from "../tests/support/engine";
import { benchInputs } from "./inputs";
import { memoryRow, speedRows, speedTable, timedCommand } from "./speed";
import { uploadRow } from "./upload";
import { parseCommand } from "../lib/cli/args";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);

interface Row {
  readonly step: string;
  readonly parallel: number;
  readonly connectors: number;
  readonly register: number;
  readonly list: number;
  readonly delete: number;
  readonly throttled: number;
  readonly failed: number;
  readonly ms: number;
}

/** One row of the table: the calls the emulator saw for the command just run. */
function row(emu: Emulator, step: string, parallel: number, connectors: number, r: { failed: number; ms: number }): Row {
  return {
    step,
    parallel,
    connectors,
    register: emu.calls("RegisterCustomConnector"),
    list: emu.calls("ListCustomConnectors"),
    delete: emu.calls("DeleteCustomConnector"),
    throttled: emu.requests.filter((x) => x.code === "Throttling.User").length,
    failed: r.failed,
    ms: r.ms,
  };
}

async function main(): Promise<void> {
  const dir = prepareConsumer("bench");
  const inputs = await benchInputs(dir);
  const rows: Row[] = [];

  const command = (emu: Emulator, state: Map<string, ResourceState>, steps: CommandStep[], parallel: number) =>
    timedCommand(dir, emu, state, steps, parallel);

  /** Runs the lifecycle of `n` connectors, one command per step, and records each. */
  async function lifecycle(n: number, parallel: number): Promise<void> {
    const emu = await startEmulator({ latencyMs: LATENCY_MS });
    const state = new Map<string, ResourceState>();
    const ids = Array.from({ length: n }, (_, i) => i);
    const record = async (step: string, steps: CommandStep[]): Promise<void> => {
      rows.push(row(emu, step, parallel, n, await command(emu, state, steps, parallel)));
    };
    await record(
      "create",
      ids.map((i) => ({ kind: "up", name: `c${i}`, inputs: inputs(i, 1) })),
    );
    await record(
      "update (JAR change)",
      ids.map((i) => ({ kind: "up", name: `c${i}`, inputs: inputs(i, 2) })),
    );
    await record(
      "refresh",
      ids.map((i) => ({ kind: "refresh", name: `c${i}` })),
    );
    await record(
      "delete",
      ids.map((i) => ({ kind: "destroy", name: `c${i}` })),
    );
    await emu.close();
  }

  /** `n` creates against an account throttled at `qps` requests per second. */
  async function throttled(n: number, parallel: number, qps: number): Promise<void> {
    const emu = await startEmulator({ latencyMs: LATENCY_MS, qps });
    const state = new Map<string, ResourceState>();
    const r = await command(
      emu,
      state,
      Array.from({ length: n }, (_, i) => ({ kind: "up" as const, name: `c${i}`, inputs: inputs(i, 1) })),
      parallel,
    );
    rows.push(row(emu, `create, account limited to ${qps}/s`, parallel, n, r));
    await emu.close();
  }

  // `npm run bench -- speed` or `-- memory` runs those rows alone.
  const only = parseCommand(process.argv.slice(2), {}, "Usage: npm run bench [-- calls|speed|memory|upload...]", true).positionals;
  const wants = (part: string): boolean => only.length === 0 || only.includes(part);
  if (wants("calls")) {
    await lifecycle(1, 10);
    await lifecycle(20, 10);
    await lifecycle(20, 100);
    await throttled(100, 10, 10);
    await throttled(100, 100, 10);
  }
  const speed = wants("speed") ? await speedRows(dir, inputs, (l) => console.error(l)) : [];
  const memory = wants("memory") ? [await memoryRow(dir, inputs), await memoryRow(dir, inputs, true)] : [];
  const upload = wants("upload") ? await uploadRow(join(__dirname, "..", "..")) : undefined;
  if (upload)
    console.log(
      `Upload of the largest real JAR, ${upload.jar} (${(upload.bytes / 1048576).toFixed(1)} MiB), through the emulator: ` +
        `check's read (file, SHA-256, JAR report) ${upload.checkMs.toFixed(0)} ms; GetPreSignedUrlForPutObject + PUT ` +
        `${upload.uploadMs.toFixed(0)} ms, ${upload.puts} PUT; peak RSS ${upload.peakMiB.toFixed(0)} MiB (${upload.baseMiB.toFixed(0)} MiB at start).\n`,
    );
  else if (only.includes("upload"))
    console.log("No real JAR cached under .tmp/real-jars (npm run test:jars fetches them), and no BENCH_JAR.");

  if (speed.length) {
    console.log(
      "Speed: 100 connectors at once, a new host per command, every answer (throttling too) after the latency; pacing off = alicloud-flink:initialRequestsPerSecond 100000.\n",
    );
    console.log("| latency | account | command | pacing | calls | throttled answers | failed | wall |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of speed) {
      console.log(
        `| ${r.latencyMs} ms | ${r.qps ? `limited to ${r.qps}/s` : "unthrottled"} | ${r.command} | ${r.pacing} | ${r.calls} | ${r.throttled} | ${r.failed} | ${(r.ms / 1000).toFixed(2)} s |`,
      );
    }
    console.log("\nIdeal = accepted calls / quota; unpaced = the same command with pacing off.\n");
    for (const line of speedTable(speed)) console.log(line);
    console.log("");
  }
  for (const m of memory) {
    console.log(
      `Memory${m.collect ? " (a full GC every 2 s)" : ""}: one provider host, ${m.ops} create and delete operations, 20 at once, ${m.failed} failed: RSS ${m.beforeMiB.toFixed(0)} MiB before, ` +
        `${m.afterMiB.toFixed(0)} MiB right after (peak ${m.peakMiB.toFixed(0)} MiB), ${m.settledMiB.toFixed(0)} MiB after 15 s idle; ${(m.ms / 1000).toFixed(0)} s.`,
    );
  }
  if (!wants("calls")) return;
  console.log(`Through the real provider host, a new host per command, emulator latency ${LATENCY_MS} ms (BENCH_LATENCY_MS).`);
  console.log("R = Register, L = List, D = Delete; calls per connector = all calls / connectors.\n");
  console.log("| step | connectors | at once | R | L | D | calls per connector | throttled answers | failed | wall |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const calls = r.register + r.list + r.delete;
    console.log(
      `| ${r.step} | ${r.connectors} | ${r.parallel} | ${r.register} | ${r.list} | ${r.delete} | ${(calls / r.connectors).toFixed(2)} | ${r.throttled} | ${r.failed} | ${(r.ms / 1000).toFixed(2)} s |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
