import type { ConnectorRef, NamespaceRef } from "./connector";
import { nameProblem, nameSet, problemWords, type ConnectorNameSet, type NameKind } from "./names";
import { HIDDEN_CHARACTERS } from "./text";

/** What an id names: a connector of a namespace. */
export type ConnectorId = ConnectorRef;

/** What an id names: the connectors one JAR registers in a namespace (one, or several). */
export interface ConnectorSetId extends NamespaceRef {
  /** Sorted, unique, at least one. */
  readonly connectorNames: ConnectorNameSet;
}

/** Separates the names of a JAR's connectors in an id; `check` refuses it inside a name. */
export const NAME_SEPARATOR = ",";

/** `workspaceId:namespaceName:name1,name2`: the one-connector id when there is one name. */
export function formatSetId(ref: ConnectorSetId): string {
  return `${ref.workspaceId}:${ref.namespaceName}:${ref.connectorNames.join(NAME_SEPARATOR)}`;
}

const EXPECTED =
  `expected "<workspaceId>:<namespaceName>:<connectorName>" (or "<connectorName>,<connectorName>" ` +
  `for a JAR that registers several), e.g. "a14bd5d90a0001:default-namespace:mysql-test"`;

const PART: Record<NameKind, string> = { workspace: "workspace ID", namespace: "namespace name", connector: "connector name" };

/**
 * Parses an id of one or several connectors by the one name rule (model/names.ts) that check
 * applies to inputs, so whatever an import accepts a program can declare. Returns an error
 * message (data, not a throw) when it is malformed.
 */
export function parseSetId(id: string): ConnectorSetId | { error: string } {
  const shown = id.replace(HIDDEN_CHARACTERS, "?");
  const parts = id.split(":");
  if (parts.length !== 3) return { error: `The id "${shown}" is malformed: ${EXPECTED}.` };
  const names = parts[2].split(NAME_SEPARATOR);
  const segments: [NameKind, string][] = [
    ["workspace", parts[0]],
    ["namespace", parts[1]],
    ...names.map((n): [NameKind, string] => ["connector", n]),
  ];
  for (const [kind, segment] of segments) {
    const p = nameProblem(kind, segment);
    if (p)
      return {
        error:
          `The id "${shown}" is malformed: its ${PART[kind]} ` +
          `${p.kind === "empty" ? "" : `"${segment.replace(HIDDEN_CHARACTERS, "?")}" `}${problemWords(p)}; ${EXPECTED}.`,
      };
  }
  if (new Set(names).size !== names.length) return { error: `The id "${id}" names a connector twice; ${EXPECTED}.` };
  return { workspaceId: parts[0], namespaceName: parts[1], connectorNames: nameSet(names) };
}

/** Parses an id of one connector; returns an error message (data, not a throw) when it is malformed. */
export function parseId(id: string): ConnectorId | { error: string } {
  const parsed = parseSetId(id);
  if ("error" in parsed) return parsed;
  if (parsed.connectorNames.length !== 1) return { error: `The id "${id}" names several connectors; ${EXPECTED}.` };
  return { workspaceId: parsed.workspaceId, namespaceName: parsed.namespaceName, connectorName: parsed.connectorNames[0] };
}
