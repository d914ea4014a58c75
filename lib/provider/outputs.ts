import { platformFields, type Connector } from "../model/connector";
import type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./types";

/** Inputs plus what the platform reports; plain JSON, no `undefined` anywhere. */
export function toOutputs(inputs: FlinkConnectorInputs, c: Connector | undefined): FlinkConnectorOutputs {
  return {
    workspaceId: inputs.workspaceId,
    namespaceName: inputs.namespaceName,
    connectorName: inputs.connectorName,
    jarUrl: inputs.jarUrl,
    adoptExisting: inputs.adoptExisting === true,
    contentVersion: inputs.contentVersion ?? "",
    ...platformFields(c),
  };
}

/** The inputs kept in state, as read from outputs (for read's `inputs` and update's olds). */
export function inputsOf(o: Record<string, unknown>): FlinkConnectorInputs {
  return {
    workspaceId: String(o.workspaceId ?? ""),
    namespaceName: String(o.namespaceName ?? ""),
    connectorName: String(o.connectorName ?? ""),
    jarUrl: typeof o.jarUrl === "string" ? o.jarUrl : "",
    adoptExisting: o.adoptExisting === true,
    contentVersion: typeof o.contentVersion === "string" ? o.contentVersion : "",
  };
}
