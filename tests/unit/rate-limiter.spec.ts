import { expect } from "chai";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as sinon from "sinon";
import { AdaptiveRateLimiter, sharedLimiter, type Ticket } from "../../lib/client/rate-limiter";
import { aboveStep, belowStep, paceCutRate, probedRate } from "../../lib/client/rate-rules";
import {
  FileRateMemory,
  RATE_MEMORY_MAX_AGE_MS,
  defaultRateMemory,
  type RateMemory,
  type RememberedRate,
} from "../../lib/client/rate-memory";

/** A memory in a map, for limiters that must remember. */
class MapMemory implements RateMemory {
  readonly entries = new Map<string, RememberedRate>();
  readonly writes: RememberedRate[] = [];
  keyFor = (e: string, k: string): string => `${e}|${k}`;
  get = (key: string): RememberedRate | undefined => this.entries.get(key);
  set = (key: string, r: RememberedRate): void => {
    this.writes.push(r);
    this.entries.set(key, r);
  };
}

describe("adaptive rate limiter", () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => clock.restore());

  /** One caller, with the clock run until it is let through. */
  async function take(limiter: AdaptiveRateLimiter): Promise<Ticket> {
    const p = limiter.acquire();
    await clock.runAllAsync();
    return p;
  }

  /** One request let through and accepted. */
  async function answered(limiter: AdaptiveRateLimiter): Promise<void> {
    limiter.onAccepted(await take(limiter));
  }

  /** `n` callers at once; `got` fills with the tickets of those let through. */
  function callers(limiter: AdaptiveRateLimiter, n: number): { got: Ticket[]; all: Promise<Ticket[]> } {
    const got: Ticket[] = [];
    const all = Promise.all(
      Array.from({ length: n }, () =>
        limiter.acquire().then((t) => {
          got.push(t);
          return t;
        }),
      ),
    );
    return { got, all };
  }

  /** Lets `n` callers through at once (answering none) and returns when each was let through (ms from now). */
  async function burst(limiter: AdaptiveRateLimiter, n: number): Promise<number[]> {
    const t0 = Date.now();
    const { all } = callers(limiter, n);
    await clock.runAllAsync();
    return (await all).map((t) => t.sentAt - t0).sort((a, b) => a - b);
  }

  /** A limiter that paces from the start: a remembered cut at `rate`. */
  function pacing(rate: number): AdaptiveRateLimiter {
    const memory = new MapMemory();
    memory.entries.set("h|k", { rate });
    return new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "h|k" });
  }

  /**
   * Callers that keep `demand` requests waiting, against a service that answers every request
   * `rttMs` after it was let through: the number of round trips until `total` were let through.
   */
  async function roundsToSend(limiter: AdaptiveRateLimiter, total: number, rttMs: number): Promise<number> {
    const { got, all } = callers(limiter, total);
    await clock.tickAsync(0);
    let rounds = 0;
    let answeredUpTo = 0;
    while (got.length < total && rounds < 50) {
      await clock.tickAsync(rttMs);
      const now = got.length;
      for (const t of got.slice(answeredUpTo, now)) limiter.onAccepted(t);
      answeredUpTo = now;
      await clock.tickAsync(0);
      rounds += 1;
    }
    await all;
    return rounds;
  }

  describe("probing an account that has not throttled", () => {
    it("lets the first `initialRate` requests go at once and holds the rest until answers come back, however long that takes", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 4 });
      const { got } = callers(limiter, 12);
      await clock.tickAsync(0);
      expect(got).to.have.length(4);
      await clock.tickAsync(60_000);
      expect(got).to.have.length(4);
      expect(limiter.probing).to.equal(true);
      expect(limiter.currentWindow).to.equal(4);
    });

    it("widens the window by one per accepted answer that finds callers waiting: two go for each answer", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 4 });
      const { got } = callers(limiter, 12);
      await clock.tickAsync(0);
      limiter.onAccepted(got[0]);
      await clock.tickAsync(0);
      expect(got).to.have.length(6);
      expect(limiter.currentWindow).to.equal(5);
    });

    it("doubles per round trip whatever the round trip is: 100 requests in 3 round trips from a window of 10, at 30 ms and at 300 ms", async () => {
      expect(await roundsToSend(new AdaptiveRateLimiter({ initialRate: 10 }), 100, 30)).to.equal(3);
      expect(await roundsToSend(new AdaptiveRateLimiter({ initialRate: 10 }), 100, 300)).to.equal(3);
    });

    it("does not widen on answers that find nobody waiting, nor on a request that ended with no answer", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 4 });
      const { got, all } = callers(limiter, 4);
      await all;
      for (const t of got) limiter.onAccepted(t);
      expect(limiter.currentWindow).to.equal(4);
      const more = callers(limiter, 6);
      await clock.tickAsync(0);
      expect(more.got).to.have.length(4);
      limiter.release(more.got[0]);
      await clock.tickAsync(0);
      expect(more.got).to.have.length(5); // the place was freed
      expect(limiter.currentWindow).to.equal(4); // and nothing learnt
    });

    it("counts each ticket once: an answer handed back twice, or after release, changes nothing", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 2 });
      const { got } = callers(limiter, 6);
      await clock.tickAsync(0);
      limiter.onAccepted(got[0]);
      limiter.onAccepted(got[0]);
      limiter.release(got[0]);
      limiter.onThrottled(got[0]);
      await clock.tickAsync(0);
      expect(limiter.currentWindow).to.equal(3);
      expect(got).to.have.length(4); // the freed place and the new one, once
      expect(limiter.throttled).to.equal(0);
      expect(limiter.probing).to.equal(true);
    });

    it("cuts on the first throttling answer to 95 % of what was accepted since the window filled, a second's worth counted as a second", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
      const first = callers(limiter, 30);
      await clock.tickAsync(0);
      await clock.tickAsync(300);
      for (const t of first.got.slice(0, 10)) limiter.onAccepted(t); // the opening ten, then twenty more go
      await clock.tickAsync(300);
      for (const t of first.got.slice(10, 13)) limiter.onAccepted(t); // three of them fit the quota
      limiter.onThrottled(first.got[13]);
      expect(limiter.probing).to.equal(false);
      expect(limiter.currentRate).to.be.closeTo(0.95 * probedRate(13, 300), 1e-9);
      expect(limiter.currentRate).to.be.closeTo(9.5, 1e-9); // 13 accepted in the 1.3 s the quota gave: 10 a second
      for (const t of first.got.slice(14, 30)) limiter.onThrottled(t); // the rest of that wave: no second cut
      expect(limiter.currentRate).to.be.closeTo(9.5, 1e-9);
      expect(limiter.throttled).to.equal(17);
    });

    it("measures from when the window first fills, from the oldest request then in flight: answers before that tell nothing", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 4 });
      for (let i = 0; i < 2; i++) await answered(limiter); // one at a time: never full
      await clock.tickAsync(500);
      const { got } = callers(limiter, 20);
      await clock.tickAsync(0); // four go at 500: full
      await clock.tickAsync(300);
      for (const t of got.slice(0, 4)) limiter.onAccepted(t); // eight more go at 800
      await clock.tickAsync(300);
      for (const t of got.slice(4, 6)) limiter.onAccepted(t);
      limiter.onThrottled(got[6]);
      expect(limiter.currentRate).to.be.closeTo(0.95 * probedRate(6, 300), 1e-9);
    });

    it("measures from the oldest request in flight when the window fills, not the newest", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 4 });
      await clock.tickAsync(500);
      const first = await take(limiter); // at 500
      await clock.tickAsync(100);
      const { got } = callers(limiter, 3); // at 600: full
      await clock.tickAsync(0);
      await clock.tickAsync(400);
      for (const t of [first, ...got.slice(0, 2)]) limiter.onAccepted(t);
      limiter.onThrottled(got[2]);
      expect(limiter.currentRate).to.be.closeTo(0.95 * probedRate(3, 100), 1e-9); // from 500: 3 in 1.1 s
    });

    it("writes no rate to memory while its ceiling holds callers: the account has not throttled", async () => {
      const memory = new MapMemory();
      const limiter = new AdaptiveRateLimiter({ initialRate: 10, maxRate: 2 }, Date.now, { store: memory, key: "x" });
      const { all } = callers(limiter, 6); // 2.5 s at the ceiling
      await clock.runAllAsync();
      for (const t of await all) limiter.onAccepted(t);
      expect(limiter.probing).to.equal(true);
      expect(memory.writes.filter((w) => w.rate !== undefined)).to.deep.equal([]);
    });

    it("cuts to 95 % of the opening window, or of what was accepted in the last second when more, when the window never filled", async () => {
      const few = new AdaptiveRateLimiter({ initialRate: 10 });
      for (let i = 0; i < 3; i++) await answered(few);
      await clock.tickAsync(1500);
      await answered(few);
      await answered(few);
      few.onThrottled(await take(few)); // someone else's calls pressed the quota: two of ours a second tell nothing
      expect(few.currentRate).to.be.closeTo(9.5, 1e-9);
      const many = new AdaptiveRateLimiter({ initialRate: 10 });
      for (let i = 0; i < 14; i++) await answered(many); // one at a time: the window never fills
      many.onThrottled(await take(many));
      expect(many.currentRate).to.be.closeTo(0.95 * 14, 1e-9);
    });

    it("measures again from the next time the window fills after a quiet second, when a per-second quota has refilled", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 2 });
      const first = callers(limiter, 2);
      for (const t of await first.all) limiter.onAccepted(t);
      await clock.tickAsync(5000);
      const again = callers(limiter, 2);
      const [a, b] = await again.all;
      limiter.onAccepted(a);
      limiter.onThrottled(b);
      expect(limiter.currentRate).to.be.closeTo(0.95, 1e-9); // 1 accepted since it filled again, not 3 over 6 s
    });

    it("keeps measuring across a pause of exactly a second, or a long one while a request is in flight", async () => {
      await clock.tickAsync(5000); // Date.now() is far from 0
      const limiter = new AdaptiveRateLimiter({ initialRate: 2 });
      const first = callers(limiter, 2);
      for (const t of await first.all) limiter.onAccepted(t);
      await clock.tickAsync(1000); // exactly a second: not quiet
      const held = await take(limiter);
      await clock.tickAsync(2000); // long, but a request is in flight
      const t = await take(limiter);
      limiter.onAccepted(held);
      limiter.onThrottled(t);
      expect(limiter.currentRate).to.be.closeTo(0.95 * probedRate(3, 3000), 1e-9);
    });

    it("never cuts below the floor, nor lets requests through faster than the ceiling", async () => {
      expect(await burst(new AdaptiveRateLimiter({ initialRate: 10, maxRate: 20 }), 3)).to.deep.equal([0, 50, 100]);
      const floored = new AdaptiveRateLimiter({ initialRate: 1, minRate: 0.5 });
      floored.onThrottled(await take(floored)); // the window of one filled, and nothing was accepted
      expect(floored.currentRate).to.equal(0.5);
      const memory = new MapMemory();
      memory.entries.set("x", { rate: 100 });
      expect(new AdaptiveRateLimiter({ maxRate: 4 }, Date.now, { store: memory, key: "x" }).currentRate).to.equal(4);
    });
  });

  describe("the cuts", () => {
    const first: Array<[number, number, number]> = [
      // accepted, ms since the window filled, rate
      [10, 0, 10],
      [13, 300, 10],
      [20, 1000, 10],
      [0, 100, 0],
      [10, -5, 10], // a request let through before the measurement began
    ];
    for (const [accepted, ms, rate] of first) {
      it(`probed: ${accepted} accepted ${ms} ms after the window filled is ${rate} per second`, () => {
        expect(probedRate(accepted, ms)).to.be.closeTo(rate, 1e-9);
      });
    }
    const later: Array<[number, number | undefined, number]> = [
      // rate, measured, next
      [10, undefined, 7],
      [10, 2.5, 5], // never below half
      [10, 19, 9], // never above 90 %
      [10, 8, 7.6],
    ];
    for (const [k, step] of [
      [0, 0.01],
      [4, 0.01],
      [5, 0.02],
      [6, 0.04],
    ]) {
      it(`growth above the rate last measured, in its second ${k}: ${step * 100} %`, () => {
        expect(aboveStep(k)).to.equal(step);
      });
    }
    for (const [k, step] of [
      [0, 0.02],
      [1, 0.04],
      [3, 0.16],
    ]) {
      it(`growth below the rate last measured, in its second ${k}: ${step * 100} %`, () => {
        expect(belowStep(k)).to.equal(step);
      });
    }
    for (const [rate, measured, next] of later) {
      it(`later cut: at ${rate}/s with ${measured ?? "no"} measured it is ${next}`, () => {
        expect(paceCutRate(rate, measured)).to.be.closeTo(next, 1e-9);
      });
    }
  });

  describe("pacing an account that throttles", () => {
    it("cuts once per wave: an answer to a request let through before the last cut does not cut again", async () => {
      const limiter = pacing(10);
      const a = await take(limiter);
      const b = await take(limiter);
      await clock.tickAsync(1000);
      limiter.onThrottled(a);
      expect(limiter.currentRate).to.equal(7);
      limiter.onThrottled(b);
      expect(limiter.currentRate).to.equal(7);
      expect(limiter.throttled).to.equal(2);
    });

    it("does not cut twice within a second, even for a request of the new rate", async () => {
      const limiter = pacing(10);
      await clock.tickAsync(1000);
      limiter.onThrottled(await take(limiter));
      const c = await take(limiter);
      limiter.onThrottled(c);
      expect(limiter.currentRate).to.equal(7);
      await clock.tickAsync(1000);
      const t = await take(limiter);
      const before = limiter.currentRate;
      limiter.onThrottled(t);
      expect(limiter.currentRate).to.be.closeTo(before * 0.7, 1e-9);
    });

    it("cuts to what the service accepted over the last two seconds, as the clock moves", async () => {
      const limiter = pacing(12);
      for (let i = 0; i < 30; i++) {
        await answered(limiter);
        await clock.tickAsync(100); // 10 per second, for three seconds: only the last two count
      }
      limiter.onThrottled(await take(limiter));
      expect(limiter.currentRate).to.be.closeTo(10 * 0.95, 1e-9);
    });

    it("grows back to the rate last measured by 2, 4, 8 %, never past it, then above it by 1 % a second for five seconds, faster after", async () => {
      const limiter = pacing(12);
      for (let i = 0; i < 30; i++) {
        await answered(limiter);
        await clock.tickAsync(100); // the service accepts 10 a second
      }
      limiter.onThrottled(await take(limiter));
      const rates: number[] = [];
      callers(limiter, 150);
      for (let i = 0; i < 200; i++) {
        await clock.tickAsync(50);
        if (rates.at(-1) !== limiter.currentRate) rates.push(limiter.currentRate);
      }
      const expected = [
        9.5,
        9.5 * 1.02,
        10,
        10.1,
        10.1 * 1.01,
        10.1 * 1.01 ** 2,
        10.1 * 1.01 ** 3,
        10.1 * 1.01 ** 4,
        10.1 * 1.01 ** 4 * 1.02,
      ];
      expect(rates.slice(0, expected.length).map((r) => r.toFixed(6))).to.deep.equal(expected.map((r) => r.toFixed(6)));
    });

    it("slows requests already waiting as soon as it cuts", async () => {
      const limiter = pacing(10);
      await clock.tickAsync(1000);
      const first = await take(limiter);
      const t0 = Date.now();
      const times: number[] = [];
      const rest = Promise.all([1, 2].map(() => limiter.acquire().then(() => times.push(Date.now() - t0))));
      limiter.onThrottled(first);
      await clock.runAllAsync();
      await rest;
      expect(times).to.deep.equal([143, 286]);
    });

    it("counts exactly five accepted answers as a measurement, and keeps an answer accepted exactly two seconds ago", async () => {
      const five = pacing(10);
      for (let i = 0; i < 5; i++) {
        await clock.tickAsync(100); // at the pace: nobody waits, so the rate does not grow
        await answered(five);
      }
      five.onThrottled(await take(five));
      expect(five.currentRate).to.equal(5); // 2.5/s measured, kept at half the rate
      const edge = pacing(100);
      const t0 = Date.now();
      for (let i = 0; i < 5; i++) {
        await clock.tickAsync(i === 0 ? 0 : 10);
        await answered(edge);
      }
      await clock.tickAsync(2000 - (Date.now() - t0));
      edge.onThrottled(await take(edge));
      expect(edge.currentRate).to.equal(50); // 5 in two seconds, the oldest exactly two seconds old
    });

    it("cuts again exactly one second after the last cut", async () => {
      const limiter = pacing(10);
      const t0 = Date.now();
      limiter.onThrottled(await take(limiter));
      expect(limiter.currentRate).to.equal(7);
      const ticket = await take(limiter);
      await clock.tickAsync(1000 - (Date.now() - t0));
      limiter.onThrottled(ticket);
      expect(limiter.currentRate).to.be.closeTo(4.9, 1e-9);
    });

    it("grows exactly a second after the cut when callers waited, and not again unless they wait", async () => {
      const limiter = pacing(10);
      const t0 = Date.now();
      limiter.onThrottled(await take(limiter));
      await burst(limiter, 3); // callers wait at 7/s
      await clock.tickAsync(1000 - (Date.now() - t0));
      await take(limiter);
      expect(limiter.currentRate).to.be.closeTo(7 * 1.01, 1e-9); // 7 is all that was measured: above it, 1 %
      await clock.tickAsync(1000);
      await take(limiter); // goes at once: nobody waited
      expect(limiter.currentRate).to.be.closeTo(7 * 1.01, 1e-9);
    });

    it("stays pacing when answers come back while callers wait, and writes no peak over the rate it remembers", async () => {
      const memory = new MapMemory();
      memory.entries.set("x", { rate: 5 });
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "x" });
      const t0 = Date.now();
      const first = await take(limiter);
      const times: number[] = [];
      const rest = Promise.all([1, 2].map(() => limiter.acquire().then((t) => times.push(t.sentAt - t0))));
      limiter.onAccepted(first);
      await clock.runAllAsync();
      await rest;
      expect(times).to.deep.equal([200, 400]);
      expect(limiter.probing).to.equal(false);
      expect(memory.writes).to.deep.equal([]);
    });

    it("paces and grows without a memory", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
      limiter.onThrottled(await take(limiter));
      await burst(limiter, 5); // callers wait for over a second
      expect(limiter.currentRate).to.be.greaterThan(0.5);
    });

    it("does not grow after a cut unless callers waited since", async () => {
      const limiter = pacing(10);
      limiter.onThrottled(await take(limiter));
      await clock.tickAsync(1000);
      await take(limiter);
      expect(limiter.currentRate).to.equal(7);
    });
  });

  describe("remembering an account between processes", () => {
    it("starts a throttled account pacing at the rate it was cut to, with no opening burst", async () => {
      const limiter = pacing(5);
      expect(limiter.probing).to.equal(false);
      expect(await burst(limiter, 3)).to.deep.equal([0, 200, 400]);
    });

    it("opens an account that never throttled as wide as the most it accepted in a second", async () => {
      const memory = new MapMemory();
      memory.entries.set("x", { accepted: 60 });
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "x" });
      const { got } = callers(limiter, 100);
      await clock.tickAsync(0);
      expect(got).to.have.length(60);
      expect(new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: new MapMemory(), key: "x" }).currentWindow).to.equal(10);
    });

    it("remembers each rate it grows to while pacing", async () => {
      const memory = new MapMemory();
      memory.entries.set("x", { rate: 10 });
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "x" });
      await burst(limiter, 25); // callers wait for over two seconds
      expect(memory.writes.length).to.be.at.least(2);
      expect(memory.entries.get("x")).to.deep.equal({ rate: limiter.currentRate });
      expect(limiter.currentRate).to.be.greaterThan(10);
    });

    it("remembers the rate each cut lands on, in place of a peak", async () => {
      const memory = new MapMemory();
      memory.entries.set("x", { accepted: 20 });
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "x" });
      await answered(limiter);
      limiter.onThrottled(await take(limiter));
      expect(memory.entries.get("x")).to.deep.equal({ rate: limiter.currentRate });
    });

    it("remembers an unthrottled account's peak within one second once it passes the opening window, and each higher one", async () => {
      const memory = new MapMemory();
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "x" });
      await roundsToSend(limiter, 100, 30);
      expect(memory.writes.length).to.be.greaterThan(0);
      const peaks = memory.writes.map((w) => w.accepted!);
      expect(peaks[0]).to.equal(11);
      for (let i = 1; i < peaks.length; i++) expect(peaks[i]).to.equal(peaks[i - 1] + 1);
      expect(peaks.at(-1)).to.equal(70); // the three answered rounds: 10 + 20 + 40
      expect(memory.writes.every((w) => w.rate === undefined)).to.equal(true);
    });

    it("counts only the last second's answers in a peak, and writes a remembered peak again when it is reached", async () => {
      const memory = new MapMemory();
      memory.entries.set("x", { accepted: 12 });
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "x" });
      for (let i = 0; i < 15; i++) {
        await answered(limiter);
        await clock.tickAsync(200); // five a second, fifteen in all: never a peak of twelve
      }
      expect(memory.writes).to.deep.equal([]);
      await clock.tickAsync(1001);
      const { got, all } = callers(limiter, 12);
      await all;
      for (const t of got) limiter.onAccepted(t);
      expect(memory.writes).to.deep.equal([{ accepted: 12 }]);
      await clock.tickAsync(1001);
      const again = callers(limiter, 12);
      for (const t of await again.all) limiter.onAccepted(t); // the same peak: written no more
      await clock.tickAsync(1001);
      for (let i = 0; i < 5; i++) {
        await clock.tickAsync(300);
        await answered(limiter); // at most four a second: a lower one, neither
      }
      expect(memory.writes).to.deep.equal([{ accepted: 12 }]);
    });

    it("counts an answer exactly one second old in a peak", async () => {
      const memory = new MapMemory();
      memory.entries.set("x", { accepted: 12 });
      const limiter = new AdaptiveRateLimiter({ initialRate: 4 }, Date.now, { store: memory, key: "x" });
      const early = callers(limiter, 5);
      for (const t of await early.all) limiter.onAccepted(t);
      await clock.tickAsync(1000);
      const late = callers(limiter, 7);
      for (const t of await late.all) limiter.onAccepted(t);
      expect(memory.writes).to.deep.equal([{ accepted: 12 }]);
    });

    it("keeps it in a private file, keyed by a hash of endpoint and AccessKey ID, for six hours", () => {
      const dir = mkdtempSync(join(tmpdir(), "rates-"));
      const path = join(dir, "cache", "rates.json");
      let now = 1_000_000;
      const memory = new FileRateMemory(path, () => now);
      const key = memory.keyFor("https://ververica.cn-hangzhou.aliyuncs.com", "LTAIsecretish0001");
      const other = memory.keyFor("https://ververica.cn-hangzhou.aliyuncs.com", "LTAIsecretish0002");
      memory.set(key, { rate: 7.5 });
      memory.set(other, { accepted: 40 });
      expect(new FileRateMemory(path, () => now).get(key)).to.deep.equal({ rate: 7.5 });
      expect(new FileRateMemory(path, () => now).get(other)).to.deep.equal({ accepted: 40 });
      expect(readFileSync(path, "utf8")).to.not.contain("LTAIsecretish000");
      expect(statSync(path).mode & 0o777).to.equal(0o600);
      now += RATE_MEMORY_MAX_AGE_MS;
      expect(new FileRateMemory(path, () => now).get(key)).to.equal(undefined);
    });

    it("shares the file with 0.1.x: reads the rates it wrote, and writes no entry it would misread", () => {
      const dir = mkdtempSync(join(tmpdir(), "rates-"));
      const path = join(dir, "rates.json");
      const now = 1_000_000;
      writeFileSync(path, JSON.stringify({ version: 1, accounts: { a: { rate: 3, at: now } } }));
      const memory = new FileRateMemory(path, () => now);
      expect(memory.get("a")).to.deep.equal({ rate: 3 });
      memory.set("b", { accepted: 50 });
      const saved = JSON.parse(readFileSync(path, "utf8")) as { version: number; accounts: Record<string, { rate?: number; at: number }> };
      expect(saved.version).to.equal(1);
      // 0.1.x's reading: `e && now - e.at < MAX_AGE && e.rate > 0 ? e.rate : undefined`
      const old = (k: string): number | undefined => {
        const e = saved.accounts[k];
        return e && now - e.at < RATE_MEMORY_MAX_AGE_MS && (e.rate ?? NaN) > 0 ? e.rate : undefined;
      };
      expect(old("a")).to.equal(3);
      expect(old("b")).to.equal(undefined);
    });

    it("is a cache: an unwritable or corrupt file, or an entry of no positive number, changes nothing, and ALICLOUD_FLINK_RATE_CACHE=off turns it off", () => {
      const memory = new FileRateMemory(join(__filename, "rates.json")); // under a file: cannot be written
      memory.set("k", { rate: 3 });
      expect(memory.get("k")).to.equal(undefined);
      const dir = mkdtempSync(join(tmpdir(), "rates-"));
      const path = join(dir, "rates.json");
      writeFileSync(
        path,
        JSON.stringify({ version: 1, accounts: { z: { rate: 0, accepted: -1, at: Date.now() }, n: { rate: "9", at: Date.now() } } }),
      );
      expect(new FileRateMemory(path).get("z")).to.equal(undefined);
      expect(new FileRateMemory(path).get("n")).to.equal(undefined);
      writeFileSync(path, "{not json");
      expect(new FileRateMemory(path).get("z")).to.equal(undefined);
      expect(defaultRateMemory({ ALICLOUD_FLINK_RATE_CACHE: "off" })).to.equal(undefined);
      expect((defaultRateMemory({ ALICLOUD_FLINK_RATE_CACHE: "/x/r.json" }) as FileRateMemory).path).to.equal("/x/r.json");
    });
  });

  describe("at the edges", () => {
    it("hands each request the number of cuts made when it was let through, and when", async () => {
      const limiter = pacing(10);
      const t = await take(limiter);
      expect(t).to.deep.equal({ epoch: 0, sentAt: Date.now() });
      await clock.tickAsync(1000);
      limiter.onThrottled(await take(limiter));
      expect((await take(limiter)).epoch).to.equal(1);
    });

    it("ignores an answer to a request let through before the last cut, even a second later", async () => {
      const limiter = pacing(10);
      const a = await take(limiter);
      const b = await take(limiter);
      await clock.tickAsync(1000);
      limiter.onThrottled(a);
      await clock.tickAsync(1500);
      limiter.onThrottled(b);
      expect(limiter.currentRate).to.equal(7);
    });

    it("keeps a limiter per ceiling and opening rate, and starts one for a remembered account pacing", () => {
      expect(sharedLimiter("https://edge", "K", { maxRate: 5 })).to.not.equal(sharedLimiter("https://edge", "K", { maxRate: 6 }));
      expect(sharedLimiter("https://edge", "K", { initialRate: 5 })).to.not.equal(sharedLimiter("https://edge", "K", { initialRate: 6 }));
      const memory = new MapMemory();
      memory.entries.set("https://edge-mem|K", { rate: 3 });
      const limiter = sharedLimiter("https://edge-mem", "K", {}, memory);
      expect(limiter.probing).to.equal(false);
      expect(limiter.currentRate).to.equal(3);
    });
  });

  it("is shared by endpoint and AccessKey", () => {
    expect(sharedLimiter("https://h", "LTAI1")).to.equal(sharedLimiter("https://h", "LTAI1"));
    expect(sharedLimiter("https://h", "LTAI1")).to.not.equal(sharedLimiter("https://h", "LTAI2"));
    expect(sharedLimiter("https://h", "LTAI1")).to.not.equal(sharedLimiter("https://h2", "LTAI1"));
  });

  it("refuses a rate that is not positive", () => {
    expect(() => new AdaptiveRateLimiter({ maxRate: 0 })).to.throw(RangeError, /positive/);
    expect(() => new AdaptiveRateLimiter({ initialRate: -1 })).to.throw(RangeError, /initialRate/);
  });
});
