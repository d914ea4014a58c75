import { numberDefault } from "../model/settings";

/**
 * Shares List requests per namespace without ever answering a read with data fetched before
 * it was asked. A reader joins the batch that is gathering (not yet sent); otherwise it opens a
 * new batch, which is sent `windowMs` later and never before the namespace's previous request
 * has ended. So every answer a reader gets comes from a request that started after it asked,
 * and many readers arriving together (the engine sends steps in parallel) cost one request.
 */
interface Slot<T> {
  gathering?: Promise<T>;
  /** The namespace's latest request, settled or not, its outcome dropped: the next one waits for it. */
  latest: Promise<void>;
}

/** How long reads of one namespace gather into one List by default (`alicloud-flink:listBatchWindowMs`). */
export const DEFAULT_LIST_BATCH_WINDOW_MS = numberDefault("listBatchWindowMs");

export class ListBatcher<T> {
  private readonly slots = new Map<string, Slot<T>>();

  constructor(private readonly windowMs: number) {
    if (!Number.isFinite(windowMs) || windowMs < 0)
      throw new RangeError(`the List batch window must be a non-negative number of milliseconds, got ${windowMs}`);
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { latest: Promise.resolve() };
      this.slots.set(key, slot);
    }
    if (slot.gathering) return slot.gathering;
    const s = slot;
    const previous = s.latest;
    const batch = (async (): Promise<T> => {
      await Promise.all([previous, new Promise((resolve) => setTimeout(resolve, this.windowMs))]);
      // From here on, a new reader must wait for a newer request: close the batch first.
      s.gathering = undefined;
      const run = load();
      s.latest = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    })();
    s.gathering = batch;
    return batch;
  }
}
