import { nameSet, type ConnectorNameSet } from "../model/names";
import { isJarUrlPlaceholder } from "../model/placeholder";
import { expectedNames } from "./outputs";
import type { FlinkConnectorInputs } from "./types";

/**
 * The one reader of a FlinkConnector's state: the outputs the engine kept (with the old inputs
 * over them, for the plugin), whichever version of this package wrote them. Every other module
 * takes the decoded value; none reads a state's keys itself.
 *
 * Versions, told apart by shape (nothing else was ever written in them):
 * - 1, written by 0.1.x: one connector (`connectorName`), no `connectorNames` and no `connectors`;
 *   may lack `contentVersion`; an import recorded a `REPLACE-ME…` placeholder as `jarUrl`.
 * - 2, written by 0.2.x: `connectorNames`, and `connectors`, what the last read or write found;
 *   from 0.3 it may hold a `jarFile` with its `jarSha256` and `uploadedJarUrl` (the JAR it registers).
 * A later shape adds an explicit `stateVersion` output; a state newer than this package knows is
 * read as the newest version known, by the keys it shares.
 */
export type StateVersion = 1 | 2;
export const STATE_VERSION: StateVersion = 2;

export interface ConnectorState {
  readonly version: StateVersion;
  /** The inputs the state describes; `jarUrl` is "" when it knew no JAR (an import, 0.1's placeholder). */
  readonly inputs: FlinkConnectorInputs;
  /** The connectors the last read or write found (version 2 only). */
  readonly found?: ConnectorNameSet;
}

/** Bounds what is read from a state, which comes from outside: a name list longer than any JAR's is cut. */
const MAX_STATE_NAMES = 1024;

const text = (v: unknown): string => (typeof v === "string" ? v : "");

export function decodeState(o: Readonly<Record<string, unknown>>): ConnectorState {
  const version: StateVersion = Array.isArray(o.connectors) ? 2 : 1;
  const jarUrl = text(o.jarUrl);
  const inputs: FlinkConnectorInputs = {
    workspaceId: text(o.workspaceId),
    namespaceName: text(o.namespaceName),
    connectorName: text(o.connectorName),
    connectorNames: nameSet(expectedNames(o).slice(0, MAX_STATE_NAMES)),
    // A jarFile's state registers the URL it was uploaded to.
    jarUrl: text(o.jarFile) ? text(o.uploadedJarUrl) : isJarUrlPlaceholder(jarUrl) ? "" : jarUrl,
    adoptExisting: o.adoptExisting === true,
    contentVersion: text(o.contentVersion),
    ...(text(o.jarFile) ? { jarFile: text(o.jarFile), jarSha256: text(o.jarSha256) } : {}),
  };
  if (version === 1) return { version, inputs };
  const found = (o.connectors as unknown[]).slice(0, MAX_STATE_NAMES).map((c) => text((c as { name?: unknown } | null)?.name));
  return { version, inputs, found: nameSet(found) };
}
