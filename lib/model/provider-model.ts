import { CONNECTOR_FIELDS, type FieldKind } from "./connector";
import { SETTING_NAMES, SETTING_TABLE, type Setting, type SettingKind, type SettingName } from "./settings";

/**
 * What a FlinkConnector, getFlinkConnectors and the provider's configuration are, in words and
 * types: the one description the native plugin's schema (and so every generated SDK) is built
 * from. Specs hold it against the provider's input keys, its outputs and its config keys.
 */

export type ValueType =
  | "string"
  | "boolean"
  | "integer"
  | "number"
  | "string[]"
  | "map<string[]>"
  | "ConnectorInfo[]"
  | "ConnectorProperty[]"
  | "UdfClassInfo[]"
  | "UdfArtifactInfo[]";

export interface PropertyModel {
  readonly type: ValueType;
  readonly description: string;
}

export interface InputModel extends PropertyModel {
  /** Required in every declaration (`connectorName`/`connectorNames` are one-of, so neither is). */
  readonly required?: boolean;
  /** Changing it replaces the resource. */
  readonly replaces?: boolean;
}

const PRESIGNED = "A pre-signed URL is a credential: pass it as a secret (`pulumi.secret(...)`) and it stays secret in state and outputs.";

/** The resource's inputs, in the order outputs list them (provider/types INPUT_KEYS). */
export const RESOURCE_INPUTS: Readonly<Record<string, InputModel>> = {
  workspaceId: {
    type: "string",
    required: true,
    replaces: true,
    description: 'Workspace ID (the Flink console shows it), e.g. "a14bd5d90a0001". Changing it replaces the connectors.',
  },
  namespaceName: {
    type: "string",
    required: true,
    replaces: true,
    description: 'Namespace (project space), e.g. "default-namespace". Changing it replaces the connectors.',
  },
  connectorName: {
    type: "string",
    replaces: true,
    description:
      'The one connector the JAR registers, e.g. "mysql-test" (the platform names a connector after a table factory ' +
      "identifier in the JAR; `alicloud-flink inspect-jar` shows them). Set exactly one of connectorName and connectorNames " +
      "(with a jarFile, neither: they are read from it).",
  },
  connectorNames: {
    type: "string[]",
    replaces: true,
    description:
      'Every connector the JAR registers, in any order, e.g. ["kafka-acme", "upsert-kafka-acme"]. Set ' +
      "exactly one of connectorName and connectorNames (with a jarFile, neither: they are read from it, and declared ones must " +
      "match). Changing the names replaces the connectors.",
  },
  jarUrl: {
    type: "string",
    description:
      `Where the platform downloads the JAR: \`oss://<bucket>/<path>.jar\` or \`https://…\` (\`http://\` only for a loopback ` +
      `host). Changing it re-registers in place (delete, then register, restoring the old JAR if the new one fails). Required to ` +
      `register connectors; connectors imported with \`pulumi import\` may leave it out (the API never says which JAR a connector ` +
      `came from): their JAR is then left as it is, and declaring it later records it without registering again. ${PRESIGNED}`,
  },
  adoptExisting: {
    type: "boolean",
    description:
      "Take existing connectors of these names under management instead of failing at create. Defaults to " +
      "false. Adoption assumes they were registered from `jarUrl` (the API does not report a connector's JAR).",
  },
  contentVersion: {
    type: "string",
    description:
      "A checksum or version of the JAR's content. Changing it re-registers the connectors even when " +
      '`jarUrl` stays the same (the platform cannot see that a file changed behind its URL). Defaults to "".',
  },
  jarFile: {
    type: "string",
    description:
      "A local JAR file (a path relative to the project directory), instead of `jarUrl`: uploaded through the platform " +
      "(GetPreSignedUrlForPutObject; no bucket of your own), its connectors read at preview (connectorName(s) may be left " +
      "out), and the platform's rules checked before `up`: a built-in name, a bundled Flink runtime, class files newer than " +
      "the engine's Java, another Flink version than `engineFlinkVersion`. Its SHA-256 is its content version: editing " +
      "the file re-registers, an unchanged file is no change. Deleting the resource leaves the uploaded file in the " +
      "workspace's storage (the API has no delete for it). Set jarUrl or jarFile, not both.",
  },
};

const PLATFORM_WORDS: Readonly<Record<string, string>> = {
  name: "The connector's name, as the platform parsed it from the JAR.",
  type: "The connector type the platform parsed from the JAR (used in `WITH ('connector' = …)`).",
  source: "Whether the connector can be a source table.",
  sink: "Whether the connector can be a sink (result) table.",
  lookup: "Whether the connector can be a lookup (dimension) table.",
  supportedFormats: "The formats the connector supports.",
  dependencies: "Additional dependency files of the connector.",
  properties: "The options the connector declares.",
  creator: "The account ID of who registered the connector.",
  creatorName: "The name of who registered the connector.",
  modifier: "The account ID of who changed the connector last.",
  modifierName: "The name of who changed the connector last.",
};

