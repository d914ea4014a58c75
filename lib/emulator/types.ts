/**
 * The emulator's own view of the wire model. It deliberately does not import the client's
 * types: the emulator is an independent reading of the API.
 */
export interface EmulatedProperty {
  key: string;
  defaultValue: string;
  description: string;
  required: boolean;
  definesFormat: boolean;
  sensitive: boolean;
}

export interface EmulatedConnector {
  name: string;
  type: string;
  source: boolean;
  sink: boolean;
  lookup: boolean;
  supportedFormats: string[];
  dependencies: string[];
  properties: EmulatedProperty[];
  creator: string;
  creatorName: string;
  modifier: string;
  modifierName: string;
}

/** What a JAR yields when registered. `name` is required; the rest defaults sensibly. */
export type JarConnectorSpec = Partial<Omit<EmulatedConnector, "creator" | "creatorName" | "modifier" | "modifierName">> & {
  name: string;
};

/** A JAR the emulator knows: the connectors it declares, or how it fails. */
export type JarSpec =
  { readonly connectors: readonly JarConnectorSpec[] } | { readonly error: "unreachable" | "invalid"; readonly message?: string };

/** A key pair the emulator accepts. */
export interface EmulatorKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** When set, requests must carry this STS token (x-acs-security-token). */
  readonly securityToken?: string;
  /** Reported as creator/modifier of the connectors this key registers. */
  readonly userId?: string;
  readonly userName?: string;
}

/** A table created with a connector, as DeleteCustomConnector reports it. */
export interface TableRecord {
  readonly catalogName: string;
  readonly databaseName: string;
  readonly tableName: string;
}
