import { UDF_OPERATIONS, type Operation } from "../model/connector";
import { settingKey } from "../model/settings";
import { hasBrand } from "./brand";
import type { ErrorKind } from "./classify";
import { redact } from "./redact";

const BRAND = Symbol.for("pulumi-alicloud-flink.FlinkApiError");

export interface FlinkApiErrorInit {
  readonly operation: Operation;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connectorName?: string;
  readonly jarUrl?: string;
  /** The UDF artifact (and function) a UDF operation was about. */
  readonly udfArtifactName?: string;
  readonly functionName?: string;
  /** errorCode (envelope), Code (gateway), or a transport code such as ECONNRESET / RequestTimeout. */
  readonly code: string;
  /** The service's own message, already redacted. */
  readonly detail: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  /** True when the request may have reached the service and been carried out (timeout, reset). */
  readonly outcomeUnknown: boolean;
  /** True when we gave up waiting: the service may still be holding, and later carry out, the request. */
  readonly timedOut?: boolean;
  /** A redacted copy of the underlying failure; never the raw SDK error, which holds request headers. */
  readonly cause?: Error;
  /** Requests sent before giving up, when the failure outlasted the retries. */
  readonly attempts?: number;
  /** Time from the first attempt to giving up, when the failure outlasted the retries. */
  readonly elapsedMs?: number;
}

const HINTS: Record<ErrorKind, string> = {
  "not-found": "The connector does not exist (any more).",
  throttling: "The API is throttling requests of this account; calls are paced and retried automatically.",
  transient: "The service or the network failed temporarily; retry the operation.",
  conflict: "A connector of this type is already registered in the namespace: delete it first, or manage it with `adoptExisting: true`.",
  auth: "Check the AccessKey pair / STS token and that the RAM identity may call this API in this workspace.",
  "invalid-input": "Check the workspace ID and the namespace name.",
  unknown: "",
};

/** An upload to the pre-signed URL failed: what to do, by kind. */
const UPLOAD_HINTS: Partial<Record<ErrorKind, string>> = {
  auth:
    "OSS refused the pre-signed upload (the URL may have expired during a slow upload); nothing was registered: " +
    "run `pulumi up` again, and raise uploadTimeoutMs only if the network is slow.",
  transient: "The upload failed on the way; nothing was registered: run `pulumi up` again.",
  conflict: "OSS refused to overwrite the object.",
};

/** What to do after a UDF operation's failure, by kind. */
const UDF_HINTS: Partial<Record<ErrorKind, string>> = {
  "not-found": "The UDF artifact, class or function does not exist (any more).",
  conflict: "A UDF artifact or function of that name already exists in the namespace.",
  "invalid-input":
    "The platform could not use the request: check that it can download the JAR and that the file holds the UDF classes " +
    "(`alicloud-flink inspect-jar <file>` lists them).",
};

/** A Register refused as bad input is about the JAR: it is not reachable, or not a connector JAR. */
const JAR_HINT =
  "The platform could not use the JAR: check that it can download the URL and that the file is " +
  "a connector JAR (`alicloud-flink inspect-jar <file>` shows the connectors a JAR registers).";

/** What a failure was, in one line: its code, the service's own words, status and request id. No context, no advice. */
export function briefOf(e: FlinkApiError): string {
  const meta = [e.httpStatus !== undefined ? `HTTP ${e.httpStatus}` : undefined, e.requestId ? `request ${e.requestId}` : undefined].filter(
    Boolean,
  );
  const spent =
    e.attempts !== undefined
      ? `; gave up after ${e.attempts} attempt${e.attempts === 1 ? "" : "s"} over ${((e.elapsedMs ?? 0) / 1000).toFixed(1)} s`
      : "";
  return redact(
    `${e.code}${e.detail ? `: ${e.detail}` : ""}${meta.length ? ` (${meta.join(", ")}${spent})` : spent ? ` (${spent.slice(2)})` : ""}`,
  );
}

