import type { Timeouts } from "../client/timeouts";
import type { FlinkApiError } from "../errors/flink-api-error";
import type { NamespaceRef, Operation } from "../model/connector";
import { pollUntil, type WaitPolicy } from "./poll";

export const nsKey = (ref: NamespaceRef): string => `${ref.workspaceId}\u0000${ref.namespaceName}`;
export const connectorKey = (ref: NamespaceRef, name: string): string => `${nsKey(ref)}\u0000${name}`;

/**
 * What a service knows about requests whose answers were lost: how long each may still take
 * effect, how to wait for List to show whether it did, and which connectors a lost Delete may
 * still remove.
 */
export class LostAnswers {
  /** Connectors a lost Delete may still remove, until the time given. */
  private readonly lateDeletes = new Map<string, number>();

  constructor(
    private readonly waits: WaitPolicy,
    private readonly timeouts: Timeouts,
  ) {}

  /**
   * Until when a request whose answer was lost with `e` may still take effect. A request we
   * stopped waiting for may be held by the service and carried out later: give it one more
   * timeout. A reset or 5xx means the service already let go of it: one prompt look is enough.
   */
  windowAfter(e: FlinkApiError, op: Operation): number {
    const ms = !e.timedOut ? 0 : op === "RegisterCustomConnector" ? this.timeouts.registerReadMs : this.timeouts.readMs;
    return Date.now() + ms;
  }

  /** Polls `probe` until it finds something or `until` has passed (checking at least once). */
  settle<T>(probe: () => Promise<T[]>, until: number): Promise<T[]> {
    return pollUntil(probe, until, this.waits);
  }

  /** A Delete of this connector was lost; it may still be carried out until `until`. */
  noteLateDelete(key: string, until: number): void {
    this.lateDeletes.set(key, Math.max(this.lateDeletes.get(key) ?? 0, until));
  }

  /** Until when a lost Delete may still remove this connector (forgetting it), if one may. */
  takeLateDelete(key: string): number | undefined {
    const until = this.lateDeletes.get(key);
    this.lateDeletes.delete(key);
    return until;
  }
}
