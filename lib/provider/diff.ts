import { absent, UNKNOWN } from "./check";
import { expectedNames } from "./outputs";
import { decodeState } from "./state";
import { REPLACE_KEYS, UPDATE_KEYS } from "./types";

export interface DiffOutcome {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
  /** The inputs whose change re-registers in place (for detailed diffs). */
  readonly updates: string[];
}

// An input left out is its default ("" for contentVersion): the engine and SDKs send undefined or null.
const norm = (k: string, v: unknown): unknown => (v === undefined || v === null ? (k === "contentVersion" ? "" : undefined) : v);

/**
 * Pure diff of old outputs against new inputs, over our own keys only (never `__provider`,
 * whose text changes with every upgrade of this package). A value unknown during preview counts
 * as changed. `adoptExisting` only matters at create, so changing it alone is no change.
 * Another set of connector names is other connectors: a replacement (the id names them). A
 * connector of the set that the last refresh did not find is a change: the next update
 * registers it again. No jarUrl in the new inputs (an import that does not know the JAR) leaves
 * the JAR alone; declaring one where the state knew none (or held 0.1's placeholder) updates:
 * the update records the declared JAR without registering it (see provider.update).
 */
export function diffInputs(state: Record<string, unknown>, news: Record<string, unknown>): DiffOutcome {
  const was = decodeState(state);
  const olds: Record<string, unknown> = was.inputs;
  // An unknown value (the UNKNOWN marker) never equals a value in state: it counts as changed.
  const changed = (k: string): boolean => norm(k, olds[k]) !== norm(k, news[k]);
  // No jarUrl declared (an imported connector whose JAR nobody knows): the JAR is left as it is.
  const jarUndeclared = absent(news.jarUrl);
  const replaces: string[] = REPLACE_KEYS.filter(changed);
  // Likewise an unknown name, or an unknown list, is another set of names.
  if (expectedNames(news).join("\n") !== was.inputs.connectorNames.join("\n"))
    replaces.push(Array.isArray(news.connectorNames) || news.connectorNames === UNKNOWN ? "connectorNames" : "connectorName");
  const updates: string[] = UPDATE_KEYS.filter((k) => changed(k) && !(k === "jarUrl" && jarUndeclared));
  const found = was.found;
  const missing = found !== undefined && was.inputs.connectorNames.some((n) => !found.includes(n));
  return { changes: replaces.length > 0 || updates.length > 0 || missing, replaces, deleteBeforeReplace: replaces.length > 0, updates };
}
