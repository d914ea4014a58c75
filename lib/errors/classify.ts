/**
 * Pure failure classification over documented tables. Used by the client to label every
 * error, and by the service's retry loop (through `FlinkApiError.retryable`).
 *
 * Sources: Alibaba Cloud gateway error codes (help.aliyun.com/document_detail/30137),
 * Node network error codes, and the Ververica envelope. The real service documents no codes
 * for "connector not found" or "type already registered", so those rules match families of
 * codes and statuses rather than one string.
 */

export type ErrorKind =
  | "not-found" // the connector is gone (never an auth error such as InvalidAccessKeyId.NotFound)
  | "throttling" // flow control; retry later
  | "transient" // 5xx, resets, timeouts; retry
  | "conflict" // a connector of that type is already registered
  | "auth" // credentials, signature, permission
  | "invalid-input" // the request itself is wrong (bad JAR, bad namespace, missing parameter)
  | "unknown";

/** What a failure looked like on the wire; every field optional. */
export interface FailureFacts {
  /** errorCode (envelope), Code (gateway) or a Node error code such as ECONNRESET. */
  readonly code?: string;
  readonly httpStatus?: number;
  /** True when the request timed out waiting for the connection or the response. */
  readonly timedOut?: boolean;
}

export interface Classification {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
}

export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  "Throttling",
  "Throttling.User",
  "Throttling.Api",
  "Throttling.Resource",
  "Throttling.Concurrent",
  "ServiceBusy",
  "TooManyRequests",
  "RequestLimitExceeded",
  "FlowControl",
]);

/** Auth codes; prefixes match a whole family (InvalidAccessKeyId.NotFound, Forbidden.RAM...). */
export const AUTH_CODE_PREFIXES: readonly string[] = [
  "InvalidAccessKeyId",
  "InvalidAccessKeySecret",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "InvalidSecurityToken",
  "InvalidTimeStamp",
  "SignatureNonceUsed",
  "InvalidCredentials",
  "Forbidden",
  "NoPermission",
  "Unauthorized",
  "AccessDenied",
  "InvalidAuthorization",
  "MissingAuthorization",
];

export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  "InternalError",
  "InternalServerError",
  "ServiceUnavailable",
  "ServiceUnavailableTemporary",
  "SystemBusy",
  "UnknownError",
  "InvalidResponse", // a non-JSON body, typically from a proxy in front of the service
  "RequestTimeout",
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
]);

export const CONFLICT_CODE_PATTERN = /AlreadyExist|AlreadyRegistered|Duplicate|Conflict|Exists?$/i;
export const NOT_FOUND_CODE_PATTERN = /NotFound|NotExist|NoSuch|DoesNotExist/i;
/**
 * Not-found codes that do not mean "the connector is gone": a missing namespace or workspace,
 * or a gateway-level "InvalidAction.NotFound"/"InvalidRegionId.NotFound" are the caller's mistake.
 */
export const SCOPE_CODE_PATTERN = /Namespace|Workspace|Project|^Invalid/i;
export const INVALID_INPUT_CODE_PATTERN = /^(Invalid|Missing|Illegal|Bad|Unsupported)|Parameter|Jar/i;

function isAuthCode(code: string): boolean {
  return AUTH_CODE_PREFIXES.some((p) => code.startsWith(p));
}

const result = (kind: ErrorKind): Classification => ({
  kind,
  retryable: kind === "throttling" || kind === "transient",
});

/** Classifies one failure. Order matters: auth before not-found, throttling before 4xx rules. */
export function classify(facts: FailureFacts): Classification {
  const code = facts.code ?? "";
  const status = facts.httpStatus;

  if (code && isAuthCode(code)) return result("auth");
  if (THROTTLING_CODES.has(code) || code.startsWith("Throttling") || status === 429) return result("throttling");
  if (facts.timedOut || TRANSIENT_CODES.has(code)) return result("transient");
  if (code && NOT_FOUND_CODE_PATTERN.test(code)) {
    return result(SCOPE_CODE_PATTERN.test(code) ? "invalid-input" : "not-found");
  }
  if (status === 409 || (code && CONFLICT_CODE_PATTERN.test(code))) return result("conflict");
  if (status === 401 || status === 403) return result("auth");
  if (status === 404) return result("not-found");
  if (status !== undefined && status >= 500) return result("transient");
  if (code && INVALID_INPUT_CODE_PATTERN.test(code)) return result("invalid-input");
  if (status === 400 || status === 422) return result("invalid-input");
  return result("unknown");
}
