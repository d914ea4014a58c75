import { UNKNOWN } from "./check";
import { REPLACE_KEYS, UPDATE_KEYS } from "./types";

export interface DiffOutcome {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

const defaults: Record<string, unknown> = { adoptExisting: false, contentVersion: "" };

const norm = (k: string, v: unknown): unknown => (v === undefined || v === null ? defaults[k] : v);

/**
 * Pure diff of old outputs against new inputs, over our own keys only (never `__provider`,
 * whose text changes with every upgrade of this package). A value unknown during preview counts
 * as changed. `adoptExisting` only matters at create, so changing it alone is no change.
 */
export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
  const changed = (k: string): boolean => news[k] === UNKNOWN || norm(k, olds[k]) !== norm(k, news[k]);
  const replaces = REPLACE_KEYS.filter(changed);
  const updates = UPDATE_KEYS.filter(changed);
  return { changes: replaces.length > 0 || updates.length > 0, replaces: [...replaces], deleteBeforeReplace: replaces.length > 0 };
}
