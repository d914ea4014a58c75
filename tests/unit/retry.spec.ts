import { expect } from "chai";
import * as sinon from "sinon";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { mergeRetryPolicy } from "../../lib/service/retry-policy";
import { withRetry } from "../../lib/service/with-retry";

function apiError(kind: "throttling" | "invalid-input"): FlinkApiError {
  return new FlinkApiError({
    operation: "ListCustomConnectors",
    workspaceId: "ws",
    namespaceName: "ns",
    code: kind === "throttling" ? "Throttling.User" : "InvalidParameter",
    detail: "",
    kind,
    retryable: kind === "throttling",
    outcomeUnknown: false,
  });
}

describe("retry policy", () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  });
  afterEach(() => clock.restore());

  it("backs off exponentially between retryable failures, capped at maxDelayMs", async () => {
    const policy = mergeRetryPolicy({ maxAttempts: 5, minDelayMs: 100, maxDelayMs: 500, factor: 2, jitter: false });
    const started: number[] = [];
    const fn = async (): Promise<string> => {
      started.push(Date.now());
      if (started.length < 5) throw apiError("throttling");
      return "ok";
    };
    const p = withRetry(fn, policy);
    await clock.runAllAsync();
    expect(await p).to.equal("ok");
    const gaps = started.slice(1).map((t, i) => t - started[i]);
    expect(gaps).to.deep.equal([100, 200, 400, 500]);
  });

  it("spreads delays with jitter between 1x and 2x of the base", async () => {
    const policy = mergeRetryPolicy({ maxAttempts: 2, minDelayMs: 100, jitter: true });
    const started: number[] = [];
    const p = withRetry(async () => {
      started.push(Date.now());
      if (started.length < 2) throw apiError("throttling");
      return 1;
    }, policy);
    await clock.runAllAsync();
    await p;
    const gap = started[1] - started[0];
    expect(gap).to.be.at.least(100).and.below(200);
  });

  it("does not retry an error that is not retryable", async () => {
    let calls = 0;
    const p = withRetry(async () => {
      calls += 1;
      throw apiError("invalid-input");
    }, mergeRetryPolicy({}));
    const outcome = p.then(() => "resolved", (e: unknown) => e);
    await clock.runAllAsync();
    expect(FlinkApiError.isInstance(await outcome)).to.equal(true);
    expect(calls).to.equal(1);
  });

  it("fails fast when retries are switched off", async () => {
    let calls = 0;
    const p = withRetry(async () => {
      calls += 1;
      throw apiError("throttling");
    }, mergeRetryPolicy(false));
    const outcome = p.then(() => "resolved", (e: FlinkApiError) => e.code);
    await clock.runAllAsync();
    expect(await outcome).to.equal("Throttling.User");
    expect(calls).to.equal(1);
  });

  it("stops at maxAttempts and throws the last error unchanged", async () => {
    let calls = 0;
    const last = apiError("throttling");
    const p = withRetry(async () => {
      calls += 1;
      throw last;
    }, mergeRetryPolicy({ maxAttempts: 3, minDelayMs: 10, jitter: false }));
    const outcome = p.then(() => undefined, (e: unknown) => e);
    await clock.runAllAsync();
    expect(await outcome).to.equal(last);
    expect(calls).to.equal(3);
  });

  it("starts no retry after maxElapsedMs", async () => {
    let calls = 0;
    const p = withRetry(async () => {
      calls += 1;
      throw apiError("throttling");
    }, mergeRetryPolicy({ maxAttempts: 100, minDelayMs: 1000, factor: 1, maxElapsedMs: 3500, jitter: false }));
    const outcome = p.then(() => undefined, (e: unknown) => e);
    await clock.runAllAsync();
    expect(FlinkApiError.isInstance(await outcome)).to.equal(true);
    expect(calls).to.be.within(4, 5);
  });

  it("rejects nonsensical policies with a message naming the field", () => {
    expect(() => mergeRetryPolicy({ maxAttempts: 0 })).to.throw(RangeError, /retry.maxAttempts/);
    expect(() => mergeRetryPolicy({ minDelayMs: 10, maxDelayMs: 5 })).to.throw(RangeError, /retry.maxDelayMs/);
  });
});
