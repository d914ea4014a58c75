import type { SecretUrl } from "./secret-url";

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
 * The fields of a connector as the platform reports them (Connector.ts in the official SDK), with
 * the kind of each. The one definition of the platform's fields: the `Connector` type, the wire
 * model's checks, the provider's outputs, the list function's result and the resource's declared
 * outputs all follow from it.
 */
export const CONNECTOR_FIELDS = {
  name: "text",
  type: "text",
  source: "flag",
  sink: "flag",
  lookup: "flag",
  supportedFormats: "texts",
  dependencies: "texts",
  properties: "properties",
  creator: "text",
  creatorName: "text",
  modifier: "text",
  modifierName: "text",
} as const;

export type FieldKind = (typeof CONNECTOR_FIELDS)[keyof typeof CONNECTOR_FIELDS];
type ValueOf<K extends FieldKind> = K extends "text"
  ? string
  : K extends "flag"
    ? boolean
    : K extends "texts"
      ? string[]
      : ConnectorProperty[];

/**
 * A custom connector as the platform reports it. Every field is always present: missing wire
 * values become "", false or [] so that the value can go straight into Pulumi outputs (which
 * reject `undefined`).
 */
export type Connector = { readonly [F in keyof typeof CONNECTOR_FIELDS]: Readonly<ValueOf<(typeof CONNECTOR_FIELDS)[F]>> };

/** The empty value of each kind of field. */
export function emptyValue<K extends FieldKind>(kind: K): ValueOf<K> {
  return (kind === "text" ? "" : kind === "flag" ? false : []) as ValueOf<K>;
}

/** A platform field's name as a Pulumi output: `type` would read as the resource's own type. */
const outputName = <F extends keyof typeof CONNECTOR_FIELDS>(field: F): F extends "type" ? "connectorType" : F =>
  (field === "type" ? "connectorType" : field) as F extends "type" ? "connectorType" : F;

type PlatformField = Exclude<keyof typeof CONNECTOR_FIELDS, "name">;

/** What the platform reports about a connector beyond its name, under the names outputs use. Plain, mutable JSON. */
export type ConnectorPlatformFields = {
  -readonly [F in PlatformField as F extends "type" ? "connectorType" : F]: ValueOf<(typeof CONNECTOR_FIELDS)[F]>;
};

const PLATFORM_FIELDS = (Object.keys(CONNECTOR_FIELDS) as (keyof typeof CONNECTOR_FIELDS)[]).filter(
  (f): f is PlatformField => f !== "name",
);

/** The output names of the platform fields, in order. */
export const PLATFORM_OUTPUT_NAMES: readonly (keyof ConnectorPlatformFields)[] = PLATFORM_FIELDS.map(outputName);

/** A deep copy of a field's value (outputs must not share arrays with the model). */
const copy = (v: unknown): unknown => (Array.isArray(v) ? v.map((x) => (typeof x === "object" && x !== null ? { ...x } : x)) : v);

/** A connector's platform fields as outputs; every field empty ("", false, []) when there is none. */
export function platformFields(c: Connector | undefined): ConnectorPlatformFields {
  const out: Record<string, unknown> = {};
  for (const f of PLATFORM_FIELDS) out[outputName(f)] = copy(c ? c[f] : emptyValue(CONNECTOR_FIELDS[f]));
  return out as ConnectorPlatformFields;
}

/** One connector with its id and name and the platform's fields: an element of `connectors` outputs and of getFlinkConnectors' result. */
export type ConnectorInfo = ConnectorPlatformFields & {
  /** `workspaceId:namespaceName:name`. */
  readonly id: string;
  readonly name: string;
};

/** A connector as a `ConnectorInfo`. */
export function connectorInfo(workspaceId: string, namespaceName: string, c: Connector): ConnectorInfo {
  return { id: `${workspaceId}:${namespaceName}:${c.name}`, name: c.name, ...platformFields(c) };
}

/** A table created with a connector; DeleteCustomConnector returns these. */
export interface TableMeta {
  readonly catalogName: string;
  readonly databaseName: string;
  readonly tableName: string;
}

/**
 * The API operations, by their OpenAPI action names, and the upload of a JAR's bytes to the
 * pre-signed URL the platform answered (`PutObject`, OSS's name for it).
 */
export type Operation =
  "RegisterCustomConnector" | "ListCustomConnectors" | "DeleteCustomConnector" | "GetPreSignedUrlForPutObject" | "PutObject" | UdfOperation;

/** The UDF artifact and function operations (ververica-artifacts-api.md). */
export type UdfOperation =
  "CreateUdfArtifact" | "UpdateUdfArtifact" | "DeleteUdfArtifact" | "GetUdfArtifacts" | "RegisterUdfFunction" | "DeleteUdfFunction";

export const UDF_OPERATIONS: readonly UdfOperation[] = [
  "CreateUdfArtifact",
  "UpdateUdfArtifact",
  "DeleteUdfArtifact",
  "GetUdfArtifacts",
  "RegisterUdfFunction",
  "DeleteUdfFunction",
];

/** One connector of a namespace, by name. */
export interface ConnectorRef extends NamespaceRef {
  readonly connectorName: string;
}

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

/** What GetPreSignedUrlForPutObject answers: where to PUT the bytes, and the `jarUrl` to register them by. */
export interface PresignedUpload {
  readonly url: SecretUrl;
  readonly jarUrl: string;
}

/** The upload of a JAR through the platform (the console's "Upload File"). */
export interface JarUploadApi {
  presignUpload(ref: NamespaceRef, fileName: string): Promise<PresignedUpload>;
  /** PUTs the bytes to the pre-signed URL; rejects with a FlinkApiError of operation PutObject. */
  putObject(ref: NamespaceRef, url: SecretUrl, body: Buffer, timeoutMs: number): Promise<void>;
}
