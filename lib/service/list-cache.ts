/**
 * Shares List results per namespace. Every request and every write gets a tick from one
 * counter per namespace, so "is this result new enough?" is a comparison:
 * - a plain read accepts a result that started after the last write and is younger than `ttlMs`;
 * - a read that must see the platform after some moment (a wait after a write) passes the tick
 *   from `mark()` and accepts only a request that started later.
 * At most one request is in flight per namespace; readers who need a newer one share a single
 * queued request that starts when the current one ends. So many concurrent waits after many
 * writes cost a couple of List calls, not one each.
 */
interface Loaded<T> {
  readonly tick: number;
  readonly at: number;
  readonly data: T;
}

interface Slot<T> {
  tick: number;
  lastWrite: number;
  value?: Loaded<T>;
  inflight?: { tick: number; promise: Promise<Loaded<T>> };
  queued?: Promise<Loaded<T>>;
}

export class ListCache<T> {
  private readonly slots = new Map<string, Slot<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A tick: `get(key, mark)` later only accepts a request that starts after this moment. */
  mark(key: string): number {
    return this.slot(key).tick;
  }

  /** Call before and after every write in the namespace. */
  invalidate(key: string): void {
    const slot = this.slot(key);
    slot.tick += 1;
    slot.lastWrite = slot.tick;
  }

  /**
   * Data from a request that started after `after` (a tick from `mark`); without `after`, data
   * from after the last write, reused for at most `ttlMs`.
   */
  async get(key: string, after: number | undefined, load: () => Promise<T>): Promise<T> {
    const slot = this.slot(key);
    const bar = after ?? slot.lastWrite;
    const v = slot.value;
    if (v && v.tick > bar && (after !== undefined || this.now() - v.at < this.ttlMs)) return v.data;
    if (slot.inflight && slot.inflight.tick > bar) return (await slot.inflight.promise).data;
    if (slot.inflight) {
      slot.queued ??= slot.inflight.promise.then(
        () => this.start(slot, load),
        () => this.start(slot, load),
      );
      return (await slot.queued).data;
    }
    return (await this.start(slot, load)).data;
  }

  private start(slot: Slot<T>, load: () => Promise<T>): Promise<Loaded<T>> {
    slot.queued = undefined;
    const tick = ++slot.tick;
    const promise = load().then((data) => {
      const loaded = { tick, at: this.now(), data };
      if (!slot.value || slot.value.tick < tick) slot.value = loaded;
      return loaded;
    });
    const inflight = { tick, promise };
    slot.inflight = inflight;
    const clear = (): void => {
      if (slot.inflight === inflight) slot.inflight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  private slot(key: string): Slot<T> {
    let s = this.slots.get(key);
    if (!s) {
      s = { tick: 0, lastWrite: 0 };
      this.slots.set(key, s);
    }
    return s;
  }
}
