import type { ConnectorPresence, Presence } from "../errors/operation-error";

/**
 * Pure decisions of the write path: what an answer proves and what to do next, apart from the
 * calls that get the answers. Table-tested in tests/unit/decide.spec.ts.
 */

/** What create does about the connectors of its JAR that are already on the platform. */
export type Takeover =
  /** None is there: register the JAR. */
  | { readonly kind: "register" }
  /** Some are there and the stack does not manage them: refuse, naming them. */
  | { readonly kind: "refuse"; readonly present: readonly string[] }
  /** All are there and `adoptExisting` says take them: take them, registering nothing. */
  | { readonly kind: "adopt" }
  /**
   * Some are there, `adoptExisting` says take them, and the others are missing: the JAR must be
   * registered again to bring the others back, and a connector type can be registered only once,
   * so the present ones are removed first.
   */
  | { readonly kind: "reregister"; readonly present: readonly string[] };

export function takeover(expected: readonly string[], listed: readonly string[], adopt: boolean): Takeover {
  const present = expected.filter((n) => listed.includes(n));
  if (present.length === 0) return { kind: "register" };
  if (!adopt) return { kind: "refuse", present };
  return present.length === expected.length ? { kind: "adopt" } : { kind: "reregister", present };
}

/** Register's answer held against the connectors the resource declares. */
export interface Verdict {
  /** The JAR registered exactly the declared connectors. */
  readonly exact: boolean;
  /** Declared, not registered. */
  readonly missing: readonly string[];
  /** Registered, not declared. */
  readonly unexpected: readonly string[];
}

export function verdict(expected: readonly string[], registered: readonly string[]): Verdict {
  const missing = expected.filter((n) => !registered.includes(n));
  const unexpected = [...new Set(registered.filter((n) => !expected.includes(n)))].sort();
  return { exact: missing.length === 0 && unexpected.length === 0, missing, unexpected };
}

/** Why a registration that yielded other connectors than declared failed, in words that say what to set. */
export function mismatchReason(expected: readonly string[], registered: readonly string[]): string {
  const q = (ns: readonly string[]): string => ns.map((n) => `"${n}"`).join(", ");
  const actual = [...new Set(registered)].sort();
  const declare = actual.length === 1 ? `connectorName: "${actual[0]}"` : `connectorNames: [${q(actual)}]`;
  return actual.length === 0
    ? `The JAR registers no connector, not ${q(expected)}.`
    : `The JAR registers ${q(actual)}, not ${q(expected)}. Declare what it registers ` +
        `(${declare}); \`alicloud-flink inspect-jar\` shows it before you register.`;
}

/**
 * The presence of a set: the common value when all agree; `unknown` when any is unknown;
 * otherwise some are there and some are not.
 */
export function aggregate(ps: readonly Presence[]): Presence {
  if (ps.length === 0) return "absent";
  if (ps.every((p) => p === ps[0])) return ps[0];
  if (ps.includes("unknown")) return "unknown";
  return "partial";
}

/** Per-connector facts for a JAR of several connectors (none for one: the aggregate says it all). */
export function perConnector(
  names: readonly string[],
  each: (name: string) => ConnectorPresence,
): { connectors?: Record<string, ConnectorPresence> } {
  return names.length > 1 ? { connectors: Object.fromEntries(names.map((n) => [n, each(n)])) } : {};
}

/**
 * Whether a refused Register may have been refused because a declared connector is there:
 * worth one List to find out. The service's codes for that refusal are not documented, so any
 * refusal is looked into, except those that say nothing about connectors.
 */
export function refusalWorthLooking(kind: string | undefined): boolean {
  return kind !== "auth" && kind !== "throttling" && kind !== "transient";
}
