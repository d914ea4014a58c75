/**
 * The speed and memory rows of `npm run bench`: 100 connectors created and deleted all at once,
 * and 10 at once, against a service answering in 300 ms, unthrottled and throttled at 10 requests
 * per second, with the default pacing and with pacing off; and one provider host serving 24,000
 * create and delete operations, 20 at once, with its memory before and after.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulator, type Emulator } from "../lib/emulator/server";
import { EngineDriver, runCommand, type CommandStep, type ResourceState } from "../tests/support/engine";

export interface SpeedRow {
  readonly step: string;
  readonly pacing: string;
  readonly parallel: number;
  readonly connectors: number;
  readonly calls: number;
  readonly throttled: number;
  readonly failed: number;
  readonly ms: number;
}

const PACING_OFF = { "alicloud-flink:initialRequestsPerSecond": "100000" };

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
    beforeSteps: () => {
      emu.clearRequests();
      t0 = performance.now();
    },
  });
  return { failed: outcomes.filter((o) => o.error).length, ms: performance.now() - t0 };
}

export async function speedRows(dir: string, inputs: (i: number, version: number) => Record<string, unknown>, log: (line: string) => void): Promise<SpeedRow[]> {
  const rows: SpeedRow[] = [];
  const run = (emu: Emulator, state: Map<string, ResourceState>, steps: CommandStep[], parallel: number, extra: Record<string, string>) => timedCommand(dir, emu, state, steps, parallel, extra);
  for (const qps of [undefined, 10]) {
    for (const parallel of [100, 10]) {
      for (const [pacing, extra] of [
        ["default", {}],
        ["off", PACING_OFF],
      ] as const) {
        const emu = await startEmulator({ latencyMs: 300, ...(qps ? { qps } : {}) });
        const state = new Map<string, ResourceState>();
        const n = 100;
        const record = async (step: string, steps: CommandStep[]): Promise<void> => {
          const r = await run(emu, state, steps, parallel, extra);
          const row = { step: `${step}${qps ? `, account limited to ${qps}/s` : ", unthrottled"}`, pacing, parallel, connectors: n, calls: emu.requests.length, throttled: emu.requests.filter((x) => x.code === "Throttling.User").length, failed: r.failed, ms: r.ms };
          rows.push(row);
          log(`  ${row.step} (${parallel} at once, pacing ${pacing}): ${(row.ms / 1000).toFixed(2)} s, ${row.throttled} throttled, ${row.failed} failed`);
        };
        await record("create 100", Array.from({ length: n }, (_, i) => ({ kind: "up" as const, name: `c${i}`, inputs: inputs(i, 1) })));
        if (!qps) await record("delete 100", Array.from({ length: n }, (_, i) => ({ kind: "destroy" as const, name: `c${i}` })));
        await emu.close();
      }
    }
  }
  return rows;
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
