import { expect } from "chai";
import { ListCache } from "../../lib/service/list-cache";

describe("ListCache", () => {
  it("never lets a request that started before a write fill the cache", async () => {
    const cache = new ListCache<number>(1000, () => 0);
    let release!: (n: number) => void;
    const slow = cache.get("k", false, () => new Promise<number>((r) => (release = r)));
    cache.invalidate("k");
    release(1);
    expect(await slow).to.equal(1);
    let loads = 0;
    expect(await cache.get("k", false, async () => ++loads + 1)).to.equal(2);
    expect(loads).to.equal(1);
  });

  it("expires values after the TTL", async () => {
    let t = 0;
    const cache = new ListCache<number>(100, () => t);
    let loads = 0;
    const load = async (): Promise<number> => ++loads;
    await cache.get("k", false, load);
    t = 99;
    await cache.get("k", false, load);
    expect(loads).to.equal(1);
    t = 100;
    await cache.get("k", false, load);
    expect(loads).to.equal(2);
  });

  it("does not keep a failed load", async () => {
    const cache = new ListCache<number>(1000);
    await cache.get("k", false, () => Promise.reject(new Error("boom"))).catch(() => undefined);
    expect(await cache.get("k", false, async () => 5)).to.equal(5);
  });
});
