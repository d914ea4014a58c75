/**
 * The speed and memory rows of `npm run bench`. Speed: a latency sweep (30, 100 and 300 ms, every
 * answer and every throttling answer alike), 100 connectors created at once on an unthrottled
 * account and on one limited to 10 requests per second, a new host per command: the first command
 * on an account the limiter has never seen, then a second command on the same account, with the
 * default pacing and with pacing off. Memory: one provider host serving 24,000 create and delete
 * operations, 20 at once, with its memory before and after. BENCH_SWEEP_MS and BENCH_SWEEP_ACCOUNTS
 * (`unthrottled,10`) narrow the sweep; BENCH_RUNS (3) runs each scenario that many times, each
 * on a new account, and the table shows the median of each figure and its range.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator, type Emulator } from "../lib/emulator/server";
import { PACING_OFF } from "./inputs";
import { EngineDriver, runCommand, type CommandStep, type ResourceState } from "../tests/support/engine";

export interface SpeedRow {
  readonly run: number;
  readonly latencyMs: number;
  /** The account's quota in requests per second; undefined when unthrottled. */
  readonly qps: number | undefined;
  readonly command: "first create" | "second create" | "delete";
  readonly pacing: "default" | "off";
  readonly calls: number;
  readonly throttled: number;
  readonly failed: number;
  readonly ms: number;
}

const N = 100;

