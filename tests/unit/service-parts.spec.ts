import { expect } from "chai";
import * as sinon from "sinon";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { ListBatcher } from "../../lib/service/list-batcher";
import { mergeWaitPolicy, pollUntil } from "../../lib/service/poll";
import { DEFAULT_RETRY_POLICY, mergeRetryPolicy } from "../../lib/service/retry-policy";
import { withRetry } from "../../lib/service/with-retry";

const transient = (retryable = true): FlinkApiError =>
  new FlinkApiError({
    operation: "ListCustomConnectors",
    workspaceId: "ws",
    namespaceName: "ns",
    code: "ServiceUnavailable",
    detail: "",
    kind: "transient",
    retryable,
    outcomeUnknown: false,
  });

describe("the service's parts: policies, the retry loop, the List batcher, the poll", () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => clock.restore());

  describe("retry policy", () => {
    it("switches retries off with false, keeping every other default", () => {
      expect(mergeRetryPolicy(false)).to.deep.equal({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 });
      expect(mergeRetryPolicy(undefined)).to.deep.equal(DEFAULT_RETRY_POLICY);
      // Full jitter by default: parallel callers spread out instead of retrying together.
      expect(DEFAULT_RETRY_POLICY.jitter).to.equal(true);
    });

    const refused: [string, Record<string, unknown>, RegExp][] = [
      ["a fractional attempt count", { maxAttempts: 1.5 }, /^retry\.maxAttempts must be an integer of at least 1, got 1\.5$/],
      ["no attempt", { maxAttempts: 0 }, /^retry\.maxAttempts must be an integer of at least 1, got 0$/],
      ["a negative delay", { minDelayMs: -1 }, /^retry\.minDelayMs must be a non-negative number of milliseconds, got -1$/],
      [
        "a delay that is not a number",
        { throttleMinDelayMs: Number.NaN },
        /^retry\.throttleMinDelayMs must be a non-negative number of milliseconds, got NaN$/,
      ],
      [
        "an infinite cap",
        { maxDelayMs: Number.POSITIVE_INFINITY },
        /^retry\.maxDelayMs must be a non-negative number of milliseconds, got Infinity$/,
      ],
      ["a negative time budget", { maxElapsedMs: -5 }, /^retry\.maxElapsedMs must be a non-negative number of milliseconds, got -5$/],
      ["a shrinking factor", { factor: 0.5 }, /^retry\.factor must be a number of at least 1, got 0\.5$/],
      ["a factor that is not a number", { factor: Number.NaN }, /^retry\.factor must be a number of at least 1, got NaN$/],
      ["a cap below the base", { minDelayMs: 600, maxDelayMs: 500 }, /^retry\.maxDelayMs must not be below minDelayMs \(600\), got 500$/],
    ];
    for (const [what, input, message] of refused) {
      it(`refuses ${what}, naming the field`, () => expect(() => mergeRetryPolicy(input)).to.throw(RangeError, message));
    }

    it("accepts the edges: zero delays and budget, a factor of 1, a cap equal to the base", () => {
      expect(() => mergeRetryPolicy({ minDelayMs: 0, throttleMinDelayMs: 0, maxDelayMs: 0, maxElapsedMs: 0, factor: 1 })).to.not.throw();
      expect(() => mergeRetryPolicy({ minDelayMs: 500, maxDelayMs: 500 })).to.not.throw();
    });
  });

  describe("retry loop", () => {
    const policy = (o: Record<string, unknown> = {}) =>
      mergeRetryPolicy({ maxAttempts: 4, minDelayMs: 100, maxDelayMs: 100, jitter: false, ...o });

    it("starts no retry once the time budget is spent, and says how long it took", async () => {
      let calls = 0;
      const p = withRetry(
        async () => {
          calls += 1;
          clock.tick(300); // each attempt takes 300 ms
          throw transient();
        },
        policy({ maxElapsedMs: 500 }),
      ).catch((e: unknown) => e);
      await clock.runAllAsync();
      const e = (await p) as FlinkApiError;
      // 300 ms, a 100 ms delay, 300 ms more: 700 ms, past the budget, so no third attempt.
      expect(calls).to.equal(2);
      expect(e.message).to.match(/after 2 attempts/);
      expect(e.message).to.match(/after 2 attempts over 0\.7 s;/);
    });

    it("starts no retry when an attempt used the budget to the millisecond", async () => {
      let calls = 0;
      const p = withRetry(
        async () => {
          calls += 1;
          clock.tick(500);
          throw transient();
        },
        policy({ maxElapsedMs: 500 }),
      ).catch(() => undefined);
      await clock.runAllAsync();
      await p;
      expect(calls).to.equal(1);
    });

    it("retries at once when the delay is zero, without waiting on a timer", async () => {
      let calls = 0;
      const r = await withRetry(
        async () => {
          calls += 1;
          if (calls < 3) throw transient();
          return "ok";
        },
        policy({ minDelayMs: 0, maxDelayMs: 0 }),
      );
      expect([r, calls]).to.deep.equal(["ok", 3]);
    });

    it("cuts a delay to what is left of the budget", async () => {
      const notices: number[] = [];
      const p = withRetry(
        async () => {
          clock.tick(450);
          throw transient();
        },
        policy({ minDelayMs: 1_000, maxDelayMs: 1_000, maxElapsedMs: 500 }),
        (n) => notices.push(n.delayMs),
      ).catch(() => undefined);
      await clock.runAllAsync();
      await p;
      expect(notices).to.deep.equal([50]);
    });

    it("throws a refusal unchanged, after one attempt, and never a retryable one's summary", async () => {
      const refusal = transient(false);
      const e = await withRetry(async () => Promise.reject(refusal), policy()).catch((x: unknown) => x);
      expect(e).to.equal(refusal);
      const plain = Object.assign(new Error("not an API error"), { retryable: true });
      expect(await withRetry(async () => Promise.reject(plain), policy()).catch((x: unknown) => x)).to.equal(plain);
    });
  });

  describe("List batcher", () => {
    it("refuses a window that is negative or not a number", () => {
      for (const w of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => new ListBatcher(w), String(w)).to.throw(
          RangeError,
          /the List batch window must be a non-negative number of milliseconds/,
        );
      }
      expect(() => new ListBatcher(0)).to.not.throw();
    });

    it("gathers readers for the window, then sends one request; a reader after it closed waits for a newer one", async () => {
      const b = new ListBatcher<number>(10);
      let sent = 0;
      const load = async (): Promise<number> => {
        sent += 1;
        const n = sent;
        await new Promise((r) => setTimeout(r, 50));
        return n;
      };
      const first = [b.get("ns", load), b.get("ns", load)];
      await clock.tickAsync(5);
      first.push(b.get("ns", load)); // still gathering
      await clock.tickAsync(6); // the window closed: the request is in flight
      const late = b.get("ns", load);
      expect(sent).to.equal(1);
      await clock.tickAsync(30);
      expect(sent, "a newer request waits for the one in flight").to.equal(1);
      await clock.runAllAsync();
      expect(await Promise.all(first)).to.deep.equal([1, 1, 1]);
      expect(await late).to.equal(2);
    });

    it("waits the window even when nothing is in flight, and sends again after a failed request", async () => {
      const b = new ListBatcher<string>(10);
      let sent = 0;
      const failing = b.get("ns", async () => {
        sent += 1;
        throw new Error("List failed");
      });
      await clock.tickAsync(9);
      expect(sent, "not before the window").to.equal(0);
      await clock.tickAsync(1);
      expect(await failing.catch((e: Error) => e.message)).to.equal("List failed");
      const next = b.get("ns", async () => {
        sent += 1;
        return "ok";
      });
      await clock.runAllAsync();
      expect([await next, sent]).to.deep.equal(["ok", 2]);
    });

    it("keeps namespaces apart", async () => {
      const b = new ListBatcher<string>(10);
      const a = b.get("a", async () => "A");
      const c = b.get("c", async () => "C");
      await clock.runAllAsync();
      expect([await a, await c]).to.deep.equal(["A", "C"]);
    });

    it("does not make the next batch wait on a request that has finished", async () => {
      const b = new ListBatcher<number>(10);
      const one = b.get("ns", async () => 1);
      await clock.runAllAsync();
      await one;
      const started = Date.now();
      const two = b.get("ns", async () => 2);
      await clock.runAllAsync();
      expect(await two).to.equal(2);
      expect(Date.now() - started).to.equal(10);
    });
  });

  describe("poll", () => {
    it("refuses a wait that is negative or not a number, naming it", () => {
      expect(() => mergeWaitPolicy({ intervalMs: -1 })).to.throw(
        RangeError,
        /^waits\.intervalMs must be a non-negative number of milliseconds, got -1$/,
      );
      expect(() => mergeWaitPolicy({ timeoutMs: Number.NaN })).to.throw(RangeError, /^waits\.timeoutMs must be/);
      expect(() => mergeWaitPolicy({ maxIntervalMs: 0, intervalMs: 0, timeoutMs: 0 })).to.not.throw();
    });

    it("checks at once, then after growing pauses capped at maxIntervalMs, and once more at the deadline", async () => {
      const at: number[] = [];
      const start = Date.now();
      const p = pollUntil(
        async () => {
          at.push(Date.now() - start);
          return [];
        },
        start + 1_000,
        { timeoutMs: 1_000, intervalMs: 100, maxIntervalMs: 300 },
      );
      await clock.runAllAsync();
      expect(await p).to.deep.equal([]);
      expect(at).to.deep.equal([0, 100, 300, 600, 900, 1_000]);
    });

    it("stops at the first find", async () => {
      let n = 0;
      const p = pollUntil(async () => (++n === 3 ? ["x"] : []), Date.now() + 10_000, {
        timeoutMs: 10_000,
        intervalMs: 10,
        maxIntervalMs: 10,
      });
      await clock.runAllAsync();
      expect([await p, n]).to.deep.equal([["x"], 3]);
    });
  });
});
