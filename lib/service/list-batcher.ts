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
  /** Identifies the gathering batch (the promise cannot name itself while it is being built). */
  token?: object;
  inflight?: Promise<unknown>;
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
      slot = {};
      this.slots.set(key, slot);
    }
    if (slot.gathering) return slot.gathering;
    const s = slot;
    const previous = s.inflight ?? Promise.resolve();
    const token = {};
    const batch = (async (): Promise<T> => {
      await Promise.all([previous.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, this.windowMs))]);
      // From here on, a new reader must wait for a newer request: close the batch first.
      if (s.token === token) {
        s.gathering = undefined;
        s.token = undefined;
      }
      const run = load();
      s.inflight = run;
      const clear = (): void => {
        if (s.inflight === run) s.inflight = undefined;
      };
      run.then(clear, clear);
      return run;
    })();
    s.gathering = batch;
    s.token = token;
    return batch;
  }
}