/** RSS of a process, in MiB, from /proc. */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** One `pulumi` command, timed from its first step: a new host, `steps` run `parallel` at a time, state carried over. */
export async function timedCommand(
  dir: string,
  emu: Emulator,
  state: Map<string, ResourceState>,
  steps: CommandStep[],
  parallel: number,
  extra: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<{ failed: number; ms: number }> {
  let t0 = 0;
  const { outcomes } = await runCommand({
    cwd: dir,
    project: "bench",
    state,
    config: {
      "alicloud:accessKey": emu.credentials.accessKeyId,
      "alicloud:secretKey": emu.credentials.accessKeySecret,
      "alicloud-flink:endpoint": emu.url,
      ...extra,
    },
    secretKeys: ["alicloud:secretKey"],
    steps,
    parallel,
    env,
    beforeSteps: () => {
      emu.clearRequests();
      t0 = performance.now();
    },
  });
  return { failed: outcomes.filter((o) => o.error).length, ms: performance.now() - t0 };
}

/** The sweep: per run, latency, account and pacing, a first create of 100, a second create of 100 and (unthrottled) a delete of 100, each a new host. */
export async function speedRows(
  dir: string,
  inputs: (i: number, version: number) => Record<string, unknown>,
  log: (line: string) => void,
): Promise<SpeedRow[]> {
  const rows: SpeedRow[] = [];
  const latencies = (process.env.BENCH_SWEEP_MS ?? "30,100,300").split(",").map(Number);
  const accounts = (process.env.BENCH_SWEEP_ACCOUNTS ?? "unthrottled,10")
    .split(",")
    .map((a) => (a === "unthrottled" ? undefined : Number(a)));
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const scenarios = latencies.flatMap((latencyMs) =>
    accounts.flatMap((qps) =>
      qps ? [{ latencyMs, qps, pacing: "default" as const }] : (["default", "off"] as const).map((pacing) => ({ latencyMs, qps, pacing })),
    ),
  );
  for (let run = 0; run < runs; run++) {
    for (const { latencyMs, qps, pacing } of scenarios) {
      // A new emulator is a new account (its own generated AccessKey), and a new memory file:
      // the first command meets an account the limiter has never seen.
      const emu = await startEmulator({ latencyMs, ...(qps ? { qps } : {}) });
      const env = { ALICLOUD_FLINK_RATE_CACHE: join(mkdtempSync(join(dir, ".rates-")), "rates.json") };
      const extra = pacing === "off" ? PACING_OFF : {};
      const state = new Map<string, ResourceState>();
      const record = async (command: SpeedRow["command"], steps: CommandStep[]): Promise<void> => {
        const r = await timedCommand(dir, emu, state, steps, N, extra, env);
        const throttled = emu.requests.filter((x) => x.code === "Throttling.User").length;
        const row: SpeedRow = { run, latencyMs, qps, command, pacing, calls: emu.requests.length, throttled, failed: r.failed, ms: r.ms };
        rows.push(row);
        const account = qps ? `${qps}/s` : "unthrottled";
        log(
          `  run ${run + 1}, ${latencyMs} ms, ${account}, ${command}, pacing ${pacing}: ${(r.ms / 1000).toFixed(2)} s, ${row.calls} calls, ${throttled} throttled, ${r.failed} failed`,
        );
      };
      const creates = (prefix: string, from: number): CommandStep[] =>
        Array.from({ length: N }, (_, i) => ({ kind: "up" as const, name: `${prefix}${i}`, inputs: inputs(from + i, 1) }));
      await record("first create", creates("a", 0));
      await record("second create", creates("b", N));
      if (!qps)
        await record(
          "delete",
          Array.from({ length: N }, (_, i) => ({ kind: "destroy" as const, name: `a${i}` })),
        );
      await emu.close();
    }
  }
  return rows;
}

/**
 * The sweep as one line per latency: throttled, time against the quota's ideal (accepted calls /
 * quota) and the throttled answers; unthrottled, time against the same command with pacing off
 * in the same run. Each cell: the median over the runs, and the range when there were several.
 */
export function speedTable(rows: readonly SpeedRow[]): string[] {
  type Command = SpeedRow["command"];
  const of = (l: number, qps: number | undefined, command: Command, pacing: SpeedRow["pacing"]) =>
    rows.filter((r) => r.latencyMs === l && r.qps === qps && r.command === command && r.pacing === pacing);
  const cell = (values: number[], unit: string, digits: number): string => {
    if (values.length === 0) return "-";
    const v = [...values].sort((a, b) => a - b);
    const median = v[Math.floor((v.length - 1) / 2)];
    const range = v.length > 1 ? ` (${v[0].toFixed(digits)}–${v[v.length - 1].toFixed(digits)})` : "";
    return `${median.toFixed(digits)}${unit}${range}`;
  };
  const vsIdeal = (rs: SpeedRow[]) => rs.map((r) => r.ms / (((r.calls - r.throttled) / r.qps!) * 1000));
  const vsUnpaced = (l: number, c: Command) =>
    of(l, undefined, c, "default").flatMap((r) =>
      of(l, undefined, c, "off")
        .filter((o) => o.run === r.run)
        .map((o) => r.ms / o.ms),
    );
  const out = [
    "| latency | throttled 10/s, first command: time vs ideal | throttled answers | second command: vs ideal | throttled answers | " +
      "unthrottled creates vs unpaced: first command | second command | unthrottled deletes vs unpaced | failed |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const l of [...new Set(rows.map((r) => r.latencyMs))]) {
    const t1 = of(l, 10, "first create", "default");
    const t2 = of(l, 10, "second create", "default");
    const failed = rows.filter((r) => r.latencyMs === l).reduce((n, r) => n + r.failed, 0);
    out.push(
      `| ${l} ms | ${cell(vsIdeal(t1), "x", 2)} | ${cell(
        t1.map((r) => r.throttled),
        "",
        0,
      )} | ${cell(vsIdeal(t2), "x", 2)} | ` +
        `${cell(
          t2.map((r) => r.throttled),
          "",
          0,
        )} | ${cell(vsUnpaced(l, "first create"), "x", 2)} | ` +
        `${cell(vsUnpaced(l, "second create"), "x", 2)} | ${cell(vsUnpaced(l, "delete"), "x", 2)} | ${failed} |`,
    );
  }
  return out;
}

/**
 * One host, `ops` creates and deletes, `parallel` at once; its RSS before, right after, and after
 * 15 s idle. With `collect`, the host runs with a full garbage collection every two seconds
 * (bench instrumentation: `--expose-gc` and a preloaded timer), which tells what the operations
 * kept from what V8 had simply not collected yet.
 */
export async function memoryRow(
  dir: string,
  inputs: (i: number, version: number) => Record<string, unknown>,
  collect = false,
  ops = Number(process.env.BENCH_MEMORY_OPS ?? 24_000),
  parallel = 20,
): Promise<{
  ops: number;
  collect: boolean;
  failed: number;
  beforeMiB: number;
  afterMiB: number;
  settledMiB: number;
  peakMiB: number;
  ms: number;
}> {
  const emu = await startEmulator();
  // BENCH_HOST_OLD_SPACE_MB caps the host's heap, to show what it needs (64 serves 40,000 operations).
  const cap = process.env.BENCH_HOST_OLD_SPACE_MB ? [`--max-old-space-size=${process.env.BENCH_HOST_OLD_SPACE_MB}`] : [];
  const engine = new EngineDriver(dir, "bench", new Map(), {}, [
    ...cap,
    ...(collect ? ["--expose-gc", "--require", join(__dirname, "gc-preload.js")] : []),
  ]);
  await engine.start();
  try {
    await engine.configure({
      "alicloud:accessKey": emu.credentials.accessKeyId,
      "alicloud:secretKey": emu.credentials.accessKeySecret,
      "alicloud-flink:endpoint": emu.url,
    });
    const pid = engine.pid!;
    // Warm up, so that "before" is a host that has loaded everything.
    await engine.up("warm", inputs(100_000, 1));
    await engine.destroy("warm");
    const beforeMiB = rssMiB(pid);
    let peakMiB = beforeMiB;
    const t0 = performance.now();
    const perWorker = Math.ceil(ops / 2 / parallel);
    let failed = 0;
    await Promise.all(
      Array.from({ length: parallel }, async (_, w) => {
        for (let k = 0; k < perWorker; k++) {
          const name = `m${w}`;
          const report = await engine.up(name, inputs(w, 1));
          if (report.error || report.op === "check-failed") failed += 1;
          await engine.destroy(name).catch(() => (failed += 1));
          emu.clearRequests();
          engine.logs.length = 0;
          engine.returned.length = 0;
          if (k % 50 === 0) peakMiB = Math.max(peakMiB, rssMiB(pid));
        }
      }),
    );
    const ms = performance.now() - t0;
    const afterMiB = rssMiB(pid);
    // V8 gives memory back once the process is idle (its memory reducer runs after some seconds):
    // what is still held then is what the operations kept.
    await new Promise((r) => setTimeout(r, 15_000));
    return {
      ops: perWorker * parallel * 2,
      collect,
      failed,
      beforeMiB,
      afterMiB,
      settledMiB: rssMiB(pid),
      peakMiB: Math.max(peakMiB, afterMiB),
      ms,
    };
  } finally {
    await engine.stop();
    await emu.close();
  }
}
