import { expect } from "chai";
import { providerOn } from "../support/emulator-provider";
import { VervericaConnectorClient } from "../../lib/client/connector-client";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { ConnectorOperationError } from "../../lib/errors/operation-error";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { FlinkConnectorProvider } from "../../lib/provider/provider";
import { KEY_ID, NAMESPACE, SECRET, WORKSPACE } from "../support/fixtures";
import { ossDirWith } from "../support/oss";

const BUCKET = "oss://styles/jars";
const TWO = `${BUCKET}/acme-kafka-1.0.jar`;
const TWO_V2 = `${BUCKET}/acme-kafka-2.0.jar`;
const BAD = `${BUCKET}/acme-formats-1.0.jar`;
const oss = ossDirWith({
  [TWO]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert" }] },
  [TWO_V2]: { connectors: [{ name: "acme-kafka" }, { name: "acme-upsert" }] },
  [BAD]: { formats: ["acme-json"] },
});
const inputs = {
  workspaceId: WORKSPACE,
  namespaceName: NAMESPACE,
  connectorNames: ["acme-kafka", "acme-upsert"],
  jarUrl: TWO,
  adoptExisting: false,
  contentVersion: "",
  __provider: "P",
};
const ID = `${WORKSPACE}:${NAMESPACE}:acme-kafka,acme-upsert`;

async function failure(p: Promise<unknown>): Promise<ConnectorOperationError> {
  const e = await p.then(
    () => expect.fail("should reject"),
    (x: unknown) => x,
  );
  expect(ConnectorOperationError.isInstance(e), String(e)).to.equal(true);
  return e as ConnectorOperationError;
}

/**
 * The same behaviour whatever codes business errors carry: the codes named in the README, or
 * answers as the SDK docs show them (HTTP 200, `httpCode` 200, numeric codes, Chinese messages).
 */
for (const answers of ["named", "documented"] as const) {
  describe(`business errors answered ${answers === "named" ? "with named codes" : "as the SDK docs show them"}`, () => {
    let emu: Emulator;
    let provider: FlinkConnectorProvider;

    beforeEach(async () => {
      emu = await startEmulator({ keys: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET }], ossDir: oss, answers });
      provider = await providerOn(emu);
    });
    afterEach(() => emu.close());

    it("answers in that style on the wire", async () => {
      const client = new VervericaConnectorClient({
        endpoint: emu.url,
        credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
        env: {},
      });
      const e = await client.delete({ workspaceId: WORKSPACE, namespaceName: NAMESPACE }, "nothing").catch((x: unknown) => x);
      expect(FlinkApiError.isInstance(e)).to.equal(true);
      const api = e as FlinkApiError;
      expect([api.code, api.httpStatus]).to.deep.equal(answers === "named" ? ["ConnectorNotFound", 404] : ["990301", 200]);
    });

    it("creates a two-connector JAR, treats a delete of a connector already gone as success, and destroys", async () => {
      const created = await provider.create(inputs);
      expect(created.id).to.equal(ID);
      emu.removeConnector(WORKSPACE, NAMESPACE, "acme-upsert");
      await provider.delete(ID, created.outs);
      expect(emu.connectors(WORKSPACE, NAMESPACE)).to.deep.equal([]);
    });

    it("says to set adoptExisting when Register is refused because a connector of that name appeared since the check", async () => {
      // A List of this provider from a moment ago showed the names absent: create trusts it, and Register is refused.
      await provider.read(`${WORKSPACE}:${NAMESPACE}:nothing`, {});
      emu.putConnector(WORKSPACE, NAMESPACE, { name: "acme-upsert", creatorName: "console" });
      emu.clearRequests();
      const e = await failure(provider.create(inputs));
      expect(e.facts).to.deep.include({ causeCode: "UnmanagedConnectorExists", oldConnector: "partial" });
      expect(e.message).to.contain("adoptExisting: true");
      expect(emu.requests.map((r) => r.action)).to.deep.equal(["RegisterCustomConnector", "ListCustomConnectors"]);
    });

    it("registers the previous JAR again when the new one is refused", async () => {
      const created = await provider.create(inputs);
      const e = await failure(provider.update(ID, created.outs!, { ...inputs, jarUrl: BAD }));
      expect(e.facts).to.deep.include({ phase: "register-new", restored: true, oldConnector: "present", newConnector: "absent" });
      expect(
        emu
          .connectors(WORKSPACE, NAMESPACE)
          .map((c) => c.name)
          .sort(),
      ).to.deep.equal(["acme-kafka", "acme-upsert"]);
      expect(emu.jarOf(WORKSPACE, NAMESPACE, "acme-kafka")).to.equal(TWO);
    });
  });
}
