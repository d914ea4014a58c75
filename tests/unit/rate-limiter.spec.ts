import { expect } from "chai";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as sinon from "sinon";
import { AdaptiveRateLimiter, sharedLimiter, type Ticket } from "../../lib/client/rate-limiter";
import { FileRateMemory, RATE_MEMORY_MAX_AGE_MS, defaultRateMemory, type RateMemory } from "../../lib/client/rate-memory";

/** A memory in a map, for limiters that must remember. */
class MapMemory implements RateMemory {
  readonly rates = new Map<string, number>();
  keyFor = (e: string, k: string): string => `${e}|${k}`;
  get = (key: string): number | undefined => this.rates.get(key);
  set = (key: string, rate: number): void => void this.rates.set(key, rate);
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

  /** Lets `n` callers through at once and returns when each was let through (ms from now). */
  async function burst(limiter: AdaptiveRateLimiter, n: number): Promise<number[]> {
    const t0 = Date.now();
    const times: number[] = [];
    const all = Promise.all(Array.from({ length: n }, () => limiter.acquire().then(() => times.push(Date.now() - t0))));
    await clock.runAllAsync();
    await all;
    return times.sort((a, b) => a - b);
  }

  /** A limiter that has left the probe: cut once, at `rate`. */
  async function pacing(rate: number): Promise<AdaptiveRateLimiter> {
    const memory = new MapMemory();
    memory.rates.set("h|k", rate);
    return new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "h|k" });
  }

  describe("probing an account that has not throttled", () => {
    it("lets the first `initialRate` requests go at once, then as many again each 25 ms, paced evenly, doubling while callers wait", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 4 });
      const times = await burst(limiter, 12);
      expect(times.slice(0, 4)).to.deep.equal([0, 0, 0, 0]);
      expect(times[4]).to.be.within(6, 7); // 4 per 25 ms: one every 6.25 ms
      expect(times[11]).to.be.at.most(45); // the pace doubled at 25 ms
      expect(limiter.probing).to.equal(true);
    });

    it("lets 100 requests through within about 120 ms", async () => {
      const times = await burst(new AdaptiveRateLimiter({ initialRate: 10 }), 100);
      expect(times[99]).to.be.at.most(125);
    });

    it("starts the probe over, with its opening burst, after a quiet second", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
      await burst(limiter, 40);
      await clock.tickAsync(5000);
      const again = await burst(limiter, 11);
      expect(again[9]).to.equal(0);
      expect(again[10]).to.be.within(2, 3);
    });

    it("falls back to the opening pace on the first throttling answer when half of what it sent is less", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
      await burst(limiter, 12);
      limiter.onThrottled(await take(limiter));
      expect(limiter.currentRate).to.equal(10);
    });

    it("cuts hard on the first throttling answer: to half of what was sent over the last second", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
      await burst(limiter, 30);
      const t = await take(limiter);
      limiter.onThrottled(t);
      expect(limiter.probing).to.equal(false);
      expect(limiter.currentRate).to.equal(15.5);
    });

    it("never cuts below the floor, nor grows above the ceiling", async () => {
      const capped = new AdaptiveRateLimiter({ initialRate: 10, maxRate: 4 });
      expect(capped.currentRate).to.equal(4);
      await burst(capped, 20);
      expect(capped.currentRate).to.equal(4);
      const floored = new AdaptiveRateLimiter({ initialRate: 1, minRate: 0.5 });
      for (let i = 0; i < 5; i++) {
        floored.onThrottled(await take(floored));
        await clock.tickAsync(1000);
      }
      expect(floored.currentRate).to.equal(0.5);
    });
  });

  describe("pacing an account that throttles", () => {
    it("cuts once per wave: an answer to a request let through before the last cut does not cut again", async () => {
      const limiter = await pacing(10);
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
      const limiter = await pacing(10);
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
      const limiter = await pacing(12);
      for (let i = 0; i < 30; i++) {
        limiter.onAccepted();
        await clock.tickAsync(100); // 10 per second, for three seconds: only the last two count
      }
      limiter.onThrottled(await take(limiter));
      expect(limiter.currentRate).to.be.closeTo(10 * 0.95, 1e-9);
    });

    it("probes above the rate it was cut to by 2, 4, 8, 16 % for each second of waiting without throttling", async () => {
      const limiter = await pacing(10);
      await clock.tickAsync(1000);
      limiter.onThrottled(await take(limiter));
      expect(limiter.currentRate).to.equal(7);
      // The rates each growth may reach: 7 × 1.02, × 1.04, × 1.08, × 1.16...
      const steps = [7];
      for (let k = 0; k < 8; k++) steps.push(steps[k] * (1 + 0.02 * 2 ** k));
      let last = 0;
      for (let s = 0; s < 4; s++) {
        await burst(limiter, 12);
        const step = steps.findIndex((r) => Math.abs(r - limiter.currentRate) < 1e-9);
        expect(step, `${limiter.currentRate} is one of the steps`).to.be.greaterThan(last);
        last = step;
      }
    });

    it("slows requests already waiting as soon as it cuts", async () => {
      const limiter = await pacing(10);
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
  });

  describe("remembering an account's rate between processes", () => {
    it("starts a remembered account pacing at its rate, with no opening burst", async () => {
      const times = await burst(await pacing(5), 3);
      expect(times).to.deep.equal([0, 200, 400]);
    });

    it("remembers the rate each cut lands on", async () => {
      const memory = new MapMemory();
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 }, Date.now, { store: memory, key: "x" });
      await burst(limiter, 12);
      limiter.onThrottled(await take(limiter));
      expect(memory.rates.get("x")).to.equal(limiter.currentRate);
    });

    it("keeps it in a private file, keyed by a hash of endpoint and AccessKey ID, for six hours", () => {
      const dir = mkdtempSync(join(tmpdir(), "rates-"));
      const path = join(dir, "cache", "rates.json");
      let now = 1_000_000;
      const memory = new FileRateMemory(path, () => now);
      const key = memory.keyFor("https://ververica.cn-hangzhou.aliyuncs.com", "LTAIsecretish0001");
      memory.set(key, 7.5);
      expect(new FileRateMemory(path, () => now).get(key)).to.equal(7.5);
      expect(readFileSync(path, "utf8")).to.not.contain("LTAIsecretish0001");
      expect(statSync(path).mode & 0o777).to.equal(0o600);
      now += RATE_MEMORY_MAX_AGE_MS;
      expect(new FileRateMemory(path, () => now).get(key)).to.equal(undefined);
    });

    it("is a cache: an unwritable or corrupt file changes nothing, and ALICLOUD_FLINK_RATE_CACHE=off turns it off", () => {
      const memory = new FileRateMemory(join(__filename, "rates.json")); // under a file: cannot be written
      memory.set("k", 3);
      expect(memory.get("k")).to.equal(undefined);
      expect(defaultRateMemory({ ALICLOUD_FLINK_RATE_CACHE: "off" })).to.equal(undefined);
      expect((defaultRateMemory({ ALICLOUD_FLINK_RATE_CACHE: "/x/r.json" }) as FileRateMemory).path).to.equal("/x/r.json");
    });
  });

  describe("at the edges", () => {
    it("hands each request the number of cuts made when it was let through", async () => {
      const limiter = await pacing(10);
      expect((await take(limiter)).epoch).to.equal(0);
      await clock.tickAsync(1000);
      limiter.onThrottled(await take(limiter));
      expect((await take(limiter)).epoch).to.equal(1);
    });

    it("counts exactly five accepted answers as a measurement, and takes 90 % of the rate when the service accepted more", async () => {
      const five = await pacing(10);
      for (let i = 0; i < 5; i++) five.onAccepted();
      five.onThrottled({ epoch: 0 });
      expect(five.currentRate).to.equal(5); // 2.5/s measured, kept at half the rate
      const many = await pacing(10);
      for (let i = 0; i < 40; i++) many.onAccepted();
      many.onThrottled({ epoch: 0 });
      expect(many.currentRate).to.equal(9); // 19/s measured, kept at 90 % of the rate
    });

    it("keeps an answer accepted exactly two seconds ago in the measurement", async () => {
      const limiter = await pacing(10);
      for (let i = 0; i < 40; i++) limiter.onAccepted();
      await clock.tickAsync(2000);
      for (let i = 0; i < 5; i++) limiter.onAccepted();
      limiter.onThrottled({ epoch: 0 });
      expect(limiter.currentRate).to.equal(9);
    });

    it("cuts again exactly one second after the last cut", async () => {
      const limiter = await pacing(10);
      const t0 = Date.now();
      limiter.onThrottled({ epoch: 0 });
      expect(limiter.currentRate).to.equal(7);
      const ticket = await take(limiter);
      await clock.tickAsync(1000 - (Date.now() - t0));
      limiter.onThrottled(ticket);
      expect(limiter.currentRate).to.be.closeTo(4.9, 1e-9);
    });

    it("does not grow after a cut unless callers waited since", async () => {
      const limiter = await pacing(10);
      limiter.onThrottled({ epoch: 0 });
      await clock.tickAsync(1000);
      await take(limiter);
      expect(limiter.currentRate).to.equal(7);
    });

    it("counts only the last second's requests at the first throttling answer", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
      await burst(limiter, 60);
      await clock.tickAsync(900);
      const late = await burst(limiter, 4);
      expect(late).to.have.length(4);
      await clock.tickAsync(200);
      limiter.onThrottled({ epoch: 0 });
      expect(limiter.currentRate).to.equal(10); // the 60 fell out of the second: half of the 4 is under the opening pace, not 32
    });

    it("ignores an answer to a request let through before the last cut, even a second later", async () => {
      const limiter = await pacing(10);
      const a = await take(limiter);
      const b = await take(limiter);
      await clock.tickAsync(1000);
      limiter.onThrottled(a);
      await clock.tickAsync(1500);
      limiter.onThrottled(b);
      expect(limiter.currentRate).to.equal(7);
    });

    it("counts a request let through exactly one second before the first throttling answer, late in the process", async () => {
      await clock.tickAsync(5000); // Date.now() is far from 0
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
      const t0 = Date.now();
      await burst(limiter, 30); // 10 at t0, 20 more within 100 ms
      await clock.tickAsync(1000 - (Date.now() - t0));
      const t = await take(limiter); // let through at t0 + 1 s exactly
      limiter.onThrottled(t);
      expect(limiter.currentRate).to.equal(15.5); // half of 31
    });

    it("starts the probe over only after more than a second of quiet", async () => {
      const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
      await burst(limiter, 10);
      await clock.tickAsync(1000); // exactly a second after the last release
      const times = await burst(limiter, 5);
      expect(times[4]).to.be.greaterThan(0); // paced, not a new opening burst
    });

    it("grows exactly a second after the cut when callers waited, and not again unless they wait", async () => {
      const limiter = await pacing(10);
      const t0 = Date.now();
      limiter.onThrottled({ epoch: 0 });
      await burst(limiter, 3); // callers wait at 7/s
      await clock.tickAsync(1000 - (Date.now() - t0));
      await take(limiter);
      expect(limiter.currentRate).to.be.closeTo(7 * 1.02, 1e-9);
      await clock.tickAsync(1000);
      await take(limiter); // goes at once: nobody waited
      expect(limiter.currentRate).to.be.closeTo(7 * 1.02, 1e-9);
    });

    it("spaces even the opening burst by the ceiling", async () => {
      expect(await burst(new AdaptiveRateLimiter({ initialRate: 10, maxRate: 20 }), 3)).to.deep.equal([0, 50, 100]);
    });

    it("keeps a limiter per ceiling and opening rate, and starts one for a remembered account pacing", async () => {
      expect(sharedLimiter("https://edge", "K", { maxRate: 5 })).to.not.equal(sharedLimiter("https://edge", "K", { maxRate: 6 }));
      expect(sharedLimiter("https://edge", "K", { initialRate: 5 })).to.not.equal(sharedLimiter("https://edge", "K", { initialRate: 6 }));
      const memory = new MapMemory();
      memory.rates.set("https://edge-mem|K", 3);
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
  });
});
