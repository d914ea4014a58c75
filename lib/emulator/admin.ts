import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ControlApi } from "./control";
import type { FaultInjector, FaultKind, FaultSpec } from "./faults";
import type { JarCatalog } from "./jar-catalog";
import type { EmulatedConnector, JarSpec } from "./types";

/** Every control route lives under this prefix, which the real API never uses. */
export const ADMIN_PREFIX = "/_emulator/";
/** The header that carries the emulator's own control token. */
export const ADMIN_TOKEN_HEADER = "x-emulator-token";

export interface AdminDeps {
  readonly token: string;
  readonly control: ControlApi;
  readonly jars: JarCatalog;
  readonly faults: FaultInjector;
  readonly requests: () => readonly unknown[];
  readonly clearRequests: () => void;
  readonly uploads: () => readonly unknown[];
}

const KINDS: readonly FaultKind[] = ["throttle", "internal-error", "unavailable", "reset", "delay", "drop-after-commit", "non-json"];

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json;charset=utf-8" });
  res.end(JSON.stringify(body));
}

function sameToken(given: string | string[] | undefined, token: string): boolean {
  const a = Buffer.from(typeof given === "string" ? given : "");
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The control surface of a running emulator, for out-of-band changes from another process (the
 * `alicloud-flink emulator` subcommands): list, put and delete connectors, declare JARs, queue
 * faults, read and clear the request log. Every route needs the emulator's own token.
 */
export function handleAdmin(req: IncomingMessage, res: ServerResponse, body: Buffer, deps: AdminDeps): void {
  if (!sameToken(req.headers[ADMIN_TOKEN_HEADER], deps.token))
    return answer(res, 401, { error: `the ${ADMIN_TOKEN_HEADER} header must carry the emulator's control token (printed at start)` });
  const url = new URL(req.url ?? "/", "http://emulator");
  const what = url.pathname.slice(ADMIN_PREFIX.length);
  const q = (k: string): string => url.searchParams.get(k) ?? "";
  let input: Record<string, unknown> = {};
  try {
    input = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
  } catch {
    return answer(res, 400, { error: "the body must be JSON" });
  }
  const scope = (): [string, string] | undefined => (q("workspace") && q("namespace") ? [q("workspace"), q("namespace")] : undefined);
  try {
    switch (`${req.method} ${what}`) {
      case "GET connectors": {
        const s = scope();
        if (!s) return answer(res, 400, { error: "workspace and namespace are required" });
        return answer(
          res,
          200,
          deps.control.connectors(...s).map((c) => ({ ...c, jarUrl: deps.control.jarOf(...s, c.name) ?? null })),
        );
      }
      case "PUT connectors": {
        const s = scope();
        const c = input as Partial<EmulatedConnector> & { name?: unknown };
        if (!s || typeof c.name !== "string" || !c.name)
          return answer(res, 400, { error: "workspace, namespace and a connector with a name are required" });
        deps.control.putConnector(...s, c as Partial<EmulatedConnector> & { name: string });
        return answer(res, 200, { put: c.name });
      }
      case "DELETE connectors": {
        const s = scope();
        if (!s || !q("name")) return answer(res, 400, { error: "workspace, namespace and name are required" });
        return deps.control.removeConnector(...s, q("name"))
          ? answer(res, 200, { deleted: q("name") })
          : answer(res, 404, { error: `no connector ${q("name")}` });
      }
      case "PUT jars": {
        if (typeof input.url !== "string" || typeof input.spec !== "object" || input.spec === null)
          return answer(res, 400, { error: "url and spec are required" });
        deps.jars.declare(input.url, input.spec as JarSpec);
        return answer(res, 200, { declared: input.url });
      }
      case "POST faults": {
        if (!KINDS.includes(input.kind as FaultKind)) return answer(res, 400, { error: `kind must be one of ${KINDS.join(", ")}` });
        deps.faults.add(input as unknown as FaultSpec);
        return answer(res, 200, { pending: deps.faults.pending });
      }
      case "DELETE faults":
        deps.faults.clear();
        return answer(res, 200, { pending: 0 });
      case "GET uploads":
        return answer(res, 200, deps.uploads());
      case "GET requests":
        return answer(res, 200, deps.requests());
      case "DELETE requests":
        deps.clearRequests();
        return answer(res, 200, { cleared: true });
      default:
        return answer(res, 404, { error: `no control route ${req.method} ${url.pathname}` });
    }
  } catch (e) {
    return answer(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
}
