import { connectorInfo, platformFields, type Connector } from "../model/connector";
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
    jarUrl: inputs.jarUrl,
    adoptExisting: inputs.adoptExisting === true,
    contentVersion: inputs.contentVersion ?? "",
    ...platformFields(inputs.connectorName ? mine.find((c) => c.name === inputs.connectorName) : undefined),
    connectors: mine.map((c) => connectorInfo(inputs.workspaceId, inputs.namespaceName, c)),
  };
}

/** The connector names a resource's inputs or outputs expect: `connectorNames`, or `[connectorName]`. Sorted, unique. */
export function expectedNames(o: Record<string, unknown>): string[] {
  const list = Array.isArray(o.connectorNames) && o.connectorNames.length > 0 ? o.connectorNames.map(String) : typeof o.connectorName === "string" && o.connectorName ? [o.connectorName] : [];
  return [...new Set(list)].sort();
}

/** The inputs kept in state, as read from outputs (for read's `inputs` and update's olds). */
export function inputsOf(o: Record<string, unknown>): FlinkConnectorInputs {
  const names = expectedNames(o);
  return {
    workspaceId: String(o.workspaceId ?? ""),
    namespaceName: String(o.namespaceName ?? ""),
    connectorName: typeof o.connectorName === "string" ? o.connectorName : "",
    connectorNames: names,
    jarUrl: typeof o.jarUrl === "string" ? o.jarUrl : "",
    adoptExisting: o.adoptExisting === true,
    contentVersion: typeof o.contentVersion === "string" ? o.contentVersion : "",
  };
}

/** The connectors the last read or write found, when the state records them (states before 0.3 do not). */
export function foundNames(o: Record<string, unknown>): string[] | undefined {
  if (!Array.isArray(o.connectors)) return undefined;
  return o.connectors.map((c) => String((c as { name?: unknown })?.name ?? "")).sort();
}
