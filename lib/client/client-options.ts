import type { ClientAdvice, StaticCredentials, Env } from "./credentials";
import type { Timeouts } from "./timeouts";
import type { RateLimitOptions } from "./rate-limiter";
import type { RateMemory } from "./rate-memory";

/** What the client needs to reach the API. Plain data; every field optional. */
export interface ClientOptions {
  /** Region ID, e.g. "cn-hangzhou". Defaults to ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION. */
  readonly region?: string;
  /** Explicit endpoint: a URL with scheme, or host[:port] (HTTPS). Overrides the region. */
  readonly endpoint?: string;
  /** Allow plain http:// to a non-loopback endpoint. Defaults to false. */
  readonly allowInsecureHttp?: boolean;
  /** How to fix a configuration error, in the words of the caller (a provider names its keys). */
  readonly advice?: ClientAdvice;
  /** An explicit AccessKey pair (and STS token). Defaults to the environment, then the default chain. */
  readonly credentials?: Partial<StaticCredentials>;
  readonly timeouts?: Partial<Timeouts>;
  /**
   * Pacing of requests, shared by every client of the process with the same endpoint and
   * AccessKey (adapts to throttling answers). `false` switches it off. Defaults to a probe (10
   * requests in flight, one more per accepted answer while callers wait) until the account
   * throttles, then pacing at what it accepts (see AdaptiveRateLimiter).
   */
  readonly rateLimit?: RateLimitOptions | false;
  /**
   * Where what an account showed (the rate a throttled one was last paced at, the most an unthrottled
   * one accepted in a second) is remembered between processes. Defaults to a
   * private file under ~/.cache (see `defaultRateMemory`); `false` remembers nothing.
   */
  readonly rateMemory?: RateMemory | false;
  /** An answer larger than this is refused unread. Defaults to 8 MiB. */
  readonly maxResponseBytes?: number;
  /** Appended to the SDK's user agent. */
  readonly userAgent?: string;
  /** The environment to read; defaults to `process.env` at construction. */
  readonly env?: Env;
  /** The default credential chain; a seam for tests. Defaults to `new Credential()` of @alicloud/credentials. */
  readonly defaultChain?: () => ChainCredential;
}

/** The part of an @alicloud/credentials `Credential` we use. */
export interface ChainCredential {
  getCredential(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string }>;
}
