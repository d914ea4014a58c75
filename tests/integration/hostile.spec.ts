import { expect } from "chai";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { VervericaConnectorClient } from "../../lib/client/connector-client";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { FlinkConnectorProvider } from "../../lib/provider/provider";
import { KEY_ID, NAMESPACE, SECRET, WORKSPACE } from "../support/fixtures";

/**
 * A server that answers the way a broken proxy or a hostile endpoint would. It checks no
 * signature: it only decides how to answer. Every answer must become a clean, bounded error.
 */
type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const READ_MS = 700;
const ref = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };
const envelope = (data: unknown): string =>
  JSON.stringify({ requestId: "R", success: true, httpCode: 200, errorCode: "", errorMessage: "", data });

describe("hostile answers become clean, bounded errors", function () {
  this.timeout(20_000);
  let server: Server;
  let handler: Handler;
  let requests = 0;
  const sockets = new Set<Socket>();
  const timings: string[] = [];
  let client: VervericaConnectorClient;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => handler(req, res, ++requests));
    });
    server.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  beforeEach(() => {
    requests = 0;
    client = new VervericaConnectorClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      env: {},
      timeouts: { readMs: READ_MS, registerReadMs: READ_MS, connectMs: READ_MS },
    });
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    console.log(`      time to a clean error (request timeout ${READ_MS} ms):\n        ${timings.join("\n        ")}`);
  });

  /** The rejection of `run`, as a FlinkApiError, with the time it took noted for the report. */
  async function failure(label: string, run: () => Promise<unknown>): Promise<FlinkApiError> {
    const t0 = performance.now();
    const e = await run().then(
      () => expect.fail("should reject"),
      (x: unknown) => x,
    );
    timings.push(
      `${label.padEnd(58)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${FlinkApiError.isInstance(e) ? e.code : String(e)}`,
    );
    expect(FlinkApiError.isInstance(e), String(e)).to.equal(true);
    return e as FlinkApiError;
  }

  it("cuts off an answer that trickles in a byte at a time on a reused keep-alive connection", async () => {
    handler = (_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(envelope([]));
        return;
      }
      res.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 100);
      res.on("close", () => clearInterval(timer));
    };
    expect(await client.list(ref)).to.deep.equal([]);
    const e = await failure("trickling body on a reused connection", () => client.list(ref));
    expect(e).to.deep.include({ code: "RequestTimeout", outcomeUnknown: true, timedOut: true, retryable: true });
    expect(requests).to.equal(2);
  });

  it("cuts off a server that never answers", async () => {
    handler = () => undefined;
    const e = await failure("no answer at all", () => client.register(ref, "oss://b/a-1.0.jar"));
    expect(e).to.deep.include({ code: "RequestTimeout", outcomeUnknown: true });
  });

  const shapes: Array<[string, unknown]> = [
    ["data is an object", { name: "acme", type: "acme" }],
    ["data is a string", "acme"],
    ["data is a number", 5],
    ["data is a junk array", ["", 5, null, {}]],
  ];
  for (const [label, data] of shapes) {
    it(`refuses an answer whose ${label}: never an empty namespace`, async () => {
      handler = (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(envelope(data));
      };
      const e = await failure(label, () => client.list(ref));
      expect(e).to.deep.include({ code: "InvalidResponse", kind: "transient" });
    });
  }

  it("keeps about 1 KiB of a 5 MB error message", async () => {
    handler = (_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ requestId: "R", success: false, httpCode: 400, errorCode: "Huge", errorMessage: "m".repeat(5 * 1024 * 1024) }),
      );
    };
    const e = await failure("5 MB errorMessage", () => client.list(ref));
    expect(e.code).to.equal("Huge");
    expect(e.message.length).to.be.lessThan(2048);
  });

  it("refuses a 50 MB body without reading it whole", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    };
    const e = await failure("50 MB body (content-length declared)", () => client.list(ref));
    expect(e).to.deep.include({ code: "ResponseTooLarge", retryable: false });
  });

  it("refuses a huge chunked body once it passes the cap", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 32);
      const pump = (): void => {
        while (!res.destroyed && sent < 50 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed && sent < 50 * 1024 * 1024) res.once("drain", pump);
      };
      pump();
    };
    const e = await failure("50 MB body (chunked, no length)", () => client.list(ref));
    expect(e.code).to.equal("ResponseTooLarge");
  });

  it("refuses a redirect and says so", async () => {
    handler = (_req, res) => {
      res.writeHead(302, { location: "https://elsewhere.example.com/api" });
      res.end();
    };
    const e = await failure("302 redirect", () => client.delete(ref, "acme"));
    expect(e).to.deep.include({ code: "RedirectRefused", httpStatus: 302, retryable: false, outcomeUnknown: false });
    expect(e.message).to.match(/redirect.*elsewhere\.example\.com.*refused/);
  });

  it("refuses a redirect that carries a JSON body too", async () => {
    handler = (_req, res) => {
      res.writeHead(307, { location: "http://10.0.0.1/", "content-type": "application/json" });
      res.end(JSON.stringify({ Code: "Moved", Message: "go away" }));
    };
    const e = await failure("307 redirect with a JSON body", () => client.list(ref));
    expect(e.code).to.equal("RedirectRefused");
  });

  it("does not drop a connector from state on refresh when the answer is unreadable", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(envelope({ not: "a list" }));
    };
    const config: Record<string, string> = {
      "alicloud:accessKey": KEY_ID,
      "alicloud:secretKey": SECRET,
      "alicloud-flink:endpoint": `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      "alicloud-flink:maxAttempts": "2",
      "alicloud-flink:retryMinDelayMs": "1",
      "alicloud-flink:retryMaxDelayMs": "1",
    };
    const provider = new FlinkConnectorProvider({ env: () => ({}), log: () => undefined });
    await provider.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } });
    const e = await provider.read(`${WORKSPACE}:${NAMESPACE}:acme`, {}).then(
      () => expect.fail("a refresh must not conclude anything from an unreadable answer"),
      (x: unknown) => x,
    );
    expect(FlinkApiError.isInstance(e) && e.code).to.equal("InvalidResponse");
  });
});
