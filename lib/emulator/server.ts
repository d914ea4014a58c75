import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { ADMIN_PREFIX, handleAdmin } from "./admin";
import { controlApi } from "./control";
import { FaultInjector, type Action, type FaultSpec } from "./faults";
import { Gateway, generatedKey } from "./gateway";
import { JarCatalog } from "./jar-catalog";
import { Platform, type Call } from "./platform";
import { route } from "./routes";
import { handleOssGet } from "./oss-get";
import { handleOssPut } from "./oss-put";
import { OSS_PREFIX, Uploads } from "./uploads";
import { jarBytesFrom, UdfPlatform } from "./udf-platform";
import { decodeQuery, jsonOf } from "./signature";
import type { Emulator, RequestRecord } from "./emulator-types";
import { InMemoryConnectorStore } from "./store";
import type { EmulatorOptions } from "./options";
import { gatewayError, newRequestId, type WireResponse } from "./wire-errors";

/** The request id an answer body carries (either casing), for the header. */
const requestIdOf = (body: Record<string, unknown>): string => {
  const id = body.requestId ?? body.RequestId;
  return typeof id === "string" ? id : "";
};

export type { TableRecord } from "./types";
export type { ControlApi } from "./control";
export type { EmulatorOptions } from "./options";

export const EMULATED_API_VERSION = "2022-07-18";
export type { Emulator, RequestRecord } from "./emulator-types";

const sleep = (ms: number, timers: Set<NodeJS.Timeout>): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });

