import { expect } from "chai";
import { ListCache } from "../../lib/service/list-cache";

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("ListCache", () => {
  it("shares one request among concurrent plain reads", async () => {
    const cache = new ListCache<number>(1000);
    let loads = 0;
    const load = async (): Promise<number> => ++loads;
    expect(await Promise.all([cache.get("k", undefined, load), cache.get("k", undefined, load)])).to.deep.equal([1, 1]);
    expect(loads).to.equal(1);
  });

  it("never serves a result that started before a write to a plain read", async () => {
    const cache = new ListCache<number>(1000, () => 0);
    const first = deferred<number>();
    const slow = cache.get("k", undefined, () => first.promise);
    cache.invalidate("k");
    let loads = 0;
    const after = cache.get("k", undefined, async () => 10 + ++loads);
    first.resolve(1);
    expect(await slow).to.equal(1);
    expect(await after).to.equal(11);
    expect(await cache.get("k", undefined, async () => 99)).to.equal(11);
  });

  it("queues every reader that needs newer data behind the request in flight, into one request", async () => {
    const cache = new ListCache<number>(1000);
    const first = deferred<number>();
    let loads = 0;
    const p0 = cache.get("k", undefined, () => {
      loads += 1;
      return first.promise;
    });
    const later = Array.from({ length: 10 }, () => cache.get("k", cache.mark("k"), async () => 100 + ++loads));
    first.resolve(1);
    expect(await p0).to.equal(1);
    expect(await Promise.all(later)).to.deep.equal(Array(10).fill(102));
    expect(loads).to.equal(2);
  });

  it("serves a marked read from a result that started after the mark, whatever its age", async () => {
    let t = 0;
    const cache = new ListCache<number>(10, () => t);
    const mark = cache.mark("k");
    await cache.get("k", undefined, async () => 7);
    t = 1000;
    expect(await cache.get("k", mark, async () => 8)).to.equal(7);
  });

  it("expires plain results after the TTL", async () => {
    let t = 0;
    const cache = new ListCache<number>(100, () => t);
    let loads = 0;
    const load = async (): Promise<number> => ++loads;
    await cache.get("k", undefined, load);
    t = 99;
    await cache.get("k", undefined, load);
    expect(loads).to.equal(1);
    t = 100;
    await cache.get("k", undefined, load);
    expect(loads).to.equal(2);
  });

  it("does not keep a failed load, and a queued reader still gets its own request", async () => {
    const cache = new ListCache<number>(1000);
    const failing = cache.get("k", undefined, () => Promise.reject(new Error("boom")));
    const queued = cache.get("k", cache.mark("k"), async () => 5);
    await failing.catch(() => undefined);
    expect(await queued).to.equal(5);
    expect(await cache.get("k", undefined, async () => 6)).to.equal(5);
  });
});
