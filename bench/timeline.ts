/**
 * `node dist/bench/timeline.js LATENCY_MS [QPS] [off]`: one command of 100 creates at once against
 * an emulator answering in LATENCY_MS (throttling too) and limited to QPS (0: unthrottled), with
 * pacing off when `off` is given, then every request's arrival (ms from the first) and answer, a
 * line each: where the throttled answers fall.
 */
import { choiceOf, numberOf, parseCommand } from "../lib/cli/args";
import { startEmulator } from "../lib/emulator/server";
import { prepareConsumer } from "../tests/support/consumer";
import type { ResourceState } from "../tests/support/engine";
import { benchInputs, PACING_OFF } from "./inputs";
import { timedCommand } from "./speed";

async function main(): Promise<void> {
  const usage = "Usage: node dist/bench/timeline.js LATENCY_MS [QPS] [off]";
  const [latency, q, off] = parseCommand(process.argv.slice(2), {}, usage, true).positionals;
  const latencyMs = numberOf("LATENCY_MS", latency ?? "300", 0, usage)!;
  const qps = numberOf("QPS", q ?? "0", 0, usage) || undefined;
  const pacing = choiceOf("pacing", off, ["off"] as const, usage) ? PACING_OFF : {};
  const dir = prepareConsumer("bench");
  const inputs = await benchInputs(dir);
  const emu = await startEmulator({ latencyMs, ...(qps ? { qps } : {}) });
  const steps = Array.from({ length: 100 }, (_, i) => ({ kind: "up" as const, name: `c${i}`, inputs: inputs(i, 1) }));
  const r = await timedCommand(dir, emu, new Map<string, ResourceState>(), steps, 100, pacing, { ALICLOUD_FLINK_RATE_CACHE: "off" });
  const t0 = Math.min(...emu.requests.map((x) => Date.parse(x.at)));
  for (const x of [...emu.requests].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    console.log(`${String(Date.parse(x.at) - t0).padStart(6)} ms ${x.action ?? "-"} ${x.status} ${x.code ?? ""}`);
  }
  console.log(
    `${(r.ms / 1000).toFixed(2)} s, ${emu.requests.length} calls, ${emu.requests.filter((x) => x.code === "Throttling.User").length} throttled, ${r.failed} failed`,
  );
  await emu.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
