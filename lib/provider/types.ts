import type { ConnectorProperty } from "../client/types";

/** Provider-side inputs: plain values, after Pulumi resolved every Input. */
export type FlinkConnectorInputs = {
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connectorName: string;
  readonly jarUrl: string;
  readonly adoptExisting?: boolean;
  readonly contentVersion?: string;
};

/** What the platform reports about a connector, as output fields (`type` is `connectorType`). */
export type ConnectorPlatformFields = {
  readonly connectorType: string;
  readonly source: boolean;
  readonly sink: boolean;
  readonly lookup: boolean;
  readonly supportedFormats: string[];
  readonly dependencies: string[];
  readonly properties: ConnectorProperty[];
  readonly creator: string;
  readonly creatorName: string;
  readonly modifier: string;
  readonly modifierName: string;
};

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
