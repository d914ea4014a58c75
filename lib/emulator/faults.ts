/**
 * Deterministic fault injection. Faults are queued and consumed in order by the requests that
 * match them (by action, if given), so a test says exactly which call fails and how.
 */
export type FaultKind =
  /** Gateway `Throttling.User` (HTTP 400 by default, or `status`). Nothing is executed. */
  | "throttle"
  /** HTTP 500 InternalError before executing. */
  | "internal-error"
  /** HTTP 503 ServiceUnavailable before executing. */
  | "unavailable"
  /** The connection is destroyed before the request is executed. */
  | "reset"
  /** The request waits `delayMs` and is then executed and answered normally. */
  | "delay"
  /** The request is executed (a write commits) and the connection is destroyed without an answer. */
  | "drop-after-commit"
  /** HTTP 502 with an HTML body, as a proxy in front of the service would answer. */
  | "non-json";

export type Action =
  | "RegisterCustomConnector"
  | "ListCustomConnectors"
  | "DeleteCustomConnector"
  | "GetPreSignedUrlForPutObject"
  /** The PUT of an upload to its pre-signed URL (the emulator's OSS). */
  | "PutObject"
  /** A GET of an object of the emulator's OSS, signed with an accepted AccessKey (a policy pack reading an oss:// JAR). */
  | "GetObject"
  | UdfAction;

/** The UDF artifact and function operations. */
export type UdfAction =
  "CreateUdfArtifact" | "UpdateUdfArtifact" | "DeleteUdfArtifact" | "GetUdfArtifacts" | "RegisterUdfFunction" | "DeleteUdfFunction";

export const UDF_ACTIONS: readonly UdfAction[] = [
  "CreateUdfArtifact",
  "UpdateUdfArtifact",
  "DeleteUdfArtifact",
  "GetUdfArtifacts",
  "RegisterUdfFunction",
  "DeleteUdfFunction",
];

export interface FaultSpec {
  readonly kind: FaultKind;
  /** Only requests for this action trigger the fault; any action when absent. */
  readonly action?: Action;
  /** How many matching requests it affects. Defaults to 1. */
  readonly times?: number;
  /** For "delay": how long to hold the request. */
  readonly delayMs?: number;
  /** For "throttle": the HTTP status (400 or 429). Defaults to 400. */
  readonly status?: number;
}

/** Faults drawn at random, from a seed, for campaigns: the same seed gives the same draws. */
export interface RandomFaults {
  readonly seed: number;
  /** Share of requests that suffer a fault, 0..1. */
  readonly rate: number;
  /** Kinds to draw from, equally likely. Defaults to every kind. */
  readonly kinds?: readonly FaultKind[];
  /** How long a drawn "delay" holds the request. Defaults to 100 ms. */
  readonly delayMs?: number;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  "throttle",
  "internal-error",
  "unavailable",
  "reset",
  "delay",
  "drop-after-commit",
  "non-json",
];

/** mulberry32: a small, fast, seeded generator; plenty for picking faults (and a campaign's choices). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface QueuedFault {
  readonly spec: FaultSpec;
  remaining: number;
}

export class FaultInjector {
  private readonly queue: QueuedFault[] = [];
  private random: { spec: RandomFaults; next: () => number } | undefined;

  /** Draws faults at random for every request that no queued fault matches; `undefined` stops it. */
  randomize(spec: RandomFaults | undefined): this {
    if (spec && !(spec.rate >= 0 && spec.rate <= 1)) throw new RangeError("random faults: rate must be between 0 and 1");
    if (spec?.kinds && spec.kinds.length === 0) throw new RangeError("random faults: kinds must not be empty");
    this.random = spec ? { spec, next: seeded(spec.seed) } : undefined;
    return this;
  }

  /** Queues a fault; returns `this` for chaining. */
  add(spec: FaultSpec): this {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError("fault.times must be a positive integer");
    if (spec.kind === "delay" && !(typeof spec.delayMs === "number" && spec.delayMs >= 0)) {
      throw new RangeError('a "delay" fault needs delayMs');
    }
    this.queue.push({ spec, remaining: times });
    return this;
  }

  /** Shorthand: the next `times` calls (of `action`, if given) are throttled. */
  throttle(times: number, action?: Action): this {
    return this.add({ kind: "throttle", times, action });
  }

  /** Takes the fault the next request of `action` must suffer, if any. */
  take(action: Action): FaultSpec | undefined {
    const i = this.queue.findIndex((f) => f.remaining > 0 && (f.spec.action === undefined || f.spec.action === action));
    if (i < 0) return this.draw();
    const f = this.queue[i];
    f.remaining -= 1;
    if (f.remaining === 0) this.queue.splice(i, 1);
    return f.spec;
  }

  private draw(): FaultSpec | undefined {
    if (!this.random) return undefined;
    const { spec, next } = this.random;
    const hit = next() < spec.rate;
    const kinds = spec.kinds ?? FAULT_KINDS;
    const kind = kinds[Math.floor(next() * kinds.length)];
    if (!hit) return undefined;
    return kind === "delay" ? { kind, delayMs: spec.delayMs ?? 100 } : { kind };
  }

  /** Faults still waiting to fire. */
  get pending(): number {
    return this.queue.reduce((n, f) => n + f.remaining, 0);
  }

  clear(): void {
    this.queue.length = 0;
  }
}
