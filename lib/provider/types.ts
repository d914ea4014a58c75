import type { ConnectorInfo, ConnectorPlatformFields } from "../model/connector";
import type { ConnectorNameSet } from "../model/names";

/** Provider-side inputs: plain values, after Pulumi resolved every Input. */
export type FlinkConnectorInputs = {
  readonly workspaceId: string;
  readonly namespaceName: string;
  /** The one connector the JAR registers; "" when the resource declares `connectorNames`. */
  readonly connectorName: string;
  /** Every connector the JAR registers: sorted, unique, never empty (`[connectorName]` for one). */
  readonly connectorNames: ConnectorNameSet;
  readonly jarUrl: string;
  readonly adoptExisting?: boolean;
  readonly contentVersion?: string;
};

/** The input keys, in the order outputs list them. */
export const INPUT_KEYS = [
  "workspaceId",
  "namespaceName",
  "connectorName",
  "connectorNames",
  "jarUrl",
  "adoptExisting",
  "contentVersion",
] as const satisfies readonly (keyof FlinkConnectorInputs)[];

/** Provider-side outputs: every input plus what the platform reports. Never `undefined` inside. */
export type FlinkConnectorOutputs = ConnectorPlatformFields & {
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connectorName: string;
  readonly connectorNames: string[];
  readonly jarUrl: string;
  readonly adoptExisting: boolean;
  readonly contentVersion: string;
  /** Every connector of the JAR that the platform has, with every field it reports, sorted by name. */
  readonly connectors: ConnectorInfo[];
};

/** Changing one of these (or the set of connector names) means other connectors: delete the old ones first, then create. */
export const REPLACE_KEYS = ["workspaceId", "namespaceName"] as const;
/** Changing one of these re-registers the connector in place (delete, then register). */
export const UPDATE_KEYS = ["jarUrl", "contentVersion"] as const;
