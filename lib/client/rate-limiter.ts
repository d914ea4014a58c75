import type { RateMemory } from "./rate-memory";

/**
 * One adaptive rate limiter per endpoint and AccessKey, shared by every call of the process (the
 * provider host serves every resource of a `pulumi` command). Alibaba Cloud throttles per
 * account, so the limit is the account's, not any one call's.
 *
 * Two phases, like TCP's slow start and congestion avoidance:
 * - **Probe**, until the account is first seen to throttle: the first `initialRate` requests go at
 *   once, then as many again every 25 ms, paced evenly, doubling every 25 ms in which callers
 *   waited (TCP's slow start with a 25 ms round trip: throttling answers come straight back from
 *   the API gateway, so the probe stops within a request or two of the quota). An account that is
 *   not throttled gets full speed within about 100 ms. A quiet second starts the probe over.
 * - **Pace**, from the first throttling answer on: the rate is cut hard, to the opening rate
 *   `initialRate`, or to half of what was sent over the last second when that is more (probing
 *   doubles what it sends, so half is at most the quota); later throttling answers to requests let through
 *   after the last cut, a second or more after it, cut it to 95 % of what the service accepted over
 *   the last two seconds, kept between 50 % and 90 % of the current rate. Each second of waiting
 *   without throttling probes above the rate of the last cut by 2 %, 4 %, 8 %... (CUBIC's probe,
 *   in steps).
 * The rate an account was cut to is remembered between commands (each `pulumi` command starts a
 * new host) when a RateMemory is given: a limiter for a remembered account starts pacing at that
 * rate instead of probing. Never below `minRate`, never above `maxRate`.
 */
export interface RateLimitOptions {
  /** Requests let through at once, then per second, to start the probe. Defaults to 10. */
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
const PROBE_MS = 25;
const MEASURE_MS = 2000;

export class AdaptiveRateLimiter {
  private rate: number;
  private readonly maxRate: number;
  private readonly minRate: number;
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private lastRelease = -Infinity;
  /** The probe's opening burst (requests that go at once), and the pace it falls back to at the first throttling answer. */
  private readonly opening: number;
  /** Requests of the opening burst not yet let through. */
  private burst: number;
  private cuts = 0;
  private lastCutAt = -Infinity;
  private lastGrowth: number;
  private waitedSinceGrowth = false;
  /** The rate at the last cut; undefined while probing. */
  private lastMax: number | undefined;
  /** Seconds in a row spent probing above `lastMax`; the step doubles with each. */
  private aboveSteps = 0;
  /** When recent answers that were not throttled came back. */
  private accepted: number[] = [];
  /** When recent requests were let through. */
  private sent: number[] = [];
  /** Throttling answers seen; for reports. */
  throttled = 0;

  constructor(
    options: RateLimitOptions = {},
    private readonly now: () => number = Date.now,
    private readonly memory?: { readonly store: RateMemory; readonly key: string },
  ) {
    this.maxRate = options.maxRate ?? Infinity;
    this.minRate = Math.min(options.minRate ?? 0.5, this.maxRate);
    this.rate = Math.max(this.minRate, Math.min(options.initialRate ?? 10, this.maxRate));
    for (const [k, v] of Object.entries({ initialRate: this.rate, maxRate: this.maxRate, minRate: this.minRate })) {
      if (!(v > 0)) throw new RangeError(`rate limit ${k} must be a positive number of requests per second, got ${v}`);
    }
    this.opening = this.rate;
    this.burst = Math.max(1, Math.floor(this.rate));
    this.rate = Math.min(this.maxRate, (this.burst * 1000) / PROBE_MS);
    const remembered = memory?.store.get(memory.key);
    if (remembered !== undefined) {
      // Throttled before: pace at the rate it was cut to, without probing.
      this.rate = Math.max(this.minRate, Math.min(remembered, this.maxRate));
      this.lastMax = this.rate;
      this.burst = 0;
    }
    this.lastGrowth = now();
  }

