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
  /**
   * The URL the platform registers the JAR from: the declared `jarUrl`; for a `jarFile`, the URL
   * it was uploaded to ("" until it is).
   */
  readonly jarUrl: string;
  readonly adoptExisting?: boolean;
  readonly contentVersion?: string;
  /** A local JAR to upload through the platform instead of a `jarUrl`; "" for none. */
  readonly jarFile?: string;
  /** The `jarFile`'s SHA-256 (hex), as check read it: its content version. "" without a jarFile. */
  readonly jarSha256?: string;
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
  "jarFile",
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
  readonly jarFile: string;
  /** The SHA-256 of the `jarFile` registered ("" for a jarUrl). */
  readonly jarSha256: string;
  /** Where the `jarFile` was uploaded, the `jarUrl` it is registered by ("" for a jarUrl). */
  readonly uploadedJarUrl: string;
  /** Every connector of the JAR that the platform has, with every field it reports, sorted by name. */
  readonly connectors: ConnectorInfo[];
};

/** Changing one of these (or the set of connector names) means other connectors: delete the old ones first, then create. */
export const REPLACE_KEYS = ["workspaceId", "namespaceName"] as const;
/** Changing one of these re-registers the connector in place (delete, then register). */
export const UPDATE_KEYS = ["jarUrl", "contentVersion", "jarSha256"] as const;
