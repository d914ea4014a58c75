/**
 * One adaptive rate limiter per endpoint and AccessKey, shared by every call of the process (the
 * provider host serves every resource of a `pulumi` command). Alibaba Cloud throttles per
 * account, so the limit is the account's, not any one call's.
 *
 * The shape follows the AWS SDK's adaptive retry mode (a send rate that follows the throttling
 * answers, cut to what the service actually accepted), with two changes for a fleet that starts
 * all at once: requests are paced from the first one (a stack of 100 connectors must not open
 * with a burst of 100), and the rate grows only while callers are actually waiting for it.
 * - Start at `initialRate` requests per second (never above the ceiling).
 * - Slow start: each second in which callers waited and nothing was throttled, rate × 1.25.
 * - A throttling answer to a request let through after the last cut, at least a second after it
 *   (the quota needs a moment to refill; cutting on every answer of one wave would collapse the
 *   rate): the rate becomes 95 % of what the service accepted over the last two seconds, kept
 *   between 50 % and 90 % of the current rate (70 % when too few answers were seen to measure).
 * - After a cut, each second of waiting without throttling closes half the gap to the rate at the
 *   last cut, and once within 5 % of it probes above it by 2 % a second (CUBIC's shape, in steps).
 * - Never below `minRate`, never above `maxRate` (`alicloud-flink:maxRequestsPerSecond`).
 * Waiters are released one at a time at the current rate, so a cut slows the queue at once.
 */
export interface RateLimitOptions {
  /** Requests per second to start with. Defaults to 10. */
  readonly initialRate?: number;
  /** A ceiling the rate never exceeds. Defaults to none. */
  readonly maxRate?: number;
  /** A floor the rate never goes below. Defaults to 0.5. */
  readonly minRate?: number;
}

/** Given back by `acquire`, handed to `onThrottled`: which rate let the request through. */
export interface Ticket {
  /** How many cuts had been made when the request was let through. */
  readonly epoch: number;
}

const INTERVAL_MS = 1000;
const MEASURE_MS = 2000;

export class AdaptiveRateLimiter {
  private rate: number;
  private readonly maxRate: number;
  private readonly minRate: number;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private lastRelease = -Infinity;
  private cuts = 0;
  private lastCutAt = -Infinity;
  private lastGrowth: number;
  private waitedSinceGrowth = false;
  /** The rate at the last cut; undefined until the first throttling answer. */
  private lastMax: number | undefined;
  /** When recent answers that were not throttled came back. */
  private accepted: number[] = [];
  /** Throttling answers seen; for reports. */
  throttled = 0;

  constructor(
    options: RateLimitOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.maxRate = options.maxRate ?? Infinity;
    this.minRate = Math.min(options.minRate ?? 0.5, this.maxRate);
    this.rate = Math.max(this.minRate, Math.min(options.initialRate ?? 10, this.maxRate));
    for (const [k, v] of Object.entries({ initialRate: this.rate, maxRate: this.maxRate, minRate: this.minRate })) {
      if (!(v > 0)) throw new RangeError(`rate limit ${k} must be a positive number of requests per second, got ${v}`);
    }
    this.lastGrowth = now();
  }

  /** Requests per second allowed now. */
  get currentRate(): number {
    return this.rate;
  }

  /** Waits for this request's turn. */
  acquire(): Promise<Ticket> {
    return new Promise((resolve) => {
      this.waiting.push(() => resolve({ epoch: this.cuts }));
      this.pump();
    });
  }

  /** An answer that was not a throttling one came back. */
  onAccepted(): void {
    const now = this.now();
    this.accepted.push(now);
    while (this.accepted.length > 0 && now - this.accepted[0] > MEASURE_MS) this.accepted.shift();
  }

  /** A throttling answer came back for the request let through with `ticket`. */
  onThrottled(ticket: Ticket): void {
    this.throttled += 1;
    const now = this.now();
    if (ticket.epoch < this.cuts || now - this.lastCutAt < INTERVAL_MS) return;
    while (this.accepted.length > 0 && now - this.accepted[0] > MEASURE_MS) this.accepted.shift();
    const measured = this.accepted.length >= 5 ? (this.accepted.length * 1000) / MEASURE_MS : undefined;
    this.cuts += 1;
    this.lastCutAt = now;
    this.lastMax = this.rate;
    const next = measured === undefined ? this.rate * 0.7 : Math.min(this.rate * 0.9, Math.max(this.rate * 0.5, measured * 0.95));
    this.rate = Math.max(this.minRate, next);
    this.lastGrowth = now;
    this.waitedSinceGrowth = false;
  }

  private pump(): void {
    if (this.timer || this.waiting.length === 0) return;
    this.grow();
    const now = this.now();
    const wait = this.lastRelease + 1000 / this.rate - now;
    if (wait > 0) {
      this.waitedSinceGrowth = true;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    this.lastRelease = now;
    this.waiting.shift()?.();
    if (this.waiting.length > 0) this.pump();
  }

  private grow(): void {
    const now = this.now();
    if (now - this.lastGrowth < INTERVAL_MS) return;
    if (this.waitedSinceGrowth) {
      const target = this.lastMax;
      const next = target === undefined ? this.rate * 1.25 : this.rate < target * 0.95 ? this.rate + (target - this.rate) / 2 : this.rate * 1.02;
      this.rate = Math.min(this.maxRate, next);
    }
    this.lastGrowth = now;
    this.waitedSinceGrowth = false;
  }
}

const shared = new Map<string, AdaptiveRateLimiter>();

/** The process-wide limiter for one endpoint and AccessKey (and ceiling). */
export function sharedLimiter(endpoint: string, accessKeyId: string, options: RateLimitOptions = {}): AdaptiveRateLimiter {
  const key = JSON.stringify([endpoint, accessKeyId, options.maxRate ?? null, options.initialRate ?? null]);
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new AdaptiveRateLimiter(options);
    shared.set(key, limiter);
  }
  return limiter;
}
