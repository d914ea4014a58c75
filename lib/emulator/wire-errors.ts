import { randomUUID } from "node:crypto";

/**
 * The one factory for every error the emulator sends. Two shapes exist on the real service:
 * the API gateway's `{RequestId, HostId, Code, Message, Recommend}` (signature, throttling,
 * missing parameters) and Ververica's envelope `{requestId, success:false, httpCode, errorCode,
 * errorMessage, data:null}` (business errors).
 *
 * The real docs name no codes for business errors; the emulator uses these (documented in the
 * README), and the client classifies by code families and status so other choices still work.
 */
export const BUSINESS_CODES = {
  connectorNotFound: { status: 404, code: "ConnectorNotFound" },
  typeAlreadyRegistered: { status: 409, code: "ConnectorTypeAlreadyExists" },
  jarUnreachable: { status: 400, code: "JarFileNotAccessible" },
  jarInvalid: { status: 400, code: "InvalidJarFile" },
  builtinName: { status: 400, code: "InvalidConnectorName.Builtin" },
  workspaceNotFound: { status: 404, code: "WorkspaceNotFound" },
  namespaceNotFound: { status: 404, code: "NamespaceNotFound" },
} as const;

export type BusinessError = keyof typeof BUSINESS_CODES;

export interface WireResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function gatewayError(status: number, code: string, message: string, requestId = newRequestId()): WireResponse {
  return {
    status,
    body: {
      RequestId: requestId,
      HostId: "ververica.emulator.local",
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=ververica`,
    },
  };
}

/**
 * A business error in the envelope. With `statusMode: "200"` the HTTP status is 200 and only
 * `success:false` tells it apart (the docs say httpCode is "always 200"); the client must cope
 * with both.
 */
export function envelopeError(
  which: BusinessError,
  message: string,
  statusMode: "http" | "200",
  requestId = newRequestId(),
): WireResponse {
  const { status, code } = BUSINESS_CODES[which];
  const wireStatus = statusMode === "200" ? 200 : status;
  return {
    status: wireStatus,
    body: { requestId, success: false, httpCode: wireStatus, errorCode: code, errorMessage: message, data: null },
  };
}

export function envelopeOk(data: unknown, requestId = newRequestId()): WireResponse {
  return { status: 200, body: { requestId, success: true, httpCode: 200, errorCode: "", errorMessage: "", data } };
}
