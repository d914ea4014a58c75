import type { RateMemory, RememberedRate } from "./rate-memory";
import { aboveStep, BELOW_MEASURED, belowStep, DEFAULT_INITIAL_RATE, MEASURE_MS, paceCutRate, probedRate, SECOND_MS } from "./rate-rules";

/**
 * One adaptive rate limiter per endpoint and AccessKey, shared by every call of the process (the
 * provider host serves every resource of a `pulumi` command). Alibaba Cloud throttles per
 * account, so the limit is the account's, not any one call's.
 *
 * Two phases, like TCP's slow start and congestion avoidance, both clocked by answers and none by
 * an assumed round trip:
 * - **Probe**, until the account is first seen to throttle: at most a window of requests are in
 *   flight, `initialRate` at first; each accepted answer that finds callers waiting widens it by
 *   one, so it doubles per round trip whatever the round trip is. A request with no answer (a
 *   reset, a timeout) frees its place without widening.
 * - **Pace**, from the first throttling answer on: the window gives way to a rate, cut to 95 % of
 *   what the service was seen to accept since the window first filled (`probedRate`); later
 *   throttling answers to requests let through after the last cut, a second or more after it,
 *   cut it to 95 % of what the service accepted over the last two seconds, kept between 50 % and
 *   90 % of the current rate (`paceCutRate`). Each second of waiting without throttling grows the
 *   rate: by 2 %, 4 %, 8 %... back up to the rate last measured, then above it by `aboveStep`
 *   (CUBIC's shape, in steps).
 * An answer to a request let through before the last cut never cuts again: the wave it belongs
 * to was already answered for.
 *
 * With a RateMemory, what an account showed is remembered between commands (each `pulumi`
 * command starts a new host): the rate it was last cut or grown to, so the next command paces it
 * from its first request, and, for an account that never throttled, the most answers it accepted within one
 * second, so the next command opens with that many in flight. Never below `minRate`, never above
 * `maxRate`.
 */
export interface RateLimitOptions {
  /** Requests in flight at first while probing, and the floor of the opening window. Defaults to 10. */
  readonly initialRate?: number;
  /** A ceiling the rate never exceeds. Defaults to none. */
  readonly maxRate?: number;
  /** A floor the rate never goes below. Defaults to 0.5. */
  readonly minRate?: number;
}

/** Given back by `acquire`, handed back with the answer: which cut and when let the request through. */
export interface Ticket {
  /** How many cuts had been made when the request was let through. */
  readonly epoch: number;
  /** When it was let through (the limiter's clock). */
  readonly sentAt: number;
}

export class AdaptiveRateLimiter {
  private rate: number;
  private readonly maxRate: number;
  private readonly minRate: number;
  private readonly waiting: Array<(t: Ticket) => void> = [];
  /** Requests let through whose answer has not come back. */
  private readonly inFlight = new Set<Ticket>();
  private timer: NodeJS.Timeout | undefined;
  private lastRelease = -Infinity;
  /** Requests allowed in flight while probing; undefined once pacing. */
  private window: number | undefined;
  /** The opening window: what an account never seen is trusted with. */
  private readonly opening: number;
  /**
   * When the probe's measurement began: the window first full (what the service accepts before
   * that tells nothing of its quota), or first full again after a quiet second.
   */
  private origin: number | undefined;
  /** Accepted answers since `origin`. */
  private acceptedSinceOrigin = 0;
  /** The rate the service was last measured to accept: pacing grows to it, then probes above it. */
  private quota: number;
  private cuts = 0;
  private lastCutAt = -Infinity;
  private lastGrowth: number;
  private waitedSinceGrowth = false;
  /** Seconds of growth below the rate last measured (each step doubles), and above it (see aboveStep). */
  private belowSteps = 0;
  private aboveSteps = 0;
  /** When recent answers that were not throttled came back (the last two seconds). */
  private accepted: number[] = [];
  /** The fewest answers accepted within one second worth writing to memory. */
  private nextPeak: number;
  /** Throttling answers seen; for reports. */
  throttled = 0;

