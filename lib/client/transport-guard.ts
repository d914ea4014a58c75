import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest, IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/**
 * Bounds every HTTP exchange that openapi-client makes on our behalf, from the first byte sent
 * to the last byte read, on fresh and on reused keep-alive connections alike.
 *
 * Why not openapi-client's own timeouts: httpx (under it) arms a per-socket read timer that
 * `@alicloud/tea-util` never consults when it reads the body itself, so on a reused connection a
 * body that trickles in a byte at a time is never cut off. openapi-client offers no hook on its
 * transport, so we watch Node's own `http.client.request.start` diagnostics channel and attach
 * the request to the call that is running (AsyncLocalStorage): no global agent, no monkey patch,
 * and requests made by anyone else in the process are left alone.
 */

export interface TransportLimits {
  /** The whole exchange (connect, send, headers, body) must end within this. */
  readonly deadlineMs: number;
  /** A response body larger than this is refused. */
  readonly maxBodyBytes: number;
}

/** Why the guard ended an exchange. Data, turned into a FlinkApiError by `normalize`. */
export type TransportFault =
  | { readonly kind: "deadline"; readonly ms: number; readonly responded: boolean }
  | { readonly kind: "body-too-large"; readonly limit: number }
  | { readonly kind: "redirect"; readonly status: number; readonly location: string };

const storage = new AsyncLocalStorage<Guard>();

class Guard {
  fault: TransportFault | undefined;
  readonly failed: Promise<never>;
  private rejectFailed!: (e: Error) => void;
  private readonly timer: NodeJS.Timeout;
  private request: ClientRequest | undefined;
  private responded = false;
  private detach: (() => void) | undefined;
  /** httpx's own response timer for this request, to release when the exchange ends (see `httpxReadTimer`). */
  private httpxTimer: NodeJS.Timeout | undefined;

  constructor(private readonly limits: TransportLimits) {
    this.failed = new Promise<never>((_, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => undefined);
    this.timer = setTimeout(() => this.fail({ kind: "deadline", ms: limits.deadlineMs, responded: this.responded }), limits.deadlineMs);
  }

  attach(request: ClientRequest): void {
    this.request = request;
    if (this.fault) {
      request.destroy(new Error(`guarded request ended: ${this.fault.kind}`));
      return;
    }
    request.once("response", (res: IncomingMessage) => this.onResponse(request, res));
  }

  private onResponse(request: ClientRequest, res: IncomingMessage): void {
    this.responded = true;
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      const location = typeof res.headers.location === "string" ? res.headers.location : "";
      this.fail({ kind: "redirect", status, location });
      return;
    }
    const declared = Number(res.headers["content-length"]);
    if (Number.isFinite(declared) && declared > this.limits.maxBodyBytes) {
      this.fail({ kind: "body-too-large", limit: this.limits.maxBodyBytes });
      return;
    }
    // The HTTP parser already reads the socket; one more listener only counts what arrives.
    const socket: Socket | null = request.socket;
    if (!socket) return;
    this.httpxTimer = httpxReadTimer(socket);
    let seen = 0;
    const count = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > this.limits.maxBodyBytes) this.fail({ kind: "body-too-large", limit: this.limits.maxBodyBytes });
    };
    socket.on("data", count);
    this.detach = () => socket.off("data", count);
    res.once("end", () => this.detach?.());
    res.once("close", () => this.detach?.());
  }

  fail(fault: TransportFault): void {
    if (this.fault) return;
    this.fault = fault;
    clearTimeout(this.timer);
    this.detach?.();
    const error = new Error(`guarded request ended: ${fault.kind}`);
    // Destroying the request destroys its socket: nothing of this exchange is read any more,
    // and the connection is never handed back to the keep-alive pool.
    this.request?.destroy(error);
    this.rejectFailed(error);
  }

  done(): void {
    clearTimeout(this.timer);
    clearTimeout(this.httpxTimer);
    this.detach?.();
  }
}

/**
 * httpx (under openapi-client) starts a read timer for every request, on the socket, and clears it
 * only when httpx itself reads the body; `@alicloud/tea-util` reads the body on its own, so the
 * timer stays armed for the whole read timeout (30 s) holding the request, its response and its
 * buffers: about 25 KB per request, 600 MiB for a long run. This guard bounds every exchange by
 * itself, so once its exchange has ended it releases that timer. It is found by the symbol's
 * description httpx gives it (httpx 2.x); if httpx stops using one, nothing is released and
 * nothing breaks. Read when the response arrives, so it is this request's timer, not that of a
 * later request on the same keep-alive socket.
 */
function httpxReadTimer(socket: Socket): NodeJS.Timeout | undefined {
  const key = Object.getOwnPropertySymbols(socket).find((s) => s.description === "TIMER::READ_TIMER");
  const timer = key === undefined ? undefined : (socket as unknown as Record<symbol, unknown>)[key];
  return timer && typeof timer === "object" && "hasRef" in timer ? (timer as NodeJS.Timeout) : undefined;
}

subscribe("http.client.request.start", (message) => {
  const guard = storage.getStore();
  const request = (message as { request?: ClientRequest }).request;
  if (guard && request) guard.attach(request);
});

/** Thrown by `guarded` when the guard ended the exchange; carries the fault as data. */
export class TransportGuardError extends Error {
  override readonly name = "TransportGuardError" as const;
  constructor(
    readonly fault: TransportFault,
    options?: { cause?: unknown },
  ) {
    super(`transport guard: ${fault.kind}`, options);
  }
}

/**
 * Runs `call` (which makes at most one HTTP request through Node's http/https modules) under
 * the limits. Rejects with a TransportGuardError when the guard ended the exchange.
 */
export async function guarded<T>(limits: TransportLimits, call: () => Promise<T>): Promise<T> {
  const guard = new Guard(limits);
  try {
    return await Promise.race([storage.run(guard, call), guard.failed]);
  } catch (e) {
    if (guard.fault) throw new TransportGuardError(guard.fault, { cause: e });
    throw e;
  } finally {
    guard.done();
  }
}
