import { expect } from "chai";
import { buildUdfJar } from "../../lib/emulator/fixtures/udf-jar";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { WriteFailure } from "../../lib/errors/write-failure";
import { FlinkUdfService } from "../../lib/service/udf-service";
import { KEY_ID, NAMESPACE, SECRET, WORKSPACE } from "../support/fixtures";

const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };
const art = { ...ref, udfArtifactName: "strings" };

describe("the UDF service: every answer a fact, a lost answer settled by looking (service -> client -> emulator)", () => {
  let emu: Emulator;
  let service: FlinkUdfService;
  let jar: string;
  const logs: string[] = [];
  beforeEach(async () => {
    emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }] });
    service = new FlinkUdfService({
      endpoint: emu.url,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      env: {},
      timeouts: { readMs: 1500, registerReadMs: 1500 },
      retry: { minDelayMs: 5, maxDelayMs: 20 },
      waits: { intervalMs: 5, timeoutMs: 2000 },
      log: (m) => logs.push(m),
    });
    jar = emu.putObject("udf-bkt", "u/strings-1.0.jar", buildUdfJar({ classes: [{ className: "a.Upper", base: "ScalarFunction" }] }));
  });
  afterEach(() => emu.close());
  const spec = () => ({ name: "strings", jarUrl: jar, dependencyJarUris: [] });

  it("a create whose answer is lost after it committed is seen, and not sent again", async () => {
    emu.faults.add({ kind: "drop-after-commit", action: "CreateUdfArtifact" });
    const r = await service.create(ref, spec());
    expect(r).to.include({ done: true, via: "list" });
    expect(emu.calls("CreateUdfArtifact")).to.equal(1);
    expect(emu.udfArtifacts(WORKSPACE, NAMESPACE).map((a) => a.name)).to.deep.equal(["strings"]);
  });

  it("a create reset before it reached the platform is sent again once the look shows nothing", async () => {
    emu.faults.add({ kind: "reset", action: "CreateUdfArtifact" });
    const r = await service.create(ref, spec());
    expect(r).to.include({ done: true, via: "answer" });
    expect(emu.calls("CreateUdfArtifact")).to.equal(2);
  });

  it("a business refusal is a result with the platform's classes, never retried", async () => {
    await service.create(ref, spec());
    emu.clearRequests();
    const again = await service.create(ref, { ...spec(), name: "copy" });
    expect(again.done).to.equal(false);
    expect(again.done === false && again.answer.collidingClasses.map((c) => c.udfArtifactName)).to.deep.equal(["strings"]);
    expect(emu.calls("CreateUdfArtifact")).to.equal(1);
  });

  it("a function whose register answer was lost is seen registered, and not registered again", async () => {
    await service.create(ref, spec());
    emu.faults.add({ kind: "drop-after-commit", action: "RegisterUdfFunction" });
    await service.registerFunction(art, "a.Upper", "UPPER");
    expect(emu.calls("RegisterUdfFunction")).to.equal(1);
    expect(emu.udfArtifacts(WORKSPACE, NAMESPACE)[0].udfClasses[0].functionNames).to.deep.equal(["UPPER"]);
  });

  it("deletes are idempotent: a function or artifact already gone is deleted; a lost delete is settled by looking", async () => {
    await service.create(ref, spec());
    await service.registerFunction(art, "a.Upper", "UPPER");
    emu.faults.add({ kind: "drop-after-commit", action: "DeleteUdfFunction" });
    await service.deleteFunction(art, "a.Upper", "UPPER");
    await service.deleteFunction(art, "a.Upper", "UPPER");
    emu.faults.add({ kind: "drop-after-commit", action: "DeleteUdfArtifact" });
    expect(await service.remove(art)).to.include({ done: true });
    expect(await service.remove(art)).to.include({ done: true });
    expect(emu.udfArtifacts(WORKSPACE, NAMESPACE)).to.deep.equal([]);
  });

  it("a write that keeps failing says whether it may have taken effect", async () => {
    emu.faults.add({ kind: "internal-error", action: "CreateUdfArtifact", times: 10 });
    const e = await service.create(ref, spec()).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(WriteFailure.isInstance(e) && e.applied).to.equal("no");
    expect(service.apiCalls.CreateUdfArtifact).to.be.greaterThan(1);
  });
});
