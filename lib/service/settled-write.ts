import type { Operation } from "../model/connector";
import { FlinkApiError } from "../errors/flink-api-error";
import { WriteFailure } from "../errors/write-failure";
import type { LostAnswers } from "./lost-answers";
import type { RetryPolicy } from "./retry-policy";
import { withRetry, type RetryNotice } from "./with-retry";

/**
 * One Register or Delete, sent until its effect is settled: the skeleton both writes follow.
 * Send; when an answer is lost, its request may still take effect until a window closes, so
 * before sending again look until it shows or the window closes; when the retries give up, a
 * last look within the window has the last word. The transitions are pure and table-tested
 * (tests/unit/settled-write.spec.ts); `settledWrite` runs them over the real calls.
 */

/** What the answers of one write have proved so far. */
export interface Ledger {
  /** Requests sent. */
  readonly attempts: number;
  /** A request whose answer was lost may take effect until then: look before sending again. */
  readonly lostUntil?: number;
  /** An answer was lost at some point: a later refusal may be our own earlier request's doing. */
  readonly everLost: boolean;
}

export const FRESH: Ledger = { attempts: 0, everLost: false };

export type Event =
  /** A request was sent. */
  | { readonly kind: "sent" }
  /** Its answer was lost; it may take effect until `until`. */
  | { readonly kind: "lost"; readonly until: number }
  /** The look before sending again saw nothing until the window closed: the lost request did not take effect. */
  | { readonly kind: "window-closed" };

export function advance(l: Ledger, e: Event): Ledger {
  switch (e.kind) {
    case "sent":
      return { ...l, attempts: l.attempts + 1 };
    case "lost":
      return { ...l, lostUntil: e.until, everLost: true };
    case "window-closed":
      return { attempts: l.attempts, everLost: l.everLost };
  }
}

/** What the write is, once the retries gave up, by what the last look saw (`undefined`: it could not look). */
export type Verdict = "took-effect" | "no" | "unknown";

export function verdictAfterGivingUp(l: Ledger, looked: boolean | undefined): Verdict {
  // Every answer was a refusal: nothing changed.
  if (!l.everLost) return "no";
  if (looked === undefined) return "unknown";
  return looked ? "took-effect" : "no";
}

export interface Sent<T> {
  readonly value: T;
  /** `answer`: the request's own answer; `list`: looking showed it. */
  readonly via: "answer" | "list";
}

export interface WriteSpec<T> {
  readonly operation: Operation;
  /** Sends the request once (counted by the caller); its result, or it throws the API error. */
  readonly send: (ledger: Ledger) => Promise<Sent<T>>;
  /** Looks at the platform once: the result the write's effect shows, or undefined while it does not show. */
  readonly look: () => Promise<T | undefined>;
  /** The progress line for a lost answer. */
  readonly lostLine: (e: FlinkApiError, until: number) => string;
  /** Told of each lost answer (Delete remembers that a late one may still remove the connector). */
  readonly onLost?: (until: number) => void;
  /**
   * After the retries gave up, before the verdict: a refusal the write reads by looking. Its
   * result, `"unknown"` when it cannot tell, undefined to leave it to the verdict.
   */
  readonly rescue?: (error: unknown, ledger: Ledger) => Promise<Sent<T> | "unknown" | undefined>;
}

export interface WriteDeps {
  readonly retry: RetryPolicy;
  readonly lost: LostAnswers;
  readonly onRetry: (n: RetryNotice) => void;
  readonly log: (line: string) => void;
}

export interface Settled<T> extends Sent<T> {
  readonly attempts: number;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Runs a write to its settled result; rejects with a WriteFailure saying whether it may have taken effect. */
export async function settledWrite<T>(deps: WriteDeps, spec: WriteSpec<T>): Promise<Settled<T>> {
  let ledger = FRESH;
  const look = async (): Promise<T[]> => {
    const r = await spec.look();
    return r === undefined ? [] : [r];
  };
  const once = async (): Promise<Sent<T>> => {
    if (ledger.lostUntil !== undefined) {
      const shown = await deps.lost.settle(look, ledger.lostUntil).catch((e: unknown) => {
        // List has retries of its own: when it still cannot say, neither can we.
        throw new WriteFailure("unknown", asError(e), ledger.attempts);
      });
      if (shown.length > 0) return { value: shown[0], via: "list" };
      ledger = advance(ledger, { kind: "window-closed" });
    }
    ledger = advance(ledger, { kind: "sent" });
    try {
      return await spec.send(ledger);
    } catch (e) {
      if (FlinkApiError.isInstance(e) && e.outcomeUnknown) {
        ledger = advance(ledger, { kind: "lost", until: deps.lost.windowAfter(e, spec.operation) });
        deps.log(spec.lostLine(e, ledger.lostUntil!));
        spec.onLost?.(ledger.lostUntil!);
      }
      // A conflict after a lost answer (our own earlier request may be what conflicts) is not
      // retried: the last look, after the retries, has the last word on it.
      throw e;
    }
  };
  try {
    return { ...(await withRetry(once, deps.retry, deps.onRetry)), attempts: ledger.attempts };
  } catch (e) {
    if (WriteFailure.isInstance(e)) throw e;
    const rescued = await spec.rescue?.(e, ledger);
    if (rescued === "unknown") throw new WriteFailure("unknown", asError(e), ledger.attempts);
    if (rescued) return { ...rescued, attempts: ledger.attempts };
    // Only a write that lost an answer looks: a refusal of every request changed nothing.
    const shown = ledger.everLost ? await deps.lost.settle(look, ledger.lostUntil ?? Date.now()).catch(() => undefined) : undefined;
    const verdict = verdictAfterGivingUp(ledger, shown === undefined ? undefined : shown.length > 0);
    if (verdict === "took-effect") return { value: shown![0], via: "list", attempts: ledger.attempts };
    throw new WriteFailure(verdict, asError(e), ledger.attempts);
  }
}
