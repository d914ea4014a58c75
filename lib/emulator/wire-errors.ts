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
  udfArtifactNotFound: { status: 404, code: "UdfArtifactNotFound" },
  udfArtifactExists: { status: 409, code: "UdfArtifactAlreadyExists" },
  udfClassNotFound: { status: 400, code: "UdfClassNotFound" },
  udfFunctionExists: { status: 409, code: "UdfFunctionAlreadyExists" },
  udfFunctionNotFound: { status: 404, code: "UdfFunctionNotFound" },
} as const;

export type BusinessError = keyof typeof BUSINESS_CODES;

/**
 * How business errors are answered. `http`: their own status (404, 409, 400) and named codes.
 * `200`: HTTP 200 with `success:false` and named codes. `documented`: as the SDK docs show them,
 * HTTP 200, `httpCode` 200, a numeric `errorCode` and a Chinese message. The real codes are not
 * documented: `990301` is the one example the SDK docs give ("文件不存在"), the others are made up
 * in its style, so that nothing can depend on them.
 */
export type AnswerStyle = "http" | "200" | "documented";

const DOCUMENTED: Record<BusinessError, { code: string; message: (subject: string) => string }> = {
  connectorNotFound: { code: "990301", message: (s) => `连接器 ${s} 不存在` },
  typeAlreadyRegistered: { code: "990402", message: (s) => `连接器类型 ${s} 已存在` },
  jarUnreachable: { code: "990301", message: () => "文件不存在" },
  jarInvalid: { code: "990503", message: (s) => `JAR 文件解析失败: ${s}` },
  builtinName: { code: "990504", message: (s) => `连接器名称 ${s} 与内置连接器重名` },
  workspaceNotFound: { code: "990601", message: (s) => `工作空间 ${s} 不存在` },
  namespaceNotFound: { code: "990602", message: (s) => `项目空间 ${s} 不存在` },
  udfArtifactNotFound: { code: "990701", message: (s) => `UDF 制品 ${s} 不存在` },
  udfArtifactExists: { code: "990702", message: (s) => `UDF 制品 ${s} 已存在` },
  udfClassNotFound: { code: "990703", message: (s) => `类 ${s} 不存在` },
  udfFunctionExists: { code: "990704", message: (s) => `函数 ${s} 已存在` },
  udfFunctionNotFound: { code: "990705", message: (s) => `函数 ${s} 不存在` },
};

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
 * A business error in the envelope, in the given style (see AnswerStyle): with "200" and
 * "documented" the HTTP status is 200 and only `success:false` tells it apart (the docs say
 * httpCode is "always 200"); the client must cope with every style. `subject` is what the
 * documented style's message names (a connector, a namespace, a reason).
 */
export function envelopeError(
  which: BusinessError,
  message: string,
  style: AnswerStyle,
  subject = "",
  requestId = newRequestId(),
): WireResponse {
  const { status, code } = BUSINESS_CODES[which];
  if (style === "documented") {
    const d = DOCUMENTED[which];
    return {
      status: 200,
      body: { requestId, success: false, httpCode: 200, errorCode: d.code, errorMessage: d.message(subject), data: null },
    };
  }
  const wireStatus = style === "200" ? 200 : status;
  return {
    status: wireStatus,
    body: { requestId, success: false, httpCode: wireStatus, errorCode: code, errorMessage: message, data: null },
  };
}

export function envelopeOk(data: unknown, requestId = newRequestId()): WireResponse {
  return { status: 200, body: { requestId, success: true, httpCode: 200, errorCode: "", errorMessage: "", data } };
}
