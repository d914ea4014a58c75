import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The emulator's own ACS3-HMAC-SHA256 verifier, written from the protocol description
 * (Alibaba Cloud V3 request signatures, help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature),
 * not from any SDK code.
 */

export const ALGORITHM = "ACS3-HMAC-SHA256";
export const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");
export const REQUIRED_SIGNED_HEADERS = [
  "host",
  "x-acs-action",
  "x-acs-content-sha256",
  "x-acs-date",
  "x-acs-signature-nonce",
  "x-acs-version",
] as const;

export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTH_PATTERN = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/;

export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  const m = value ? AUTH_PATTERN.exec(value) : null;
  return m ? { accessKeyId: m[1], signedHeaders: m[2].split(";"), signature: m[3] } : undefined;
}

/** RFC 3986 strict: encodeURIComponent and also `! ' ( ) *`. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .split("")
    .map((ch) => ("!'()*".includes(ch) ? `%${ch.charCodeAt(0).toString(16).toUpperCase()}` : ch))
    .join("");
}

/** Splits a raw query string into decoded pairs ('+' is a space, as Node's querystring writes it). */
export function decodeQuery(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery
    .split("&")
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf("=");
      const k = eq < 0 ? part : part.slice(0, eq);
      const v = eq < 0 ? "" : part.slice(eq + 1);
      const dec = (s: string): string => decodeURIComponent(s.replace(/\+/g, " "));
      return [dec(k), dec(v)];
    });
}

/** The canonical path: the raw path, with only the first "+", "*" and "%7E" rewritten. */
export function canonicalUri(rawPath: string): string {
  return rawPath.replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
}

/** Keys sorted (JS default order), not encoded; values strictly percent-encoded. */
export function canonicalQuery(rawQuery: string): string {
  return decodeQuery(rawQuery)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${percentEncode(v)}`)
    .join("&");
}

/** Header values by lowercased name, from Node's rawHeaders (keeps repeated headers apart). */
export function headerValues(rawHeaders: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    out.set(name, [...(out.get(name) ?? []), rawHeaders[i + 1]]);
  }
  return out;
}

export function canonicalRequest(input: {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Map<string, string[]>;
  signedHeaders: readonly string[];
  payloadHash: string;
}): string {
  const names = [...input.signedHeaders].sort();
  const lines = names
    .map(
      (n) =>
        `${n}:${(input.headers.get(n) ?? [])
          .map((v) => v.trim())
          .sort()
          .join(",")}\n`,
    )
    .join("");
  return [input.method, canonicalUri(input.rawPath), canonicalQuery(input.rawQuery), lines, names.join(";"), input.payloadHash].join("\n");
}

export function expectedSignature(secret: string, canonical: string): string {
  const stringToSign = `${ALGORITHM}\n${createHash("sha256").update(canonical).digest("hex")}`;
  return createHmac("sha256", secret).update(stringToSign).digest("hex");
}

export function signaturesMatch(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Which headers must be signed: host, content-type and every x-acs-* header present. */
export function headersThatMustBeSigned(headers: Map<string, string[]>): string[] {
  return [...headers.keys()].filter((n) => n === "host" || n === "content-type" || n.startsWith("x-acs-"));
}

/** A request body as JSON, or undefined when it is empty or not JSON. */
export function jsonOf(body: Buffer): unknown {
  if (!body.length) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}
