import { expect } from "chai";
import * as sinon from "sinon";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { mergeRetryPolicy, retryDelayMs } from "../../lib/service/retry-policy";
import { withRetry } from "../../lib/service/with-retry";

function apiError(kind: "throttling" | "invalid-input" | "transient"): FlinkApiError {
  return new FlinkApiError({
    operation: "ListCustomConnectors",
    workspaceId: "ws",
    namespaceName: "ns",
    code: kind === "throttling" ? "Throttling.User" : kind === "transient" ? "ServiceUnavailable" : "InvalidParameter",
    detail: "",
    kind,
    retryable: kind !== "invalid-input",
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
      if (started.length < 5) throw apiError("transient");
      return "ok";
    };
    const p = withRetry(fn, policy);
    await clock.runAllAsync();
    expect(await p).to.equal("ok");
    const gaps = started.slice(1).map((t, i) => t - started[i]);
    expect(gaps).to.deep.equal([100, 200, 400, 500]);
  });

  it("waits longer after throttling than after a transient failure", () => {
    const policy = mergeRetryPolicy({ minDelayMs: 100, throttleMinDelayMs: 1000, maxDelayMs: 60_000, jitter: false });
    expect([1, 2, 3].map((n) => retryDelayMs(policy, n, false))).to.deep.equal([100, 200, 400]);
    expect([1, 2, 3].map((n) => retryDelayMs(policy, n, true))).to.deep.equal([1000, 2000, 4000]);
  });

  it("draws full jitter: anywhere between zero and the cap", () => {
    const policy = mergeRetryPolicy({ minDelayMs: 100, throttleMinDelayMs: 1000, jitter: true });
    expect(retryDelayMs(policy, 3, false, () => 0)).to.equal(0);
    expect(retryDelayMs(policy, 3, false, () => 0.5)).to.equal(200);
    expect(retryDelayMs(policy, 3, true, () => 0.999)).to.equal(3996);
  });

  it("says, when retries run out, how many attempts were made over how long and which key to raise", async () => {
    const p = withRetry(
      async () => {
        throw apiError("throttling");
      },
      mergeRetryPolicy({ maxAttempts: 3, minDelayMs: 100, throttleMinDelayMs: 100, jitter: false }),
    );
    const outcome = p.then(
      () => undefined,
      (e: unknown) => e,
    );
    await clock.runAllAsync();
    const e = (await outcome) as FlinkApiError;
    expect(e).to.deep.include({ attempts: 3, elapsedMs: 300, code: "Throttling.User" });
    expect(e.message).to.match(/after 3 attempts over 0\.3 s.*alicloud-flink:maxAttempts.*alicloud-flink:maxRequestsPerSecond/);
  });

  it("does not retry an error that is not retryable", async () => {
    let calls = 0;
    const p = withRetry(async () => {
      calls += 1;
      throw apiError("invalid-input");
    }, mergeRetryPolicy({}));
    const outcome = p.then(
      () => "resolved",
      (e: unknown) => e,
    );
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
    const outcome = p.then(
      () => "resolved",
      (e: FlinkApiError) => e.code,
    );
    await clock.runAllAsync();
    expect(await outcome).to.equal("Throttling.User");
    expect(calls).to.equal(1);
  });

  it("stops at maxAttempts and throws the last error with its attempts", async () => {
    let calls = 0;
    const last = apiError("throttling");
    const p = withRetry(
      async () => {
        calls += 1;
        throw last;
      },
      mergeRetryPolicy({ maxAttempts: 3, minDelayMs: 10, jitter: false }),
    );
    const outcome = p.then(
      () => undefined,
      (e: unknown) => e,
    );
    await clock.runAllAsync();
    expect(await outcome).to.deep.include({ code: last.code, kind: last.kind, attempts: 3 });
    expect(calls).to.equal(3);
  });

  it("starts no retry after maxElapsedMs", async () => {
    let calls = 0;
    const p = withRetry(
      async () => {
        calls += 1;
        throw apiError("throttling");
      },
      mergeRetryPolicy({ maxAttempts: 100, minDelayMs: 1000, throttleMinDelayMs: 1000, factor: 1, maxElapsedMs: 3500, jitter: false }),
    );
    const outcome = p.then(
      () => undefined,
      (e: unknown) => e,
    );
    await clock.runAllAsync();
    expect(FlinkApiError.isInstance(await outcome)).to.equal(true);
    expect(calls).to.be.within(4, 5);
  });

  it("never sleeps past maxElapsedMs before a retry", async () => {
    const started: number[] = [];
    const p = withRetry(
      async () => {
        started.push(Date.now());
        throw apiError("throttling");
      },
      mergeRetryPolicy({ maxAttempts: 10, throttleMinDelayMs: 2000, maxDelayMs: 10_000, maxElapsedMs: 2500, jitter: false }),
    );
    const outcome = p.then(
      () => undefined,
      (e: unknown) => e,
    );
    await clock.runAllAsync();
    await outcome;
    expect(started).to.deep.equal([0, 2000, 2500].map((t) => t + started[0]));
  });

  it("rejects nonsensical policies with a message naming the field", () => {
    expect(() => mergeRetryPolicy({ maxAttempts: 0 })).to.throw(RangeError, /retry.maxAttempts/);
    expect(() => mergeRetryPolicy({ minDelayMs: 10, maxDelayMs: 5 })).to.throw(RangeError, /retry.maxDelayMs/);
  });
});
