/**
 * The speed and memory rows of `npm run bench`. Speed: a latency sweep (30, 100 and 300 ms, every
 * answer and every throttling answer alike), 100 connectors created at once on an unthrottled
 * account and on one limited to 10 requests per second, a new host per command: the first command
 * on an account the limiter has never seen, then a second command on the same account, with the
 * default pacing and with pacing off. Memory: one provider host serving 24,000 create and delete
 * operations, 20 at once, with its memory before and after.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator, type Emulator } from "../lib/emulator/server";
import { EngineDriver, runCommand, type CommandStep, type ResourceState } from "../tests/support/engine";

export interface SpeedRow {
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

const PACING_OFF = { "alicloud-flink:initialRequestsPerSecond": "100000" };
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
    config: { "alicloud:accessKey": emu.credentials.accessKeyId, "alicloud:secretKey": emu.credentials.accessKeySecret, "alicloud-flink:endpoint": emu.url, ...extra },
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

/** The sweep: per latency, account and pacing, a first create of 100, a second create of 100 and (unthrottled) a delete of 100, each a new host. */
export async function speedRows(dir: string, inputs: (i: number, version: number) => Record<string, unknown>, log: (line: string) => void): Promise<SpeedRow[]> {
  const rows: SpeedRow[] = [];
  const latencies = (process.env.BENCH_SWEEP_MS ?? "30,100,300").split(",").map(Number);
  for (const latencyMs of latencies) {
    for (const qps of [undefined, 10]) {
      for (const [pacing, extra] of [
        ["default", {}],
        ["off", PACING_OFF],
      ] as const) {
        if (qps && pacing === "off") continue; // measured against the quota's ideal instead
        // A new emulator is a new account (its own generated AccessKey), and a new memory file:
        // the first command meets an account the limiter has never seen.
        const emu = await startEmulator({ latencyMs, ...(qps ? { qps } : {}) });
        const env = { ALICLOUD_FLINK_RATE_CACHE: join(mkdtempSync(join(dir, ".rates-")), "rates.json") };
        const state = new Map<string, ResourceState>();
        const record = async (command: SpeedRow["command"], steps: CommandStep[]): Promise<void> => {
          const r = await timedCommand(dir, emu, state, steps, N, extra, env);
          const throttled = emu.requests.filter((x) => x.code === "Throttling.User").length;
          const row: SpeedRow = { latencyMs, qps, command, pacing, calls: emu.requests.length, throttled, failed: r.failed, ms: r.ms };
          rows.push(row);
          log(`  ${latencyMs} ms, ${qps ? `${qps}/s` : "unthrottled"}, ${command}, pacing ${pacing}: ${(r.ms / 1000).toFixed(2)} s, ${row.calls} calls, ${throttled} throttled, ${r.failed} failed`);
        };
        const creates = (prefix: string): CommandStep[] => Array.from({ length: N }, (_, i) => ({ kind: "up" as const, name: `${prefix}${i}`, inputs: inputs(i + (prefix === "a" ? 0 : N), 1) }));
        await record("first create", creates("a"));
        await record("second create", creates("b"));
        if (!qps) await record("delete", Array.from({ length: N }, (_, i) => ({ kind: "destroy" as const, name: `a${i}` })));
        await emu.close();
      }
    }
  }
  return rows;
}

/** The sweep as the issue's table: throttled time against the quota's ideal (accepted calls / quota), unthrottled time against pacing off. */
export function speedTable(rows: readonly SpeedRow[]): string[] {
  const find = (l: number, qps: number | undefined, command: SpeedRow["command"], pacing: SpeedRow["pacing"]) =>
    rows.find((r) => r.latencyMs === l && r.qps === qps && r.command === command && r.pacing === pacing);
  const ratio = (a: SpeedRow | undefined, b: number | undefined): string => (a && b ? `${(a.ms / b).toFixed(2)}x` : "-");
  const ideal = (r: SpeedRow | undefined): number | undefined => (r && r.qps ? ((r.calls - r.throttled) / r.qps) * 1000 : undefined);
  const out = [
    "| latency | throttled 10/s, first command: time vs ideal | throttled answers | second command: vs ideal | throttled answers | unthrottled creates vs unpaced: first | second | unthrottled deletes vs unpaced | failed |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const l of [...new Set(rows.map((r) => r.latencyMs))]) {
    const t1 = find(l, 10, "first create", "default");
    const t2 = find(l, 10, "second create", "default");
    const off = (c: SpeedRow["command"]) => find(l, undefined, c, "off")?.ms;
    const failed = rows.filter((r) => r.latencyMs === l).reduce((n, r) => n + r.failed, 0);
    out.push(
      `| ${l} ms | ${ratio(t1, ideal(t1))} | ${t1?.throttled ?? "-"} | ${ratio(t2, ideal(t2))} | ${t2?.throttled ?? "-"} | ` +
        `${ratio(find(l, undefined, "first create", "default"), off("first create"))} | ${ratio(find(l, undefined, "second create", "default"), off("second create"))} | ` +
        `${ratio(find(l, undefined, "delete", "default"), off("delete"))} | ${failed} |`,
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
): Promise<{ ops: number; collect: boolean; beforeMiB: number; afterMiB: number; settledMiB: number; peakMiB: number; ms: number }> {
  const emu = await startEmulator();
  const engine = new EngineDriver(dir, "bench", new Map(), {}, collect ? ["--expose-gc", "--require", join(__dirname, "gc-preload.js")] : []);
  await engine.start();
  try {
    await engine.configure({ "alicloud:accessKey": emu.credentials.accessKeyId, "alicloud:secretKey": emu.credentials.accessKeySecret, "alicloud-flink:endpoint": emu.url });
    const pid = engine.pid!;
    // Warm up, so that "before" is a host that has loaded everything.
    await engine.up("warm", inputs(100_000, 1));
    await engine.destroy("warm");
    const beforeMiB = rssMiB(pid);
    let peakMiB = beforeMiB;
    const t0 = performance.now();
    const perWorker = Math.ceil(ops / 2 / parallel);
    await Promise.all(
      Array.from({ length: parallel }, async (_, w) => {
        for (let k = 0; k < perWorker; k++) {
          const name = `m${w}`;
          await engine.up(name, inputs(w, 1));
          await engine.destroy(name);
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
    return { ops: perWorker * parallel * 2, collect, beforeMiB, afterMiB, settledMiB: rssMiB(pid), peakMiB: Math.max(peakMiB, afterMiB), ms };
  } finally {
    await engine.stop();
    await emu.close();
  }
}
