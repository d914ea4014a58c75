import { ConnectorOperationError, type OperationFacts } from "../errors/operation-error";

export type Props = Record<string, unknown>;

/**
 * A lifecycle step that failed: what its answers proved, and, when connectors may exist, the
 * outputs the state must keep so that refresh, up and destroy can still reach them.
 */
export interface Failed {
  readonly ok: false;
  readonly facts: OperationFacts;
  readonly keep?: Props;
}

/** What a lifecycle step returns: its value, or what its failure proved. Nothing in between throws. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | Failed;

export const succeeded = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const failure = (facts: OperationFacts, keep?: Props): Failed => (keep ? { ok: false, facts, keep } : { ok: false, facts });

/**
 * The edge: a failed outcome becomes the one error both providers raise, built once here, with
 * the state to keep as data (`extra` adds what the adapter's protocol wants in it, such as the
 * dynamic host's serialized provider).
 */
export function valueOf<T>(o: Outcome<T>, id: string, extra: Props = {}): T {
  if (o.ok) return o.value;
  throw new ConnectorOperationError(o.facts, o.keep && { id, properties: { ...o.keep, ...extra } });
}
