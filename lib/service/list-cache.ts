/**
 * Shares List results per namespace: concurrent reads share one request, and a result is
 * reused for `ttlMs` until a write in that namespace invalidates it. A request that started
 * before a write never fills the cache afterwards (generations).
 */
interface Slot<T> {
  generation: number;
  inflight?: { generation: number; promise: Promise<T> };
  value?: { generation: number; at: number; data: T };
}

export class ListCache<T> {
  private readonly slots = new Map<string, Slot<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A cached value (unless `fresh`), else the in-flight request of the current generation,
   * else a new `load()`.
   */
  get(key: string, fresh: boolean, load: () => Promise<T>): Promise<T> {
    const slot = this.slot(key);
    const v = slot.value;
    if (!fresh && v && v.generation === slot.generation && this.now() - v.at < this.ttlMs) return Promise.resolve(v.data);
    if (slot.inflight && slot.inflight.generation === slot.generation) return slot.inflight.promise;
    const generation = slot.generation;
    const promise = load().then((data) => {
      if (slot.generation === generation) slot.value = { generation, at: this.now(), data };
      return data;
    });
    const inflight = { generation, promise };
    slot.inflight = inflight;
    const clear = (): void => {
      if (slot.inflight === inflight) slot.inflight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  /** Call before and after every write in the namespace. */
  invalidate(key: string): void {
    const slot = this.slot(key);
    slot.generation += 1;
    slot.value = undefined;
  }

  private slot(key: string): Slot<T> {
    let s = this.slots.get(key);
    if (!s) {
      s = { generation: 0 };
      this.slots.set(key, s);
    }
    return s;
  }
}
