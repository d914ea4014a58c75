import { expect } from "chai";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { compareProbes, RefusedToStart, runAcceptance, type AcceptanceReport, type AcceptanceTarget } from "../support/acceptance";
import { everyText } from "../support/fixtures";
import { ossDirWith, sinkJar } from "../support/oss";

/**
 * The live acceptance suite (npm run test:live), run here against the emulator: the emulator is
 * just another endpoint, so the suite cannot rot.
 */
const PROBES = {
  named: {
    "register-existing-type": ["refused", 409, "ConnectorTypeAlreadyExists", "conflict"],
    "delete-missing-connector": ["refused", 404, "ConnectorNotFound", "not-found"],
    "register-bad-jar": ["refused", 400, "JarFileNotAccessible", "invalid-input"],
    "list-missing-namespace": ["accepted", undefined, undefined, undefined],
    "wrong-signature": ["refused", 400, "SignatureDoesNotMatch", "auth"],
  },
  // As the SDK docs show business errors: HTTP 200, numeric codes the client cannot classify.
  documented: {
    "register-existing-type": ["refused", 200, "990402", "unknown"],
    "delete-missing-connector": ["refused", 200, "990301", "unknown"],
    "register-bad-jar": ["refused", 200, "990301", "unknown"],
    "list-missing-namespace": ["accepted", undefined, undefined, undefined],
    "wrong-signature": ["refused", 400, "SignatureDoesNotMatch", "auth"],
  },
} as const;

for (const answers of ["named", "documented"] as const)
  describe(`the acceptance suite, against the emulator (errors ${answers})`, function () {
    this.timeout(120_000);
    const JAR1 = "oss://acceptance/jars/acme-sink-1.0.jar";
    const JAR2 = "oss://acceptance/jars/acme-sink-2.0.jar";
    const BAD = "oss://acceptance/jars/does-not-exist-0.0.jar";
    let emu: Emulator;
    let target: AcceptanceTarget;
    let report: AcceptanceReport;

    before(async () => {
      // Real JARs in a directory standing in for OSS; BAD is an object that does not exist.
      emu = await startEmulator({ ossDir: ossDirWith({ [JAR1]: sinkJar("acme-sink"), [JAR2]: sinkJar("acme-sink") }), answers });
      target = {
        kind: "emulator",
        endpoint: emu.url,
        workspaceId: "acceptance-ws",
        namespaceName: "acceptance",
        connectorName: "acme-sink",
        jarUrl1: JAR1,
        jarUrl2: JAR2,
        badJarUrl: BAD,
        client: { endpoint: emu.url, credentials: emu.credentials, env: {} },
        config: {
          "alicloud-flink:endpoint": emu.url,
          "alicloud:accessKey": emu.credentials.accessKeyId,
          "alicloud:secretKey": emu.credentials.accessKeySecret,
        },
        secretKeys: ["alicloud:secretKey"],
      };
      report = await runAcceptance(target);
    });
    after(() => emu?.close());

    it("passes every lifecycle step and classification check", () => {
      expect(report.checks.filter((c) => !c.ok)).to.deep.equal([]);
      expect(report.checks.length).to.be.at.least(12);
    });

    it("records what the emulator answers to each probe", () => {
      const byProbe = Object.fromEntries(report.probes.map((p) => [p.probe, [p.outcome, p.httpStatus, p.errorCode, p.kind]]));
      console.log(`      probes: ${JSON.stringify(byProbe)}`);
      expect(byProbe).to.deep.equal(PROBES[answers]);
    });

    it("leaves nothing behind, and its report holds no credential", () => {
      expect(emu.connectors("acceptance-ws", "acceptance")).to.deep.equal([]);
      expect(everyText(report)).to.not.contain(emu.credentials.accessKeySecret);
    });

    it("refuses to start when the connector already exists, and touches nothing", async () => {
      emu.putConnector("acceptance-ws", "acceptance", { name: "acme-sink" });
      emu.clearRequests();
      const e = await runAcceptance(target).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).to.be.instanceOf(RefusedToStart);
      expect(emu.requests.map((r) => r.action)).to.deep.equal(["ListCustomConnectors"]);
      expect(emu.connectors("acceptance-ws", "acceptance").map((c) => c.name)).to.deep.equal(["acme-sink"]);
      emu.removeConnector("acceptance-ws", "acceptance", "acme-sink");
    });

    if (answers === "named")
      it("compares probes field by field, and finds where answers differ", () => {
        expect(compareProbes(report.probes, report.probes)).to.deep.equal([]);
        const live = report.probes.map((p) =>
          p.probe === "delete-missing-connector" ? { ...p, httpStatus: 400, errorCode: "Connector.NotExist" } : p,
        );
        expect(compareProbes(live, report.probes)).to.deep.equal([
          "delete-missing-connector: httpStatus is 400 on the reference, 404 on the emulator",
          'delete-missing-connector: errorCode is "Connector.NotExist" on the reference, "ConnectorNotFound" on the emulator',
        ]);
      });
  });