const TYPE_OF: Readonly<Record<FieldKind, ValueType>> = {
  text: "string",
  flag: "boolean",
  texts: "string[]",
  properties: "ConnectorProperty[]",
};

/** A platform field as an output name: `type` would read as the resource's own type. */
const outputNameOf = (field: string): string => (field === "type" ? "connectorType" : field);

/** The platform's fields of one connector, under their output names, with words and types. */
export function platformProperties(withName: boolean): Record<string, PropertyModel> {
  const out: Record<string, PropertyModel> = {};
  for (const [field, kind] of Object.entries(CONNECTOR_FIELDS)) {
    if (field === "name" && !withName) continue;
    out[outputNameOf(field)] = { type: TYPE_OF[kind], description: PLATFORM_WORDS[field] };
  }
  return out;
}

/** One connector of a resource's `connectors` and of getFlinkConnectors' result. */
export const CONNECTOR_INFO: Readonly<Record<string, PropertyModel>> = {
  id: { type: "string", description: "`workspaceId:namespaceName:name`." },
  ...platformProperties(true),
};

/** One option a connector declares. */
export const CONNECTOR_PROPERTY: Readonly<Record<string, PropertyModel>> = {
  key: { type: "string", description: "The option's key." },
  defaultValue: { type: "string", description: "Its default value." },
  description: { type: "string", description: "What it does, in the platform's words." },
  required: { type: "boolean", description: "Whether a table must set it." },
  definesFormat: { type: "boolean", description: "Whether it chooses a format." },
  sensitive: { type: "boolean", description: "Whether it holds a secret." },
};

/** What a resource reports beyond its inputs. */
export const RESOURCE_OUTPUTS: Readonly<Record<string, PropertyModel>> = {
  jarSha256: { type: "string", description: 'The SHA-256 (hex) of the `jarFile` registered, its content version; "" for a jarUrl.' },
  uploadedJarUrl: {
    type: "string",
    description: 'Where the `jarFile` was uploaded in the workspace\'s storage: the `jarUrl` it is registered by; "" for a jarUrl.',
  },
  connectors: {
    type: "ConnectorInfo[]",
    description: "Every connector of the JAR the platform has, with its id and every field the platform reports, sorted by name.",
  },
  ...Object.fromEntries(
    Object.entries(platformProperties(false)).map(([k, p]) => [
      k,
      { ...p, description: `${p.description} For a resource of one connector (connectorName); empty for several (see connectors).` },
    ]),
  ),
};

/** getFlinkConnectors' arguments, as Terraform's alicloud_flink_connectors plus a few filters. */
export const FUNCTION_INPUTS: Readonly<Record<string, InputModel>> = {
  workspaceId: { type: "string", required: true, description: "Workspace ID." },
  namespaceName: { type: "string", required: true, description: "Namespace (project space)." },
  ids: { type: "string[]", description: "Only these ids (`workspaceId:namespaceName:connectorName`)." },
  names: { type: "string[]", description: "Only these connector names (exact)." },
  nameRegex: { type: "string", description: "Only names matching this regular expression." },
  type: { type: "string", description: "Only connectors of this type." },
};

/** getFlinkConnectors' result. */
export const FUNCTION_OUTPUTS: Readonly<Record<string, PropertyModel>> = {
  id: { type: "string", description: "`workspaceId:namespaceName`." },
  workspaceId: { type: "string", description: "Workspace ID." },
  namespaceName: { type: "string", description: "Namespace (project space)." },
  ids: { type: "string[]", description: "The ids of the connectors found, sorted by name." },
  names: { type: "string[]", description: "Their names." },
  connectors: { type: "ConnectorInfo[]", description: "The connectors found, with every field the platform reports." },
};

export interface SettingModel extends PropertyModel {
  /** The key the dynamic provider reads from stack config (config/settings CONFIG_KEYS). */
  readonly stackKey: string;
  readonly secret?: boolean;
  /** Environment variables read when the setting is not configured, first wins. */
  readonly env?: readonly string[];
}

const TYPE_OF_KIND: Readonly<Record<SettingKind, ValueType>> = { text: "string", boolean: "boolean", integer: "integer", number: "number" };

/** The words of a setting, with its default when it has a value. */
function settingWords(s: Setting): string {
  return s.defaultValue === undefined ? s.description : `${s.description} Defaults to ${s.defaultValue}.`;
}

/**
 * The provider's settings, as the schema describes them: the one table (model/settings) in the
 * schema's types. The native plugin's keys are `alicloud-flink:<name>`; the dynamic provider
 * reads `stackKey`.
 */
export const SETTINGS: Readonly<Record<SettingName, SettingModel>> = Object.fromEntries(
  SETTING_NAMES.map((n) => {
    const s: Setting = SETTING_TABLE[n];
    return [
      n,
      {
        stackKey: s.dynamicKey,
        type: TYPE_OF_KIND[s.kind],
        description: settingWords(s),
        ...(s.secret ? { secret: true } : {}),
        ...(s.env ? { env: s.env } : {}),
      },
    ];
  }),
) as Record<SettingName, SettingModel>;
