import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import {
  REQUIRED_SIGNED_HEADERS,
  canonicalRequest,
  expectedSignature,
  headerValues,
  headersThatMustBeSigned,
  parseAuthorization,
  signaturesMatch,
} from "./signature";
import type { EmulatorKey } from "./types";
import { gatewayError, type WireResponse } from "./wire-errors";

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** A generated key pair, for an emulator started without keys. */
export function generatedKey(): EmulatorKey {
  return {
    accessKeyId: `LTAIemu${randomBytes(8).toString("hex")}`,
    accessKeySecret: randomBytes(20).toString("base64url"),
  };
}

/**
 * The API gateway in front of the platform: who is calling (ACS3-HMAC-SHA256 signatures over the
 * raw request, STS tokens, dates within 15 minutes, nonces used once) and how often (the
 * account's quota). Answers in the gateway's own error shape.
 */
export class Gateway {
  private readonly nonces = new Map<string, number>();
  private readonly quota: { tokens: number; at: number } | undefined;

  constructor(
    private readonly keys: readonly EmulatorKey[],
    private readonly now: () => number,
    private readonly qps?: number,
  ) {
    if (qps !== undefined && !(qps > 0)) throw new RangeError("qps must be a positive number");
    this.quota = qps === undefined ? undefined : { tokens: qps, at: now() };
  }

  /** The key that signed the request, or the gateway's refusal. */
  authenticate(req: IncomingMessage, rawPath: string, rawQuery: string, body: Buffer): { key: EmulatorKey } | { error: WireResponse } {
    const headers = headerValues(req.rawHeaders);
    const one = (n: string): string | undefined => headers.get(n)?.[0];
    const auth = parseAuthorization(one("authorization"));
    if (!auth)
      return {
        error: gatewayError(
          400,
          "SignatureDoesNotMatch",
          "The request carries no valid ACS3-HMAC-SHA256 signature: the Authorization header is missing or malformed.",
        ),
      };
    const key = this.keys.find((k) => k.accessKeyId === auth.accessKeyId);
    if (!key) return { error: gatewayError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.") };
    const missing = REQUIRED_SIGNED_HEADERS.filter((h) => !auth.signedHeaders.includes(h));
    const unsigned = headersThatMustBeSigned(headers).filter((h) => !auth.signedHeaders.includes(h));
    if (missing.length || unsigned.length) {
      return { error: gatewayError(400, "IncompleteSignature", `These headers must be signed: ${[...missing, ...unsigned].join(", ")}.`) };
    }
    const payloadHash = createHash("sha256").update(body).digest("hex");
    if (one("x-acs-content-sha256") !== payloadHash) {
      return { error: gatewayError(400, "SignatureDoesNotMatch", "x-acs-content-sha256 does not match the request body.") };
    }
    const canonical = canonicalRequest({
      method: req.method ?? "",
      rawPath,
      rawQuery,
      headers,
      signedHeaders: auth.signedHeaders,
      payloadHash,
    });
    if (!signaturesMatch(expectedSignature(key.accessKeySecret, canonical), auth.signature)) {
      return { error: gatewayError(400, "SignatureDoesNotMatch", "Specified signature does not match our calculation.") };
    }
    const token = one("x-acs-security-token");
    if (key.securityToken !== undefined) {
      if (token !== key.securityToken || one("x-acs-accesskey-id") !== key.accessKeyId) {
        return {
          error: gatewayError(400, "InvalidSecurityToken.MismatchWithAccessKey", "The security token does not match the AccessKey."),
        };
      }
    } else if (token !== undefined) {
      return { error: gatewayError(400, "InvalidSecurityToken.Malformed", "A security token was sent for a permanent AccessKey.") };
    }
    const date = Date.parse(one("x-acs-date") ?? "");
    if (!Number.isFinite(date) || Math.abs(this.now() - date) > MAX_CLOCK_SKEW_MS) {
      return {
        error: gatewayError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired (more than 15 minutes off)."),
      };
    }
    const nonce = one("x-acs-signature-nonce") ?? "";
    for (const [n, at] of this.nonces) if (this.now() - at > MAX_CLOCK_SKEW_MS) this.nonces.delete(n);
    if (this.nonces.has(nonce)) return { error: gatewayError(400, "SignatureNonceUsed", "Specified signature nonce was used already.") };
    this.nonces.set(nonce, this.now());
    return { key };
  }

  /** Takes one token of the account's quota; the throttling answer when it is spent. */
  throttle(): WireResponse | undefined {
    if (!this.quota || this.qps === undefined) return undefined;
    const t = this.now();
    this.quota.tokens = Math.min(this.qps, this.quota.tokens + ((t - this.quota.at) / 1000) * this.qps);
    this.quota.at = t;
    if (this.quota.tokens < 1) return gatewayError(400, "Throttling.User", "Request was denied due to user flow control.");
    this.quota.tokens -= 1;
    return undefined;
  }
}
