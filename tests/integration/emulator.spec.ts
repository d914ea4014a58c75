import { expect } from "chai";
import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { rawRequest } from "../support/raw-request";

describe("emulator protocol checks", () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(() => emu.close());

  const base = () => ({
    port: emu.port,
    method: "GET",
    path: "/api/v2/namespaces/ns/connectors",
    action: "ListCustomConnectors",
    accessKeyId: emu.credentials.accessKeyId,
    secret: emu.credentials.accessKeySecret,
    workspace: "ws",
  });

  it("answers a well-signed request with the Ververica envelope", async () => {
    const r = await rawRequest(base());
    expect(r.status).to.equal(200);
    expect(r.body).to.include.all.keys("requestId", "success", "httpCode", "errorCode", "errorMessage", "data");
    expect(r.body).to.deep.include({ success: true, httpCode: 200, data: [] });
  });

  for (const path of [
    "/api/v2/namespaces/ns/connectors%3Aregister",
    "/api/v2/namespaces/ns/connectors%3aregister",
    "/api/v2/namespaces/ns/connectors:register",
  ]) {
    it(`routes register at ${path}`, async () => {
      const r = await rawRequest({
        ...base(),
        method: "POST",
        path,
        action: "RegisterCustomConnector",
        query: "jarUrl=oss%3A%2F%2Fb%2Fx-1.0.jar",
      });
      expect(r.status).to.equal(200);
      expect((r.body.data as Array<{ name: string }>)[0].name).to.equal("x");
    });
  }

  for (const [options, slow] of [
    [{ latencyMs: 150 }, true],
    [{ latencyMs: 150, throttleLatencyMs: 0 }, false],
  ] as const) {
    it(`answers throttling of its quota ${slow ? "after its latency, as a distant client sees it" : "at once with throttleLatencyMs 0"}`, async () => {
      const limited = await startEmulator({ qps: 1, ...options });
      try {
        const req = {
          ...base(),
          port: limited.port,
          accessKeyId: limited.credentials.accessKeyId,
          secret: limited.credentials.accessKeySecret,
        };
        expect((await rawRequest(req)).status).to.equal(200);
        const r = await rawRequest(req);
        expect([r.status, r.body.Code]).to.deep.equal([400, "Throttling.User"]);
        const record = limited.requests.find((x) => x.code === "Throttling.User")!;
        if (slow) expect(record.ms).to.be.at.least(140);
        else expect(record.ms).to.be.below(140);
      } finally {
        await limited.close();
      }
    });
  }

  it("rejects a reused nonce", async () => {
    const nonce = "f".repeat(32);
    expect((await rawRequest({ ...base(), nonce })).status).to.equal(200);
    const again = await rawRequest({ ...base(), nonce });
    expect(again.body.Code).to.equal("SignatureNonceUsed");
  });

  it("rejects a date more than 15 minutes off", async () => {
    const date = new Date(Date.now() - 16 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect((await rawRequest({ ...base(), date })).body.Code).to.equal("InvalidTimeStamp.Expired");
  });

  it("rejects a request without Authorization, with a gateway-shaped body", async () => {
    const r = await rawRequest({ ...base(), omitAuthorization: true });
    expect(r.status).to.equal(400);
    expect(r.body).to.include.all.keys("RequestId", "Code", "Message");
    expect(r.body.Code).to.equal("SignatureDoesNotMatch");
  });

  it("rejects an unknown AccessKey ID", async () => {
    const r = await rawRequest({ ...base(), accessKeyId: "LTAInobody" });
    expect([r.status, r.body.Code]).to.deep.equal([404, "InvalidAccessKeyId.NotFound"]);
  });

  it("requires the workspace header", async () => {
    const { workspace: _omit, ...rest } = base();
    expect((await rawRequest(rest)).body.Code).to.equal("MissingParameter.Workspace");
  });

  it("rejects an x-acs-action that does not match the route", async () => {
    expect((await rawRequest({ ...base(), action: "DeleteCustomConnector" })).body.Code).to.equal("InvalidAction.Mismatch");
  });

  it("answers a badly percent-encoded path with a 400, not a crash", async () => {
    const r = await rawRequest({ ...base(), path: "/api/v2/namespaces/%E0%A4%A/connectors" });
    expect([r.status, r.body.Code]).to.deep.equal([400, "InvalidParameter"]);
  });

  it("answers an unknown route with a gateway 404", async () => {
    const r = await rawRequest({ ...base(), path: "/api/v2/namespaces/ns/jobs" });
    expect([r.status, r.body.Code]).to.deep.equal([404, "InvalidApi.NotFound"]);
  });

  it("logs every request for assertions", async () => {
    await rawRequest(base());
    expect(emu.requests).to.have.length(1);
    expect(emu.requests[0]).to.deep.include({ action: "ListCustomConnectors", workspaceId: "ws", namespaceName: "ns", status: 200 });
    expect(emu.calls("ListCustomConnectors")).to.equal(1);
  });
});
