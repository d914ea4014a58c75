/**
 * `npm run bench`: API calls and wall time of the service against the local emulator.
 * Reports, does not assert: tests assert call counts, this shows cost.
 */
import { performance } from "node:perf_hooks";
import { startEmulator } from "../lib/emulator/server";
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
    await s.register({ ...ref, jarUrl: "oss://b/acme-sink-1.0.jar" });
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
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.register({ ...ref, jarUrl: `oss://b/conn${i}-1.0.jar` })));
  });
  await scenario("register through 3 throttled answers", async (s, emu) => {
    emu.faults.throttle(3, "RegisterCustomConnector");
    await s.register({ ...ref, jarUrl: "oss://b/acme-sink-1.0.jar" });
  });
  await scenario("register whose answer is dropped (adopted)", async (s, emu) => {
    emu.faults.add({ kind: "drop-after-commit", action: "RegisterCustomConnector" });
    await s.register({ ...ref, jarUrl: "oss://b/acme-sink-1.0.jar" });
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
