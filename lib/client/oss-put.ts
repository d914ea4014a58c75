import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { FlinkApiError } from "../errors/flink-api-error";
import type { ErrorKind } from "../errors/classify";
import type { NamespaceRef } from "../model/connector";
import { isLoopbackHost } from "../model/loopback";
import type { SecretUrl } from "../model/secret-url";
import { serverText } from "./normalize";

/** OSS answers a refused request with a small XML document; more than this is not read. */
const MAX_ERROR_BODY = 64 * 1024;

/** An OSS error document's code and message (`<Error><Code>…</Code><Message>…</Message>…`). */
export function ossError(xml: string): { code?: string; message?: string } {
  const field = (tag: string): string | undefined => {
    const m = new RegExp(`<${tag}>([^<]{0,1024})</${tag}>`).exec(xml);
    return m ? serverText(m[1].trim()) : undefined;
  };
  return { code: field("Code"), message: field("Message") };
}

/** What a refused or lost PUT was, by status and code. Pure. */
export function putFailureKind(status: number | undefined, code: string): { kind: ErrorKind; retryable: boolean } {
  if (status === undefined) return { kind: "transient", retryable: true };
  if (status >= 500) return { kind: "transient", retryable: true };
  if (status === 403 || status === 401 || code === "SignatureDoesNotMatch" || code === "AccessDenied")
    return { kind: "auth", retryable: false };
  if (status === 409) return { kind: "conflict", retryable: false };
  if (status === 400 || status === 411 || status === 413) return { kind: "invalid-input", retryable: false };
  return { kind: "unknown", retryable: false };
}

/**
 * PUTs a JAR's bytes to a pre-signed URL, as OSS expects it: no header but Content-Length (the
 * URL's signature covers the method, Content-Type and Content-MD5, which are sent empty), no
 * redirect followed, the whole exchange bounded by `timeoutMs`. `https://` only, `http://` to a
 * loopback host (the emulator). A refusal carries OSS's error code; the URL never appears.
 */
export function putPresigned(ref: NamespaceRef, url: SecretUrl, body: Buffer, timeoutMs: number): Promise<void> {
  const failure = (code: string, detail: string, status?: number, outcomeUnknown = false): FlinkApiError =>
    new FlinkApiError({
      operation: "PutObject",
      workspaceId: ref.workspaceId,
      namespaceName: ref.namespaceName,
      jarUrl: url.shown,
      code,
      detail,
      ...(status === undefined ? {} : { httpStatus: status }),
      ...putFailureKind(status, code),
      outcomeUnknown,
      timedOut: code === "RequestTimeout",
    });
  let target: URL;
  try {
    target = new URL(url.reveal());
  } catch {
    return Promise.reject(failure("InvalidPresignedUrl", "the platform answered a pre-signed URL that is not a URL; nothing was sent"));
  }
  const plain = target.protocol === "http:";
  if ((plain && !isLoopbackHost(target.hostname)) || (!plain && target.protocol !== "https:"))
    return Promise.reject(
      failure("InsecurePresignedUrl", `the pre-signed URL uses ${target.protocol}// to ${target.host}; nothing was sent`),
    );
  return new Promise<void>((resolve, reject) => {
    const send = plain ? httpRequest : httpsRequest;
    const req = send(target, { method: "PUT", headers: { "content-length": body.length } });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error("timeout"), { code: "RequestTimeout" })), timeoutMs);
    const done = (e?: FlinkApiError): void => {
      clearTimeout(timer);
      if (e) reject(e);
      else resolve();
    };
    req.on("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "NetworkError";
      done(
        failure(
          code,
          code === "RequestTimeout" ? `no answer within ${timeoutMs} ms (uploadTimeoutMs)` : "the connection failed during the upload",
          undefined,
          true,
        ),
      );
    });
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        res.resume();
        res.on("end", () => done());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= MAX_ERROR_BODY) chunks.push(c);
      });
      res.on("end", () => {
        const { code, message } = ossError(Buffer.concat(chunks).toString("utf8"));
        done(failure(code ?? `HTTP${status}`, message ?? `OSS answered HTTP ${status}`, status));
      });
      res.on("error", () => done(failure("NetworkError", "the answer was cut off", status, true)));
    });
    req.end(body);
  });
}
