import type { ConnectorPlatformFields } from "../model/connector";

/** Provider-side inputs: plain values, after Pulumi resolved every Input. */
export type FlinkConnectorInputs = {
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connectorName: string;
  readonly jarUrl: string;
  readonly adoptExisting?: boolean;
  readonly contentVersion?: string;
};

/** The input keys, in the order outputs list them. */
export const INPUT_KEYS = ["workspaceId", "namespaceName", "connectorName", "jarUrl", "adoptExisting", "contentVersion"] as const satisfies readonly (keyof FlinkConnectorInputs)[];

/** Provider-side outputs: every input plus what the platform reports. Never `undefined` inside. */
export type FlinkConnectorOutputs = ConnectorPlatformFields & {
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connectorName: string;
  readonly jarUrl: string;
  readonly adoptExisting: boolean;
  readonly contentVersion: string;
};

/** Changing one of these means another connector: delete the old one first, then create. */
export const REPLACE_KEYS = ["workspaceId", "namespaceName", "connectorName"] as const;
/** Changing one of these re-registers the connector in place (delete, then register). */
export const UPDATE_KEYS = ["jarUrl", "contentVersion"] as const;
