/** The workspace and namespace (project space) every connector operation is scoped to. */
export interface NamespaceRef {
  /** Workspace ID, sent as the `workspace` header, e.g. "a14bd5d90a****". */
  readonly workspaceId: string;
  /** Namespace (project space) name, a path parameter, e.g. "default-namespace". */
  readonly namespaceName: string;
}

/** One property a connector declares (Property.ts in the official SDK). */
export interface ConnectorProperty {
  readonly key: string;
  readonly defaultValue: string;
  readonly description: string;
  readonly required: boolean;
  readonly definesFormat: boolean;
  readonly sensitive: boolean;
}

/**
 * A custom connector as the platform reports it (Connector.ts in the official SDK).
 * Every field is always present: missing wire values become "", false or [] so that
 * the value can go straight into Pulumi outputs (which reject `undefined`).
 */
export interface Connector {
  readonly name: string;
  readonly type: string;
  readonly source: boolean;
  readonly sink: boolean;
  readonly lookup: boolean;
  readonly supportedFormats: readonly string[];
  readonly dependencies: readonly string[];
  readonly properties: readonly ConnectorProperty[];
  readonly creator: string;
  readonly creatorName: string;
  readonly modifier: string;
  readonly modifierName: string;
}

/** A table created with a connector; DeleteCustomConnector returns these. */
export interface TableMeta {
  readonly catalogName: string;
  readonly databaseName: string;
  readonly tableName: string;
}

/** The three API operations, by their OpenAPI action names. */
export type Operation = "RegisterCustomConnector" | "ListCustomConnectors" | "DeleteCustomConnector";

/**
 * The narrow seam between the service and the wire: the three connector operations.
 * `VervericaConnectorClient` implements it over HTTP; unit tests stub it.
 * Every rejection is a `FlinkApiError` (or a `ConfigurationError` before any request is sent).
 */
export interface ConnectorApi {
  register(ref: NamespaceRef, jarUrl: string): Promise<Connector[]>;
  list(ref: NamespaceRef): Promise<Connector[]>;
  delete(ref: NamespaceRef, connectorName: string): Promise<TableMeta[]>;
}