/** Every failure of a Ververica API call, normalized: this is data, not just a message. */
export class FlinkApiError extends Error {
  override readonly name = "FlinkApiError" as const;
  readonly operation: Operation;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connectorName: string | undefined;
  readonly jarUrl: string | undefined;
  readonly udfArtifactName: string | undefined;
  readonly functionName: string | undefined;
  readonly code: string;
  readonly detail: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;
  readonly timedOut: boolean;
  readonly attempts: number | undefined;
  readonly elapsedMs: number | undefined;
  declare private readonly init: FlinkApiErrorInit;

  constructor(init: FlinkApiErrorInit) {
    super(FlinkApiError.describe(init), init.cause ? { cause: init.cause } : undefined);
    Object.defineProperty(this, "init", { value: init, enumerable: false });
    this.attempts = init.attempts;
    this.elapsedMs = init.elapsedMs;
    this.operation = init.operation;
    this.workspaceId = init.workspaceId;
    this.namespaceName = init.namespaceName;
    this.connectorName = init.connectorName;
    this.jarUrl = init.jarUrl;
    this.udfArtifactName = init.udfArtifactName;
    this.functionName = init.functionName;
    this.code = init.code;
    this.detail = init.detail;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.outcomeUnknown = init.outcomeUnknown;
    this.timedOut = init.timedOut === true;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isInstance(value: unknown): value is FlinkApiError {
    return hasBrand(value, BRAND);
  }

  /** The same failure, saying it outlasted `attempts` attempts over `elapsedMs`. */
  afterAttempts(attempts: number, elapsedMs: number): FlinkApiError {
    return new FlinkApiError({ ...this.init, attempts, elapsedMs });
  }

  private static describe(init: FlinkApiErrorInit): string {
    const udf = (UDF_OPERATIONS as readonly string[]).includes(init.operation);
    const what = init.functionName
      ? `function "${init.functionName}" of UDF artifact "${init.udfArtifactName ?? ""}"`
      : init.udfArtifactName
        ? `UDF artifact "${init.udfArtifactName}"`
        : init.connectorName
          ? `connector "${init.connectorName}"`
          : init.jarUrl
            ? `JAR ${init.jarUrl}`
            : udf
              ? "UDF artifacts"
              : "connectors";
    const where = `namespace "${init.namespaceName}" of workspace "${init.workspaceId}"`;
    const meta = [
      init.httpStatus !== undefined ? `HTTP ${init.httpStatus}` : undefined,
      init.requestId ? `request ${init.requestId}` : undefined,
    ].filter(Boolean);
    const hint =
      init.operation === "PutObject"
        ? (UPLOAD_HINTS[init.kind] ?? "")
        : udf && UDF_HINTS[init.kind] !== undefined
          ? UDF_HINTS[init.kind]!
          : init.kind === "invalid-input" && init.operation === "RegisterCustomConnector"
            ? JAR_HINT
            : HINTS[init.kind];
    const spent =
      init.attempts !== undefined
        ? ` Gave up after ${init.attempts} attempt${init.attempts === 1 ? "" : "s"} over ${((init.elapsedMs ?? 0) / 1000).toFixed(1)} s; ` +
          // These keys are the same under both providers (alicloud-flink:<name>).
          `raise ${settingKey("maxAttempts", "plugin")} (and ${settingKey("retryMaxDelayMs", "plugin")}) if this persists` +
          (init.kind === "throttling" ? `, or lower ${settingKey("maxRequestsPerSecond", "plugin")}.` : ".")
        : "";
    return redact(
      `${init.operation} failed for ${what} in ${where}: ${init.code}` +
        (init.detail ? `: ${init.detail}` : "") +
        (meta.length ? ` (${meta.join(", ")})` : "") +
        (hint ? `. ${hint}` : "") +
        spent,
    );
  }
}
