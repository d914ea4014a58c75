/**
 * `npm run bench`: API calls and wall time of the service against the local emulator.
 * Reports, does not assert: tests assert call counts, this shows cost.
 */
import { performance } from "node:perf_hooks";
import { startEmulator, type Emulator } from "../lib/emulator/server";
import { FlinkConnectorProvider } from "../lib/provider/provider";
import { FlinkConnectorService } from "../lib/service/connector-service";

const ref = { workspaceId: "bench-ws", namespaceName: "bench-ns" };

async function scenario(name: string, body: (svc: FlinkConnectorService, emu: Awaited<ReturnType<typeof startEmulator>>) => Promise<void>): Promise<void> {
  const emu = await startEmulator();
  const svc = new FlinkConnectorService({
    endpoint: emu.url,
    credentials: emu.credentials,
    env: {},
    retry: { minDelayMs: 50, maxDelayMs: 400 },
    waits: { intervalMs: 50 },
  });
  const t0 = performance.now();
  await body(svc, emu);
  const ms = performance.now() - t0;
  const calls = svc.apiCalls;
  console.log(
    `${name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms   Register ${calls.RegisterCustomConnector}  List ${calls.ListCustomConnectors}  Delete ${calls.DeleteCustomConnector}`,
  );
  await emu.close();
}

async function main(): Promise<void> {
  console.log("scenario".padEnd(52), "  wall      API calls (service-side)");
  await scenario("register one connector", async (s) => {
    await s.register({ ...ref, jarUrl: "oss://b/acme-sink-1.0.jar", expectedName: "acme-sink" });
  });
  await scenario("delete one connector", async (s, emu) => {
    emu.putConnector(ref.workspaceId, ref.namespaceName, { name: "acme-sink" });
    await s.delete({ ...ref, connectorName: "acme-sink" });
  });
  await scenario("50 concurrent gets, one namespace", async (s, emu) => {
    for (let i = 0; i < 50; i++) emu.putConnector(ref.workspaceId, ref.namespaceName, { name: `c${i}` });
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.get({ ...ref, connectorName: `c${i}` })));
  });
  await scenario("20 concurrent registers, one namespace", async (s) => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.register({ ...ref, jarUrl: `oss://b/conn${i}-1.0.jar`, expectedName: `conn${i}` })));
  });
  await scenario("register through 3 throttled answers", async (s, emu) => {
    emu.faults.throttle(3, "RegisterCustomConnector");
    await s.register({ ...ref, jarUrl: "oss://b/acme-sink-1.0.jar", expectedName: "acme-sink" });
  });
  await scenario("register whose answer is dropped (adopted)", async (s, emu) => {
    emu.faults.add({ kind: "drop-after-commit", action: "RegisterCustomConnector" });
    await s.register({ ...ref, jarUrl: "oss://b/acme-sink-1.0.jar", expectedName: "acme-sink" });
  });
}

/** Provider-level: what a stack of N connectors in one namespace costs per lifecycle step. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);

async function providerScenario(name: string, body: (p: FlinkConnectorProvider, emu: Emulator) => Promise<void>): Promise<void> {
  // A remote service answers in tens of milliseconds, not in one: that changes how much
  // concurrent callers can share, so provider scenarios run with latency.
  const emu = await startEmulator({ latencyMs: LATENCY_MS });
  const provider = new FlinkConnectorProvider({ env: () => ({}), log: () => undefined });
  const config: Record<string, string> = {
    "alicloud:accessKey": emu.credentials.accessKeyId,
    "alicloud:secretKey": emu.credentials.accessKeySecret,
    "alicloud-flink:endpoint": emu.url,
  };
  await provider.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } } as never);
  const t0 = performance.now();
  await body(provider, emu);
  const ms = performance.now() - t0;
  const n = (a: Parameters<Emulator["calls"]>[0]) => emu.calls(a);
  console.log(
    `${name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms   Register ${n("RegisterCustomConnector")}  List ${n("ListCustomConnectors")}  Delete ${n("DeleteCustomConnector")}   (emulator-side)`,
  );
  await emu.close();
}

async function providerBenches(): Promise<void> {
  console.log(`\nprovider scenarios, emulator latency ${LATENCY_MS} ms per request (BENCH_LATENCY_MS)`);
  const inputs = (i: number) => ({ ...ref, connectorName: `conn${i}`, jarUrl: `oss://b/conn${i}-1.0.jar`, adoptExisting: false, contentVersion: "" });
  const id = (i: number) => `${ref.workspaceId}:${ref.namespaceName}:conn${i}`;
  await providerScenario("provider: create 20 connectors concurrently", async (p) => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => p.create(inputs(i))));
  });
  await providerScenario("provider: refresh 50 connectors concurrently", async (p, emu) => {
    for (let i = 0; i < 50; i++) emu.putConnector(ref.workspaceId, ref.namespaceName, { name: `conn${i}` });
    await Promise.all(Array.from({ length: 50 }, (_, i) => p.read(id(i), inputs(i))));
  });
  await providerScenario("provider: update one connector's JAR", async (p, emu) => {
    emu.putConnector(ref.workspaceId, ref.namespaceName, { name: "conn1" });
    await p.update(id(1), inputs(1), { ...inputs(1), jarUrl: "oss://b/conn1-2.0.jar" });
  });
  await providerScenario("provider: destroy 20 connectors concurrently", async (p, emu) => {
    for (let i = 0; i < 20; i++) emu.putConnector(ref.workspaceId, ref.namespaceName, { name: `conn${i}` });
    await Promise.all(Array.from({ length: 20 }, (_, i) => p.delete(id(i), inputs(i))));
  });
}

main()
  .then(providerBenches)
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
