import type { ConnectorRef } from "./connector";

/** What an id names: a connector of a namespace. */
export type ConnectorId = ConnectorRef;

/** `workspaceId:namespaceName:connectorName`, as Terraform's alicloud_flink_connector. */
export function formatId(ref: ConnectorId): string {
  return `${ref.workspaceId}:${ref.namespaceName}:${ref.connectorName}`;
}

/** Parses an id; returns an error message (data, not a throw) when it is malformed. */
export function parseId(id: string): ConnectorId | { error: string } {
  const parts = id.split(":");
  if (parts.length !== 3 || parts.some((p) => p.trim() === "")) {
    return {
      error: `The id "${id}" is malformed: expected "<workspaceId>:<namespaceName>:<connectorName>", e.g. "a14bd5d90a0001:default-namespace:mysql-test".`,
    };
  }
  return { workspaceId: parts[0], namespaceName: parts[1], connectorName: parts[2] };
}
