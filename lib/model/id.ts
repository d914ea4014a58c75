import type { ConnectorRef, NamespaceRef } from "./connector";
import { HIDDEN_CHARACTERS, firstHiddenCharacter } from "./text";

/** What an id names: a connector of a namespace. */
export type ConnectorId = ConnectorRef;

/** What an id names: the connectors one JAR registers in a namespace (one, or several). */
export interface ConnectorSetId extends NamespaceRef {
  /** Sorted, unique, at least one. */
  readonly connectorNames: readonly string[];
}

/** Separates the names of a JAR's connectors in an id; `check` refuses it inside a name. */
export const NAME_SEPARATOR = ",";

/** `workspaceId:namespaceName:connectorName`, as Terraform's alicloud_flink_connector. */
export function formatId(ref: ConnectorId): string {
  return `${ref.workspaceId}:${ref.namespaceName}:${ref.connectorName}`;
}

/** `workspaceId:namespaceName:name1,name2`: the one-connector id when there is one name. */
export function formatSetId(ref: ConnectorSetId): string {
  return `${ref.workspaceId}:${ref.namespaceName}:${[...ref.connectorNames].sort().join(NAME_SEPARATOR)}`;
}

const EXPECTED = `expected "<workspaceId>:<namespaceName>:<connectorName>" (or "<connectorName>,<connectorName>" for a JAR that registers several), e.g. "a14bd5d90a0001:default-namespace:mysql-test"`;

/**
 * Why a segment of an id cannot be a name: each becomes a path segment of an API call, where
 * `.`/`..` or a control character could make a proxy or gateway address another resource.
 */
function badSegment(segment: string): string | undefined {
  if (segment.trim() === "") return "an empty part";
  if (segment === "." || segment === "..") return `"${segment}", which is not a name`;
  const hidden = firstHiddenCharacter(segment);
  if (hidden) return `the invisible or control character ${hidden.codePoint}`;
  if (/[/\\?#%]/.test(segment)) return `"${segment}", which holds '/', '\\', '?', '#' or '%'`;
  return undefined;
}

/** Parses an id of one or several connectors; returns an error message (data, not a throw) when it is malformed. */
export function parseSetId(id: string): ConnectorSetId | { error: string } {
  const parts = id.split(":");
  if (parts.length !== 3) return { error: `The id "${id.replace(HIDDEN_CHARACTERS, "?")}" is malformed: ${EXPECTED}.` };
  const names = parts[2].split(NAME_SEPARATOR);
  for (const segment of [parts[0], parts[1], ...names]) {
    const why = badSegment(segment);
    if (why) return { error: `The id "${id.replace(HIDDEN_CHARACTERS, "?")}" is malformed: it has ${why}; ${EXPECTED}.` };
  }
  if (new Set(names).size !== names.length) return { error: `The id "${id}" names a connector twice; ${EXPECTED}.` };
  return { workspaceId: parts[0], namespaceName: parts[1], connectorNames: [...names].sort() };
}

/** Parses an id of one connector; returns an error message (data, not a throw) when it is malformed. */
export function parseId(id: string): ConnectorId | { error: string } {
  const parsed = parseSetId(id);
  if ("error" in parsed) return parsed;
  if (parsed.connectorNames.length !== 1) return { error: `The id "${id}" names several connectors; ${EXPECTED}.` };
  return { workspaceId: parsed.workspaceId, namespaceName: parsed.namespaceName, connectorName: parsed.connectorNames[0] };
}
