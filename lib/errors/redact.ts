/**
 * Scrubs credentials from text that may end up in an error message or a log line.
 * Known secret values (AccessKey secret, STS token) are replaced wherever they occur;
 * signatures, Authorization headers and token headers are replaced by pattern, because
 * they are derived from secrets we may not hold (e.g. from the default credential chain).
 */
export const REDACTED = "[REDACTED]";

/** Query parameters of pre-signed OSS, STS and S3-style URLs that carry credentials. */
const PRESIGNED_PARAMS = [
  "Signature",
  "OSSAccessKeyId",
  "security-token",
  "SecurityToken",
  "x-oss-signature",
  "x-oss-credential",
  "x-oss-security-token",
  "X-Amz-Signature",
  "X-Amz-Credential",
  "X-Amz-Security-Token",
  "sig",
  "token",
];

const PATTERNS: readonly RegExp[] = [
  /(Signature=)[0-9a-fA-F]{16,}/g,
  // An ACS3 Authorization value holds commas (Credential=...,SignedHeaders=...,Signature=...): all of it goes.
  /(["']?authorization["']?\s*[:=]\s*["']?)[^"'\n}]+/gi,
  /(["']?x-acs-security-token["']?\s*[:=]\s*["']?)[^"',\n}]+/gi,
  /(["']?x-acs-bearer-token["']?\s*[:=]\s*["']?)[^"',\n}]+/gi,
  /(["']?(?:accessKeySecret|securityToken|secretKey|access_key_secret|security_token)["']?\s*[:=]\s*["']?)[^"',\s}]+/gi,
  // Pre-signed URLs (an https:// or OSS jarUrl may be one): keep the URL, drop the credentials.
  new RegExp(`([?&](?:${PRESIGNED_PARAMS.join("|")})=)[^&\\s"'#)]+`, "gi"),
];

/** The credential-carrying query parameters of a URL (a pre-signed one has some), by name; [] when none or not a URL. */
export function credentialParams(url: string): string[] {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return [];
  }
  const wanted = new Set(PRESIGNED_PARAMS.map((p) => p.toLowerCase()));
  return [...new Set([...params.keys()].filter((k) => wanted.has(k.toLowerCase())))];
}

/** Returns `text` with every given secret (of 4+ characters) and every signature-like value replaced. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (typeof s === "string" && s.length >= 4) out = out.split(s).join(REDACTED);
  }
  for (const p of PATTERNS) out = out.replace(p, `$1${REDACTED}`);
  return out;
}
