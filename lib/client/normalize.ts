import { classify } from "../errors/classify";
import { FlinkApiError } from "../errors/flink-api-error";
import { redact } from "../errors/redact";
import { settingKey } from "../model/settings";
import { HIDDEN_CHARACTERS } from "../model/text";
import { TransportGuardError, type TransportFault } from "./transport-guard";
import type { NamespaceRef, Operation } from "../model/connector";

/**
 * Turns whatever openapi-client 0.4.15 produced (a thrown ResponseError, a transport error,
 * a SyntaxError from a non-JSON body, or a 2xx body with `success:false`) into a FlinkApiError.
 * openapi-client does not read Ververica's envelope (`errorCode`/`errorMessage`), so we do.
 */

export interface CallContext extends NamespaceRef {
  readonly operation: Operation;
  readonly connectorName?: string;
  readonly jarUrl?: string;
  readonly udfArtifactName?: string;
  readonly functionName?: string;
  /** Secret values to scrub from any text we keep. */
  readonly secrets: readonly (string | undefined)[];
}

interface WireFailure {
  code: string;
  detail: string;
  httpStatus?: number;
  /** The status to classify by: the envelope's httpCode when a 200 carried success:false. */
  classifyStatus?: number;
  requestId?: string;
  timedOut: boolean;
  outcomeUnknown: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Longest server-supplied text (message, code) kept in our errors: a hostile or broken server can send megabytes. */
export const MAX_SERVER_TEXT = 1024;

/** Server text as we keep it: at most MAX_SERVER_TEXT characters, control characters made visible. */
export function serverText(v: string): string {
  const clean = v.replace(HIDDEN_CHARACTERS, " ");
  return clean.length > MAX_SERVER_TEXT
    ? `${clean.slice(0, MAX_SERVER_TEXT)}… [${clean.length - MAX_SERVER_TEXT} more characters cut]`
    : clean;
}

function text(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  // The RegisterCustomConnector reference's example answer has errorCode "\"\""
  // (help.aliyun.com/zh/flink/developer-reference/api-ververica-2022-07-18-registercustomconnector): treat quoted-empty like empty.
  return t === "" || t === '""' || t === "undefined" ? undefined : serverText(t);
}

/** Ververica envelope fields first, then gateway fields, then lowercase variants. */
function fromBody(body: Json): Pick<WireFailure, "code" | "detail" | "requestId"> & { code?: string } {
  return {
    code: text(body.errorCode) ?? text(body.Code) ?? text(body.code) ?? "",
    detail: text(body.errorMessage) ?? text(body.Message) ?? text(body.message) ?? "",
    requestId: text(body.requestId) ?? text(body.RequestId),
  };
}

/** A transport code when the request never left this machine, so it certainly did nothing. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "CERT_HAS_EXPIRED"]);

function describeGuardFault(f: TransportFault): WireFailure {
  switch (f.kind) {
    case "deadline":
      return {
        code: "RequestTimeout",
        detail:
          `no complete answer within ${f.ms} ms ` +
          `(${f.responded ? "the body arrived too slowly" : "no response"}); the connection was closed`,
        timedOut: true,
        outcomeUnknown: true,
      };
    case "body-too-large":
      return {
        code: "ResponseTooLarge",
        detail: `the answer is larger than ${f.limit} bytes; it was refused unread`,
        timedOut: false,
        outcomeUnknown: true,
      };
    case "redirect":
      return {
        code: "RedirectRefused",
        detail:
          `the endpoint answered HTTP ${f.status} (a ` +
          `redirect${f.location ? ` to ${serverText(f.location)}` : ""}); redirects are refused because a ` +
          `signed request must not be sent elsewhere. Check the endpoint setting ` +
          `(${settingKey("endpoint", "plugin")}, the same key under both providers)`,
        httpStatus: f.status,
        timedOut: false,
        outcomeUnknown: false,
      };
  }
}

function describeThrown(e: unknown): WireFailure {
  if (e instanceof TransportGuardError) return describeGuardFault(e.fault);
  const err = isObject(e) ? e : {};
  const name = typeof err.name === "string" ? err.name : "";
  const message = serverText(typeof err.message === "string" ? err.message : String(e));
  if (isObject(err.data) && typeof err.data.statusCode === "number") {
    const body = err.data;
    const status = body.statusCode as number;
    const f = fromBody(body);
    return {
      code: f.code || (status >= 300 && status < 400 ? "RedirectRefused" : `HTTP${status}`),
      detail: f.detail,
      httpStatus: status,
      classifyStatus: status,
      requestId: f.requestId,
      timedOut: false,
      outcomeUnknown: status >= 500,
    };
  }
  if (name === "RequestTimeoutError" || /^(ReadTimeout|ConnectTimeout)/.test(message) || err.code === "RequestTimeout") {
    return { code: "RequestTimeout", detail: message, timedOut: true, outcomeUnknown: true };
  }
  if (typeof err.code === "string" && /^E[A-Z_]+$|^UND_ERR/.test(err.code)) {
    return { code: err.code, detail: message, timedOut: err.code === "ETIMEDOUT", outcomeUnknown: !NEVER_SENT.has(err.code) };
  }
  if (name === "SyntaxError") {
    return {
      code: "InvalidResponse",
      detail: `the service answered with a body that is not JSON (${message})`,
      timedOut: false,
      outcomeUnknown: true,
    };
  }
  if (typeof err.code === "string" && err.code !== "undefined") {
    return { code: err.code, detail: message, timedOut: false, outcomeUnknown: false };
  }
  return { code: "ClientError", detail: message, timedOut: false, outcomeUnknown: false };
}

/** Our own code for a failure answer that names none (never a real gateway code such as UnknownError). */
export const MISSING_ERROR_CODE = "MissingErrorCode";

function toError(ctx: CallContext, f: WireFailure, cause?: unknown): FlinkApiError {
  const c = classify({ code: f.code, httpStatus: f.classifyStatus, timedOut: f.timedOut });
  const safeCause = cause === undefined ? undefined : redactedCopy(cause, ctx.secrets);
  return new FlinkApiError({
    operation: ctx.operation,
    workspaceId: ctx.workspaceId,
    namespaceName: ctx.namespaceName,
    connectorName: ctx.connectorName,
    jarUrl: ctx.jarUrl,
    ...(ctx.udfArtifactName !== undefined ? { udfArtifactName: ctx.udfArtifactName } : {}),
    ...(ctx.functionName !== undefined ? { functionName: ctx.functionName } : {}),
    code: redact(f.code, ctx.secrets),
    detail: redact(f.detail, ctx.secrets),
    httpStatus: f.httpStatus,
    requestId: f.requestId,
    kind: c.kind,
    retryable: c.retryable,
    outcomeUnknown: f.outcomeUnknown,
    timedOut: f.timedOut,
    cause: safeCause,
  });
}

/** A new Error with the original's name, code and redacted message; drops `data` (it holds request headers). */
function redactedCopy(e: unknown, secrets: readonly (string | undefined)[]): Error {
  const src = isObject(e) ? e : {};
  const copy = new Error(redact(serverText(typeof src.message === "string" ? src.message : String(e)), secrets));
  copy.name = typeof src.name === "string" ? src.name : "Error";
  if (typeof src.code === "string") (copy as Error & { code?: string }).code = src.code;
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** Normalizes a rejection of `callApi`. */
export function errorFromThrown(ctx: CallContext, e: unknown): FlinkApiError {
  return toError(ctx, describeThrown(e), e);
}

/**
 * Reads a resolved `callApi` result: returns the envelope's `data`, checked by `parse`, when
 * `success` is true; else throws the envelope's error (a 2xx with `success:false` is still a
 * failure). An answer that does not fit the documented model is an InvalidResponse, never an
 * empty result: a write's outcome is then unknown.
 */
export function dataFromResponse<T>(ctx: CallContext, res: { statusCode?: number; body?: unknown }, parse: (data: unknown) => T): T {
  const status = typeof res.statusCode === "number" ? res.statusCode : undefined;
  const body = res.body;
  if (!isObject(body)) {
    throw toError(ctx, {
      code: "InvalidResponse",
      detail: "the service answered without a JSON object body",
      httpStatus: status,
      timedOut: false,
      outcomeUnknown: true,
    });
  }
  if (body.success === true) {
    try {
      return parse(body.data);
    } catch (e) {
      throw toError(ctx, {
        code: "InvalidResponse",
        detail: `the answer does not fit the documented model: ${e instanceof Error ? e.message : String(e)}`,
        httpStatus: status,
        requestId: text(body.requestId),
        timedOut: false,
        outcomeUnknown: ctx.operation !== "ListCustomConnectors",
      });
    }
  }
  const f = fromBody(body);
  const envelopeStatus = typeof body.httpCode === "number" && body.httpCode !== 200 ? body.httpCode : status;
  throw toError(ctx, {
    code: f.code || MISSING_ERROR_CODE,
    detail: f.detail || "the service reported success=false without an error code",
    httpStatus: status,
    classifyStatus: envelopeStatus,
    requestId: f.requestId,
    timedOut: false,
    outcomeUnknown: false,
  });
}
