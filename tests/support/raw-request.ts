import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { canonicalRequest, expectedSignature, headerValues } from "../../lib/emulator/signature";

/**
 * A hand-rolled signed request for emulator protocol tests that the SDK cannot produce
 * (a replayed nonce, a skewed date, a literal ':' in the path). Signature correctness itself is
 * proven by the real openapi-client talking to the emulator; this helper only varies inputs.
 */
export interface RawRequest {
  port: number;
  method: string;
  path: string;
  query?: string;
  action: string;
  accessKeyId: string;
  secret: string;
  workspace?: string;
  date?: string;
  nonce?: string;
  omitAuthorization?: boolean;
}

export async function rawRequest(r: RawRequest): Promise<{ status: number; body: Record<string, unknown> }> {
  const host = `127.0.0.1:${r.port}`;
  const payloadHash = createHash("sha256").update("").digest("hex");
  const headers: Record<string, string> = {
    host,
    "x-acs-version": "2022-07-18",
    "x-acs-action": r.action,
    "x-acs-date": r.date ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    "x-acs-signature-nonce": r.nonce ?? randomBytes(16).toString("hex"),
    "x-acs-content-sha256": payloadHash,
    ...(r.workspace !== undefined ? { workspace: r.workspace } : {}),
  };
  const signed = Object.keys(headers)
    .filter((h) => h === "host" || h.startsWith("x-acs-"))
    .sort();
  const flat = Object.entries(headers).flat();
  const canonical = canonicalRequest({
    method: r.method,
    rawPath: r.path,
    rawQuery: r.query ?? "",
    headers: headerValues(flat),
    signedHeaders: signed,
    payloadHash,
  });
  if (!r.omitAuthorization) {
    headers.authorization = `ACS3-HMAC-SHA256 Credential=${r.accessKeyId},SignedHeaders=${signed.join(";")},Signature=${expectedSignature(r.secret, canonical)}`;
  }
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: r.port, method: r.method, path: r.path + (r.query ? `?${r.query}` : ""), headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
