import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorKey } from "./types";
import type { OssPutDeps } from "./oss-put";
import { ossError, type OssAnswer } from "./uploads";

/**
 * A GET of an object of the emulator's OSS, signed with an AccessKey the emulator accepts: faults
 * of action `GetObject` first (a reset, a 500, a 503, a delay), then the upload store's checks.
 * Logged like any request; the signature is in a header and is not logged.
 */
export async function handleOssGet(
  req: IncomingMessage,
  res: ServerResponse,
  keys: readonly EmulatorKey[],
  deps: OssPutDeps,
): Promise<void> {
  const rawUrl = req.url ?? "/";
  const path = rawUrl.split("?")[0];
  const arrived = Date.now();
  const fault = deps.faults.take("GetObject");
  const log = (status: number | "dropped", code?: string, bytes?: number): void =>
    deps.record({
      at: new Date(deps.now()).toISOString(),
      seq: deps.seq(),
      method: "GET",
      path,
      action: "GetObject",
      status,
      ...(code ? { code } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
      ...(fault ? { fault: fault.kind } : {}),
      ms: Date.now() - arrived,
    });
  const send = (a: OssAnswer): void => {
    res.writeHead(a.status, a.xml ? { "content-type": "application/xml" } : { "content-type": "application/java-archive" });
    res.end(a.xml ?? a.body ?? "");
    log(a.status, a.code, a.body?.length);
  };
  const one = (n: string): string | undefined => (typeof req.headers[n] === "string" ? req.headers[n] : undefined);
  const oss = Object.fromEntries(
    Object.entries(req.headers)
      .filter(([k, v]) => k.startsWith("x-oss-") && typeof v === "string")
      .map(([k, v]) => [k, v as string]),
  );
  switch (fault?.kind) {
    case "reset":
    case "drop-after-commit":
      log("dropped");
      req.socket.destroy();
      return;
    case "internal-error":
      return send(ossError(500, "InternalError", "We encountered an internal error. Please try again."));
    case "unavailable":
      return send(ossError(503, "ServiceUnavailable", "Please reduce your request rate."));
    case "delay":
      await deps.sleep(fault.delayMs ?? 0);
      break;
    default:
      break;
  }
  send(
    deps.uploads.get(
      path,
      { date: one("date"), authorization: one("authorization"), md5: one("content-md5"), type: one("content-type"), oss },
      keys,
    ),
  );
}
