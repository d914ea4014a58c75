import { connectorInfo, platformFields, type Connector } from "../model/connector";
import { nameSet, type ConnectorNameSet } from "../model/names";
import type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./types";

/**
 * Inputs plus what the platform reports; plain JSON, no `undefined` anywhere. `found` are the
 * connectors of the JAR the platform has; the top-level platform fields are those of the one
 * connector of a one-connector resource (empty for a resource of several: see `connectors`).
 */
export function toOutputs(inputs: FlinkConnectorInputs, found: readonly Connector[]): FlinkConnectorOutputs {
  const mine = found.filter((c) => inputs.connectorNames.includes(c.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    workspaceId: inputs.workspaceId,
    namespaceName: inputs.namespaceName,
    connectorName: inputs.connectorName,
    connectorNames: [...inputs.connectorNames],
    jarUrl: inputs.jarFile ? "" : inputs.jarUrl,
    adoptExisting: inputs.adoptExisting === true,
    contentVersion: inputs.contentVersion ?? "",
    jarFile: inputs.jarFile ?? "",
    jarSha256: inputs.jarFile ? (inputs.jarSha256 ?? "") : "",
    uploadedJarUrl: inputs.jarFile ? inputs.jarUrl : "",
    ...platformFields(inputs.connectorName ? mine.find((c) => c.name === inputs.connectorName) : undefined),
    connectors: mine.map((c) => connectorInfo(inputs.workspaceId, inputs.namespaceName, c)),
  };
}

/**
 * The connector names raw inputs declare, before check passed: `connectorNames`, or
 * `[connectorName]`. Sorted, unique (an unknown value stays as it is: it never equals a name).
 */
export function expectedNames(o: Record<string, unknown>): ConnectorNameSet {
  const list =
    Array.isArray(o.connectorNames) && o.connectorNames.length > 0
      ? o.connectorNames.map(String)
      : typeof o.connectorName === "string" && o.connectorName
        ? [o.connectorName]
        : [];
  return nameSet(list);
}
