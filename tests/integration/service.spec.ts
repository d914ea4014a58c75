import { expect } from "chai";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { FlinkConnectorService } from "../../lib/service/connector-service";
import { JAR, KEY_ID, NAMESPACE, SECRET, WORKSPACE, everyText } from "../support/fixtures";

const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };
const reg = { ...ref, jarUrl: JAR, expectedName: "acme-sink" };

describe("FlinkConnectorService -> client -> emulator", () => {
  let emu: Emulator;
  let service: FlinkConnectorService;
  const logs: string[] = [];

  beforeEach(async () => {
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }] });
    logs.length = 0;
    service = new FlinkConnectorService({
      endpoint: emu.url,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      env: {},
      timeouts: { readMs: 1500, registerReadMs: 1500 },
      retry: { minDelayMs: 5, maxDelayMs: 20 },
      waits: { intervalMs: 5, timeoutMs: 2000 },
      log: (m) => logs.push(m),
    });
  });
  afterEach(() => emu.close());

  it("registers, reads, lists and deletes a connector", async () => {
    const r = await service.register(reg);
    expect(r.connectors.map((c) => c.name)).to.deep.equal(["acme-sink"]);
    expect((await service.get({ ...ref, connectorName: "acme-sink" }))?.type).to.equal("acme-sink");
    expect(await service.delete({ ...ref, connectorName: "acme-sink" })).to.deep.include({ existed: true, tables: [], via: "answer" });
    expect(await service.get({ ...ref, connectorName: "acme-sink" })).to.equal(undefined);
    expect(emu.calls("RegisterCustomConnector")).to.equal(1);
    expect(emu.calls("DeleteCustomConnector")).to.equal(1);
  });

  it("retries through throttling", async () => {
    emu.faults.throttle(3, "RegisterCustomConnector");
    await service.register(reg);
    expect(emu.requests.filter((x) => x.action === "RegisterCustomConnector").map((x) => x.code ?? x.status)).to.deep.equal([
      "Throttling.User",
      "Throttling.User",
      "Throttling.User",
      200,
    ]);
    expect(logs.filter((l) => l.includes("Throttling.User"))).to.have.length(3);
  });

  it("gives up after maxAttempts in a throttling storm and says so", async () => {
    emu.faults.throttle(100);
    const e = await service.list(ref).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(FlinkApiError.isInstance(e) && e.kind).to.equal("throttling");
    expect(emu.calls("ListCustomConnectors")).to.equal(6);
  });

  it("adopts the connector when Register committed but its answer was dropped, registering only once", async () => {
    emu.faults.add({ kind: "drop-after-commit", action: "RegisterCustomConnector" });
    const r = await service.register(reg);
    expect(r.via).to.equal("list");
    expect(r.connectors.map((c) => c.name)).to.deep.equal(["acme-sink"]);
    expect(emu.calls("RegisterCustomConnector")).to.equal(1);
    expect(emu.connectors(WORKSPACE, NAMESPACE)).to.have.length(1);
  });

  it("adopts after a Register that timed out but was carried out by the service, sending it once", async () => {
    // The service carries it out after 0.9 s; the client gives up at 0.6 s and watches List.
    emu.faults.add({ kind: "delay", delayMs: 900, action: "RegisterCustomConnector" });
    const patient = new FlinkConnectorService({
      endpoint: emu.url,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      env: {},
      timeouts: { registerReadMs: 600 },
      retry: { minDelayMs: 5, jitter: false },
      waits: { intervalMs: 20 },
    });
    const r = await patient.register(reg);
    expect(r.via).to.equal("list");
    expect(emu.calls("RegisterCustomConnector")).to.equal(1);
    expect(emu.connectors(WORKSPACE, NAMESPACE).map((c) => c.name)).to.deep.equal(["acme-sink"]);
    expect(emu.requests.filter((x) => x.action === "RegisterCustomConnector" && x.status === 200)).to.have.length(0);
  });

  it("never registers twice when a timed-out Register is carried out while the retry runs", async () => {
    emu.faults.add({ kind: "delay", delayMs: 1700, action: "RegisterCustomConnector" });
    const r = await service.register(reg);
    expect(r.connectors.map((c) => c.name)).to.deep.equal(["acme-sink"]);
    // Wait for the late call to be carried out (the emulator logs it as dropped), then count.
    while (!emu.requests.some((x) => x.fault === "delay")) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emu.connectors(WORKSPACE, NAMESPACE)).to.have.length(1);
  });

  it("registers again when a connection reset happened before the service did anything", async () => {
    emu.faults.add({ kind: "reset", action: "RegisterCustomConnector" });
    const r = await service.register(reg);
    expect(r.via).to.equal("answer");
    expect(emu.calls("RegisterCustomConnector")).to.equal(2);
    expect(emu.connectors(WORKSPACE, NAMESPACE)).to.have.length(1);
  });

  it("deletes idempotently: a connector already gone is success", async () => {
    expect(await service.delete({ ...ref, connectorName: "never-there" })).to.deep.include({ existed: false, tables: [] });
    await service.register(reg);
    emu.clearRequests();
    emu.faults.add({ kind: "drop-after-commit", action: "DeleteCustomConnector" });
    const r = await service.delete({ ...ref, connectorName: "acme-sink" });
    expect(r).to.deep.include({ existed: "unknown", via: "list" }, "List showed the dropped call had deleted it");
    expect(emu.calls("DeleteCustomConnector")).to.equal(1);
    expect(emu.connectors(WORKSPACE, NAMESPACE)).to.deep.equal([]);
  });

  it("makes one List call for 50 concurrent gets in one namespace", async () => {
    for (let i = 0; i < 50; i++) emu.putConnector(WORKSPACE, NAMESPACE, { name: `c${i}` });
    emu.clearRequests();
    const got = await Promise.all(Array.from({ length: 50 }, (_, i) => service.get({ ...ref, connectorName: `c${i}` })));
    expect(got.every((c, i) => c?.name === `c${i}`)).to.equal(true);
    expect(emu.calls("ListCustomConnectors")).to.equal(1);
  });

  it("deletes 20 connectors concurrently with 20 Delete calls and no List", async () => {
    await emu.close();
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], latencyMs: 20 });
    const svc = new FlinkConnectorService({
      endpoint: emu.url,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      env: {},
      waits: { intervalMs: 5 },
    });
    for (let i = 0; i < 20; i++) emu.putConnector(WORKSPACE, NAMESPACE, { name: `c${i}` });
    await Promise.all(Array.from({ length: 20 }, (_, i) => svc.delete({ ...ref, connectorName: `c${i}` })));
    expect(emu.connectors(WORKSPACE, NAMESPACE)).to.deep.equal([]);
    expect(emu.calls("DeleteCustomConnector")).to.equal(20);
    expect(emu.calls("ListCustomConnectors")).to.equal(0);
  });

  it("sees an out-of-band change made right after an earlier List", async () => {
    await service.list(ref);
    emu.putConnector(WORKSPACE, NAMESPACE, { name: "oob" });
    expect((await service.list(ref)).map((c) => c.name)).to.deep.equal(["oob"]);
  });

  it("keeps credentials out of errors and logs", async () => {
    emu.faults.throttle(2);
    await service.list(ref);
    const bad = new FlinkConnectorService({
      endpoint: emu.url,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: "NotTheSecret-0000" },
      env: {},
      retry: false,
    });
    const e = await bad.list(ref).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(everyText([e, logs]))
      .to.not.contain(SECRET)
      .and.not.contain("NotTheSecret-0000");
  });
});