  /** Requests per second allowed now. */
  get currentRate(): number {
    return this.rate;
  }

  /** Whether the limiter is still probing (has not seen the account throttle). */
  get probing(): boolean {
    return this.lastMax === undefined;
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
    let next: number;
    if (this.lastMax === undefined) {
      // The first throttling answer: the quota is below what was sent; cut hard, to half of that.
      while (this.sent.length > 0 && now - this.sent[0] > INTERVAL_MS) this.sent.shift();
      next = Math.max(this.opening, this.sent.length / 2);
      this.burst = 0;
    } else {
      while (this.accepted.length > 0 && now - this.accepted[0] > MEASURE_MS) this.accepted.shift();
      const measured = this.accepted.length >= 5 ? (this.accepted.length * 1000) / MEASURE_MS : undefined;
      next = measured === undefined ? this.rate * 0.7 : Math.min(this.rate * 0.9, Math.max(this.rate * 0.5, measured * 0.95));
    }
    this.cuts += 1;
    this.lastCutAt = now;
    this.rate = Math.max(this.minRate, next);
    this.lastMax = this.rate;
    this.aboveSteps = 0;
    this.lastGrowth = now;
    this.waitedSinceGrowth = false;
    this.memory?.store.set(this.memory.key, this.rate);
  }

  /** Milliseconds until the next request may go: the opening burst goes at once, the rest at the rate (and never above the ceiling). */
  private waitFor(now: number): number {
    if (this.lastMax === undefined && now - this.lastRelease > INTERVAL_MS && this.lastRelease > -Infinity) {
      // A quiet second: probe again from the opening burst.
      this.burst = Math.max(1, Math.floor(this.opening));
      this.rate = Math.min(this.maxRate, (this.burst * 1000) / PROBE_MS);
    }
    const ceiling = Number.isFinite(this.maxRate) ? this.lastRelease + 1000 / this.maxRate - now : 0;
    return this.burst > 0 ? ceiling : this.lastRelease + 1000 / this.rate - now;
  }

  private pump(): void {
    if (this.timer || this.waiting.length === 0) return;
    this.grow();
    const now = this.now();
    const wait = this.waitFor(now);
    if (wait > 0) {
      this.waitedSinceGrowth = true;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    this.lastRelease = now;
    if (this.burst > 0) this.burst -= 1;
    if (this.lastMax === undefined) {
      this.sent.push(now);
      while (this.sent.length > 0 && now - this.sent[0] > INTERVAL_MS) this.sent.shift();
    }
    this.waiting.shift()?.();
    if (this.waiting.length > 0) this.pump();
  }

  /**
   * Probing: the rate doubles every 25 ms in which callers waited. Pacing: each second in which
   * callers waited without throttling probes further above the last cut's rate.
   */
  private grow(): void {
    const now = this.now();
    const target = this.lastMax;
    if (now - this.lastGrowth < (target === undefined ? PROBE_MS : INTERVAL_MS)) return;
    if (this.waitedSinceGrowth) {
      // Pacing grows from the rate of the last cut (lastMax is set to it at every cut), never below it.
      const next = target === undefined ? this.rate * 2 : this.rate * (1 + 0.02 * 2 ** this.aboveSteps++);
      this.rate = Math.min(this.maxRate, next);
    }
    this.lastGrowth = now;
    this.waitedSinceGrowth = false;
  }
}

const shared = new Map<string, AdaptiveRateLimiter>();

/** The process-wide limiter for one endpoint and AccessKey (and ceiling). */
export function sharedLimiter(endpoint: string, accessKeyId: string, options: RateLimitOptions = {}, memory?: RateMemory): AdaptiveRateLimiter {
  const key = JSON.stringify([endpoint, accessKeyId, options.maxRate ?? null, options.initialRate ?? null]);
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new AdaptiveRateLimiter(options, Date.now, memory ? { store: memory, key: memory.keyFor(endpoint, accessKeyId) } : undefined);
    shared.set(key, limiter);
  }
  return limiter;
}
