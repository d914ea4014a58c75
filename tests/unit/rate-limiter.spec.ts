import { expect } from "chai";
import * as sinon from "sinon";
import { AdaptiveRateLimiter, sharedLimiter, type Ticket } from "../../lib/client/rate-limiter";

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

  it("paces a burst from the first request at the initial rate", async () => {
    const times = await burst(new AdaptiveRateLimiter({ initialRate: 10 }), 5);
    expect(times).to.deep.equal([0, 100, 200, 300, 400]);
  });

  it("grows by a quarter each second in which callers waited and nothing was throttled", async () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
    await burst(limiter, 12);
    await take(limiter);
    expect(limiter.currentRate).to.equal(12.5);
  });

  it("does not grow while nobody waits", async () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
    await take(limiter);
    await clock.tickAsync(5000);
    await take(limiter);
    expect(limiter.currentRate).to.equal(10);
  });

  it("cuts the rate once per wave of throttling answers, then closes half the gap each second", async () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
    const a = await take(limiter);
    const b = await take(limiter);
    limiter.onThrottled(a);
    limiter.onThrottled(b); // let through before the cut: same wave
    expect(limiter.currentRate).to.equal(7);
    await burst(limiter, 10);
    await take(limiter);
    expect(limiter.currentRate).to.equal(8.5);
    expect(limiter.throttled).to.equal(2);
  });

  it("cuts to what the service accepted when it has seen enough answers", async () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 20 });
    for (let i = 0; i < 24; i++) limiter.onAccepted(); // 12 per second over the last two seconds
    limiter.onThrottled(await take(limiter));
    expect(limiter.currentRate).to.be.closeTo(11.4, 1e-9);
  });

  it("slows requests already waiting as soon as it cuts", async () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 10 });
    const first = await take(limiter);
    const t0 = Date.now();
    const times: number[] = [];
    const rest = Promise.all([1, 2].map(() => limiter.acquire().then(() => times.push(Date.now() - t0))));
    limiter.onThrottled(first);
    await clock.runAllAsync();
    await rest;
    expect(times).to.deep.equal([143, 286]);
  });

  it("never goes above the ceiling nor below the floor", async () => {
    const capped = new AdaptiveRateLimiter({ initialRate: 10, maxRate: 4 });
    expect(capped.currentRate).to.equal(4);
    await burst(capped, 10);
    await take(capped);
    expect(capped.currentRate).to.equal(4);
    const floored = new AdaptiveRateLimiter({ initialRate: 1, minRate: 0.5 });
    for (let i = 0; i < 5; i++) floored.onThrottled(await take(floored));
    expect(floored.currentRate).to.equal(0.5);
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