  constructor(
    options: RateLimitOptions = {},
    private readonly now: () => number = Date.now,
    private readonly memory?: { readonly store: RateMemory; readonly key: string },
  ) {
    this.maxRate = options.maxRate ?? Infinity;
    this.minRate = Math.min(options.minRate ?? 0.5, this.maxRate);
    const initial = options.initialRate ?? DEFAULT_INITIAL_RATE;
    for (const [k, v] of Object.entries({ initialRate: initial, maxRate: this.maxRate, minRate: this.minRate })) {
      if (!(v > 0)) throw new RangeError(`rate limit ${k} must be a positive number of requests per second, got ${v}`);
    }
    const opening = Math.max(1, Math.floor(initial));
    this.opening = opening;
    const remembered: RememberedRate | undefined = memory?.store.get(memory.key);
    this.rate = this.bounded(initial);
    this.window = Math.max(opening, Math.floor(remembered?.accepted ?? 0));
    // A peak above the opening window is worth remembering; reaching the remembered one again
    // writes it anew, so an account in daily use is not forgotten after six hours.
    this.nextPeak = Math.max(opening + 1, Math.ceil(remembered?.accepted ?? 0));
    if (remembered?.rate !== undefined) {
      // Throttled before: pace at the rate it was cut to, without probing.
      this.rate = this.bounded(remembered.rate);
      this.window = undefined;
    }
    // A remembered rate is the only measure there is: pacing probes above it from the start.
    this.quota = this.rate;
    this.lastGrowth = now();
  }

  /** Requests per second allowed now (while probing: the opening rate, which no window uses). */
  get currentRate(): number {
    return this.rate;
  }

  /** Requests allowed in flight while probing; undefined once pacing. */
  get currentWindow(): number | undefined {
    return this.window;
  }

  /** Whether the limiter is still probing (has not seen the account throttle). */
  get probing(): boolean {
    return this.window !== undefined;
  }

  /** Waits for this request's turn. Every ticket must be handed back: onAccepted, onThrottled or release. */
  acquire(): Promise<Ticket> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  /** An answer that was not a throttling one came back for the request let through with `ticket`. */
  onAccepted(ticket: Ticket): void {
    if (!this.inFlight.delete(ticket)) return;
    const now = this.now();
    this.accepted.push(now);
    this.forgetOldAnswers(now);
    if (this.window !== undefined) {
      // Every request in flight was let through since `origin` (it is set from the oldest of them,
      // and reset only when none is in flight); the count starts again when it is set.
      this.acceptedSinceOrigin += 1;
      if (this.waiting.length > 0) this.window += 1;
      this.rememberPeak(now);
    }
    this.pump();
  }

  /** A throttling answer came back for the request let through with `ticket`. */
  onThrottled(ticket: Ticket): void {
    if (!this.inFlight.delete(ticket)) return;
    this.throttled += 1;
    const now = this.now();
    // Probing, no cut was made yet: lastCutAt is still -Infinity.
    if (ticket.epoch === this.cuts && now - this.lastCutAt >= SECOND_MS) this.cut(ticket, now);
    this.pump();
  }

  /** The request let through with `ticket` ended with no answer (a reset, a timeout): its place is free, nothing is learnt. */
  release(ticket: Ticket): void {
    if (this.inFlight.delete(ticket)) this.pump();
  }

  private cut(ticket: Ticket, now: number): void {
    let next: number;
    if (this.window !== undefined) {
      // Never full yet: our calls did not press the quota (someone else's did), so they tell
      // nothing of it beyond what was accepted in the last second; the opening window, trusted to
      // any account, stays the floor.
      this.quota =
        this.origin === undefined
          ? Math.max(this.opening, this.answersWithin(now, SECOND_MS))
          : probedRate(this.acceptedSinceOrigin, ticket.sentAt - this.origin);
      next = this.quota * BELOW_MEASURED;
      this.window = undefined;
    } else {
      const accepted = this.answersWithin(now, MEASURE_MS);
      const measured = accepted >= 5 ? (accepted * SECOND_MS) / MEASURE_MS : undefined;
      next = paceCutRate(this.rate, measured);
      this.quota = measured ?? next;
    }
    this.cuts += 1;
    this.lastCutAt = now;
    this.rate = this.bounded(next);
    this.belowSteps = 0;
    this.aboveSteps = 0;
    this.lastGrowth = now;
    this.waitedSinceGrowth = false;
    this.remember({ rate: this.rate });
  }

