import { firstHiddenCharacter } from "./text";

/**
 * The one rule for names: what a value must be to travel as a path segment of an API call (any
 * name the platform itself can hold), and, on top of it, what a workspace ID, a namespace name
 * and a connector name a resource declares or an id names must be. Check, id parsing, the
 * service and the client all apply these; each words the problem for its own reader.
 */

/** The longest workspace, namespace or connector name accepted. */
export const MAX_NAME_LENGTH = 128;
/** More connectors than any real JAR registers (the largest seen register two or three). */
export const MAX_CONNECTOR_NAMES = 64;

/** Why a value cannot be a path segment. */
export type SegmentProblem =
  | { readonly kind: "empty" }
  /** `.` or `..`: a proxy or gateway that normalises paths would address another resource. */
  | { readonly kind: "dot" }
  | { readonly kind: "hidden"; readonly codePoint: string; readonly index: number };

/** Why a value cannot be the name it is meant to be: a path segment's problem, or the name rule's. */
export type NameProblem =
  | SegmentProblem
  | { readonly kind: "spaces" }
  | { readonly kind: "long"; readonly length: number }
  /** A character the kind of name does not allow (`rule` says which are allowed, for messages). */
  | { readonly kind: "character"; readonly rule: string };

export type NameKind = "workspace" | "namespace" | "connector";

/** Any name the platform can hold passes: only emptiness, `.`/`..` and hidden characters are refused. */
export function segmentProblem(v: string): SegmentProblem | undefined {
  if (v.trim() === "") return { kind: "empty" };
  if (v === "." || v === "..") return { kind: "dot" };
  const hidden = firstHiddenCharacter(v);
  return hidden ? { kind: "hidden", ...hidden } : undefined;
}

const PATTERNS: Record<NameKind, { readonly pattern: RegExp; readonly rule: string }> = {
  workspace: { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, rule: "letters, digits, '-' and '_' only, as shown in the Flink console" },
  // Alibaba Cloud's rule for namespace (project space) names.
  namespace: {
    pattern: /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/,
    rule: "lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen",
  },
  // Names go into the API path; ':' and ',' would break our id format.
  connector: { pattern: /^[^\s/:\\?#%,]+$/, rule: "no space, '/', ':', ',', '\\', '?', '#' or '%'" },
};

/** Why `v` cannot be a name of this kind, if it cannot. */
export function nameProblem(kind: NameKind, v: string): NameProblem | undefined {
  const segment = segmentProblem(v);
  if (segment) return segment;
  if (v !== v.trim()) return { kind: "spaces" };
  if (v.length > MAX_NAME_LENGTH) return { kind: "long", length: v.length };
  const { pattern, rule } = PATTERNS[kind];
  return pattern.test(v) ? undefined : { kind: "character", rule };
}

/** A problem in words, after the value it is about: "holds the control or invisible character U+000A". */
export function problemWords(p: NameProblem): string {
  switch (p.kind) {
    case "empty":
      return "is empty";
    case "dot":
      return "is not a name (it would address another path of the API)";
    case "hidden":
      return `holds the invisible or control character ${p.codePoint} at position ${p.index + 1}`;
    case "spaces":
      return "has leading or trailing spaces";
    case "long":
      return `is ${p.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`;
    case "character":
      return `holds a character that is not allowed (${p.rule})`;
  }
}

declare const NAME_SET: unique symbol;

/** The connectors of one resource: sorted, unique. Made only by `nameSet`, so every holder agrees on the order. */
export type ConnectorNameSet = readonly string[] & { readonly [NAME_SET]: true };

/** The one place names are put in order and de-duplicated. */
export function nameSet(names: Iterable<string>): ConnectorNameSet {
  return Object.freeze([...new Set(names)].sort()) as unknown as ConnectorNameSet;
}
