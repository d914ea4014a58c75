import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestRecord } from "./emulator-types";
import type { FaultInjector } from "./faults";
import { ossError, type OssAnswer, type Uploads } from "./uploads";

export interface OssPutDeps {
  readonly uploads: Uploads;
  readonly faults: FaultInjector;
  readonly now: () => number;
  readonly seq: () => number;
  readonly record: (r: RequestRecord) => void;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * A PUT to a pre-signed URL, as OSS takes it: faults of action `PutObject` first (a reset, a 500,
 * a 503, a delay, a write whose answer is lost), then the upload store's checks and write. Logged
 * like any request, without the query (it holds the signature).
 */
export async function handleOssPut(req: IncomingMessage, res: ServerResponse, body: Buffer, deps: OssPutDeps): Promise<void> {
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const arrived = Date.now();
  const base = {
    at: new Date(deps.now()).toISOString(),
    seq: deps.seq(),
    method: "PUT",
    path,
    action: "PutObject" as const,
    bytes: body.length,
  };
  const fault = deps.faults.take("PutObject");
  const log = (status: number | "dropped", code?: string): void =>
    deps.record({ ...base, status, ...(code ? { code } : {}), ...(fault ? { fault: fault.kind } : {}), ms: Date.now() - arrived });
  const send = (a: OssAnswer): void => {
    res.writeHead(a.status, a.xml ? { "content-type": "application/xml" } : {});
    res.end(a.xml ?? "");
    log(a.status, a.code);
  };
  const write = (): OssAnswer =>
    deps.uploads.put(path, new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1)), header(req, "content-md5", "content-type"), body);
  switch (fault?.kind) {
    case "reset":
      log("dropped");
      req.socket.destroy();
      return;
    case "internal-error":
      return send(ossError(500, "InternalError", "We encountered an internal error. Please try again."));
    case "unavailable":
      return send(ossError(503, "ServiceUnavailable", "Please reduce your request rate."));
    case "drop-after-commit":
      write();
      log("dropped");
      req.socket.destroy();
      return;
    case "delay":
      await deps.sleep(fault.delayMs ?? 0);
      break;
    default:
      break;
  }
  send(write());
}

function header(req: IncomingMessage, md5: string, type: string): { md5?: string; type?: string } {
  const one = (n: string): string | undefined => {
    const v = req.headers[n];
    return typeof v === "string" ? v : undefined;
  };
  return { md5: one(md5), type: one(type) };
}