  private remember(what: RememberedRate): void {
    this.memory?.store.set(this.memory.key, what);
  }

  /** An account that has not throttled: remember the most answers it accepted within a second, when that grew. */
  private rememberPeak(now: number): void {
    const peak = this.answersWithin(now, SECOND_MS);
    if (peak < this.nextPeak) return;
    // Every new peak is written (a small file, a few times per command while it ramps up): the
    // next command opens exactly as wide as this one got.
    this.nextPeak = peak + 1;
    this.remember({ accepted: peak });
  }

  /** Accepted answers that came back within the last `ms`. */
  private answersWithin(now: number, ms: number): number {
    let n = 0;
    for (let i = this.accepted.length - 1; i >= 0 && now - this.accepted[i] <= ms; i--) n += 1;
    return n;
  }

  private forgetOldAnswers(now: number): void {
    while (this.accepted.length > 0 && now - this.accepted[0] > MEASURE_MS) this.accepted.shift();
  }

  private bounded(rate: number): number {
    return Math.max(this.minRate, Math.min(rate, this.maxRate));
  }

  /** Milliseconds until the next request may go, or Infinity while the window is full. */
  private waitFor(now: number): number {
    if (this.window === undefined) return this.lastRelease + SECOND_MS / this.rate - now;
    return this.inFlight.size >= this.window ? Infinity : this.lastRelease + SECOND_MS / this.maxRate - now;
  }

  private pump(): void {
    while (!this.timer && this.waiting.length > 0) {
      this.grow();
      const now = this.now();
      const wait = this.waitFor(now);
      if (wait === Infinity) return; // an answer pumps again
      if (wait > 0) {
        this.waitedSinceGrowth = true;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      if (this.window !== undefined && this.inFlight.size === 0 && now - this.lastRelease > SECOND_MS) {
        // After a quiet second a per-second quota has refilled: measure again from the next time the window fills.
        this.origin = undefined;
      }
      this.lastRelease = now;
      const ticket: Ticket = { epoch: this.cuts, sentAt: now };
      this.inFlight.add(ticket);
      if (this.window !== undefined && this.origin === undefined && this.inFlight.size >= this.window) {
        // Every request in flight now presses the quota: measure from the oldest of them (a Set
        // iterates in insertion order, and requests go in the order they are let through).
        this.origin = this.inFlight.values().next().value!.sentAt;
        this.acceptedSinceOrigin = 0;
      }
      this.waiting.shift()!(ticket);
    }
  }

  /**
   * Pacing: each second in which callers waited without throttling grows the rate: by 2 %, 4 %,
   * 8 %... back to the rate last measured (never past it), then above it by `aboveStep`.
   */
  private grow(): void {
    if (this.window !== undefined) return;
    const now = this.now();
    if (now - this.lastGrowth < SECOND_MS) return;
    if (this.waitedSinceGrowth) {
      const next =
        this.rate < this.quota
          ? Math.min(this.quota, this.rate * (1 + belowStep(this.belowSteps++)))
          : this.rate * (1 + aboveStep(this.aboveSteps++));
      this.rate = Math.min(this.maxRate, next);
      // At most once a second: the next command starts at the rate this one reached.
      this.remember({ rate: this.rate });
    }
    this.lastGrowth = now;
    this.waitedSinceGrowth = false;
  }
}

const shared = new Map<string, AdaptiveRateLimiter>();

/** The process-wide limiter for one endpoint and AccessKey (and ceiling). */
export function sharedLimiter(
  endpoint: string,
  accessKeyId: string,
  options: RateLimitOptions = {},
  memory?: RateMemory,
): AdaptiveRateLimiter {
  const key = JSON.stringify([endpoint, accessKeyId, options.maxRate ?? null, options.initialRate ?? null]);
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new AdaptiveRateLimiter(options, Date.now, memory ? { store: memory, key: memory.keyFor(endpoint, accessKeyId) } : undefined);
    shared.set(key, limiter);
  }
  return limiter;
}