/** Starts a local Ververica connector API on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const keys = options.keys?.length ? [...options.keys] : [generatedKey()];
  const store = options.store ?? new InMemoryConnectorStore();
  const now = options.now ?? Date.now;
  const uploads = new Uploads({ dir: options.ossDir, now, ...options.uploads });
  const jars = new JarCatalog(options.jars, options.ossDir, {
    javaVersion: options.engineJavaVersion,
    uploaded: (url) => uploads.fileOf(url),
  });
  const style = options.answers === "documented" ? "documented" : (options.businessErrorStatus ?? "http");
  const udfs = new UdfPlatform(jarBytesFrom(uploads, options.ossDir), style, now);
  let baseUrl = "";
  const faults = new FaultInjector();
  const gateway = new Gateway(keys, now, options.qps);
  const platform = new Platform(
    store,
    jars,
    style,
    options.workspaces,
    options.builtinNames,
    (ws, ns, fileName) => uploads.presign(ws, ns, fileName, baseUrl),
    udfs,
  );
  const requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;
  let active = 0;
  let idleWaiters: Array<() => void> = [];
  const control = controlApi(store);
  const controlToken = options.controlToken ?? randomBytes(16).toString("hex");

  const recordOss = (r: RequestRecord): void => {
    requests.push(r);
    options.onRequest?.(r);
  };
  const nextSeq = (): number => ++seq;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const rawUrl = req.url ?? "/";
    if (rawUrl.startsWith(OSS_PREFIX) && (req.method === "PUT" || req.method === "GET")) {
      const deps = { uploads, faults, now, seq: nextSeq, record: recordOss, sleep: (ms: number) => sleep(ms, timers) };
      await (req.method === "PUT" ? handleOssPut(req, res, body, deps) : handleOssGet(req, res, keys, deps));
      return;
    }
    if (rawUrl.startsWith(ADMIN_PREFIX)) {
      handleAdmin(req, res, body, {
        token: controlToken,
        control,
        jars,
        faults,
        uploads: () => uploads.list(),
        requests: () => requests,
        clearRequests: () => (requests.length = 0),
      });
      return;
    }
    const q = rawUrl.indexOf("?");
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
    const method = req.method ?? "GET";
    const query = new Map(decodeQuery(rawQuery));
    const ws = req.headers.workspace;
    const workspaceId = typeof ws === "string" ? ws : undefined;
    const routed = route(method, rawPath);
    const r = routed === "malformed" ? undefined : routed;
    const arrived = Date.now();
    const base = {
      at: new Date(now()).toISOString(),
      seq: ++seq,
      method,
      path: rawPath,
      action: r?.action,
      workspaceId,
      namespaceName: r?.namespaceName,
      connectorName: r?.connectorName,
      jarUrl: query.get("jarUrl"),
      ...(query.get("fileName") === undefined ? {} : { fileName: query.get("fileName") }),
    };
    // Filled in as the request is understood; `send` and `drop` log whatever is known.
    const seen: { accessKeyId?: string; fault?: FaultSpec } = {};
    const record = (entry: Omit<RequestRecord, "ms">): void => {
      const full: RequestRecord = { ...entry, ms: Date.now() - arrived };
      requests.push(full);
      options.onRequest?.(full);
    };

    const send = (w: WireResponse): void => {
      const text = JSON.stringify(w.body);
      res.writeHead(w.status, { "content-type": "application/json;charset=utf-8", "x-acs-request-id": requestIdOf(w.body) });
      res.end(text);
      const code = (w.body.errorCode || w.body.Code) as string | undefined;
      const data =
        w.body.success === true && r?.action === "RegisterCustomConnector" && Array.isArray(w.body.data)
          ? (w.body.data as Array<{ name: string }>).map((c) => c.name)
          : undefined;
      record({
        ...base,
        accessKeyId: seen.accessKeyId,
        status: w.status,
        ...(code ? { code } : {}),
        ...(seen.fault ? { fault: seen.fault.kind } : {}),
        ...(data ? { connectors: data } : {}),
      });
    };
    const drop = (): void => {
      record({ ...base, accessKeyId: seen.accessKeyId, status: "dropped", ...(seen.fault ? { fault: seen.fault.kind } : {}) });
      req.socket.destroy();
    };

    if (routed === "malformed") return send(gatewayError(400, "InvalidParameter", `The path ${rawPath} is not validly percent-encoded.`));
    if (!r)
      return send(gatewayError(404, "InvalidApi.NotFound", `No API matches ${method} ${rawPath} in version ${EMULATED_API_VERSION}.`));
    const auth = gateway.authenticate(req, rawPath, rawQuery, body);
    if ("error" in auth) return send(auth.error);
    seen.accessKeyId = auth.key.accessKeyId;
    if (req.headers["x-acs-version"] !== EMULATED_API_VERSION) {
      return send(
        gatewayError(
          400,
          "InvalidVersion",
          `Specified version ${String(req.headers["x-acs-version"])} is not valid; use ${EMULATED_API_VERSION}.`,
        ),
      );
    }
    if (req.headers["x-acs-action"] !== r.action) {
      return send(
        gatewayError(
          400,
          "InvalidAction.Mismatch",
          `x-acs-action ${String(req.headers["x-acs-action"])} does not match the route ${r.action}.`,
        ),
      );
    }
    if (!workspaceId) {
      return send(
        gatewayError(
          400,
          "MissingParameter.Workspace",
          "The workspace header that is mandatory for processing this request is not supplied.",
        ),
      );
    }

    const throttled = gateway.throttle();
    if (throttled) {
      const delay = options.throttleLatencyMs ?? options.latencyMs;
      if (delay) await sleep(delay, timers);
      return send(throttled);
    }
    const call: Call = {
      action: r.action,
      workspaceId,
      namespaceName: r.namespaceName,
      connectorName: r.connectorName,
      jarUrl: query.get("jarUrl"),
      fileName: query.get("fileName"),
      query,
      body: jsonOf(body),
    };
    if (options.latencyMs) await sleep(options.latencyMs, timers);
    const fault = faults.take(r.action);
    seen.fault = fault;
    switch (fault?.kind) {
      case "throttle":
        return send(gatewayError(fault.status ?? 400, "Throttling.User", "Request was denied due to user flow control."));
      case "internal-error":
        return send(gatewayError(500, "InternalError", "The request processing has failed due to some unknown error."));
      case "unavailable":
        return send(gatewayError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."));
      case "reset":
        return drop();
      case "non-json":
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
        record({ ...base, accessKeyId: seen.accessKeyId, status: 502, fault: "non-json" });
        return;
      case "delay":
        await sleep(fault.delayMs ?? 0, timers);
        if (res.destroyed || req.socket.destroyed) {
          // The client gave up; the request is still carried out, as a real server would.
          await platform.execute(call, auth.key);
          record({ ...base, accessKeyId: seen.accessKeyId, status: "dropped", fault: "delay" });
          return;
        }
        break;
      default:
        break;
    }

    const answer = await platform.execute(call, auth.key);
    if (fault?.kind === "drop-after-commit") return drop();
    send(answer);
  };

  const server: Server = createServer((req, res) => {
    active += 1;
    handle(req, res)
      .catch((e: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          const w = gatewayError(500, "InternalError", `Emulator failure: ${e instanceof Error ? e.message : String(e)}`, newRequestId());
          res.writeHead(w.status, { "content-type": "application/json;charset=utf-8" });
          res.end(JSON.stringify(w.body));
        }
      })
      .finally(() => {
        active -= 1;
        if (active === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const w of waiters) w();
        }
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  const first = keys[0];

  return {
    endpoint: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    port,
    credentials: {
      accessKeyId: first.accessKeyId,
      accessKeySecret: first.accessKeySecret,
      ...(first.securityToken ? { securityToken: first.securityToken } : {}),
    },
    faults,
    jars,
    requests,
    calls: (action?: Action) => requests.filter((x) => action === undefined || x.action === action).length,
    uploads: () => uploads.list(),
    udfArtifacts: (ws, ns) => udfs.artifacts(ws, ns),
    removeUdfArtifact: (ws, ns, name) => udfs.removeArtifact(ws, ns, name),
    putObject: (bucket, key, bytes) => uploads.store(bucket, key, bytes),
    ossEndpoint: `http://127.0.0.1:${port}${OSS_PREFIX.replace(/\/$/, "")}`,
    clearRequests: () => {
      requests.length = 0;
    },
    ...control,
    controlToken,
    idle: () => (active === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
