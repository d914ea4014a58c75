import {
  CONNECTOR_INFO,
  CONNECTOR_PROPERTY,
  FUNCTION_INPUTS,
  FUNCTION_OUTPUTS,
  RESOURCE_INPUTS,
  RESOURCE_OUTPUTS,
  SETTINGS,
  type PropertyModel,
  type ValueType,
} from "../model/provider-model";
import { UDF_ARTIFACT_INFO, UDF_CLASS_INFO, UDF_FUNCTION_INPUTS, UDF_FUNCTION_OUTPUTS, UDF_INPUTS, UDF_OUTPUTS } from "../model/udf-model";

/**
 * The package schema of the native provider, built from the one model (model/provider-model):
 * the resource, its function, its types and the provider's configuration. Every SDK is
 * generated from it. Pure.
 */

export const PACKAGE = "alicloud-flink";
export const RESOURCE_TOKEN = `${PACKAGE}:index:FlinkConnector`;
export const FUNCTION_TOKEN = `${PACKAGE}:index:getFlinkConnectors`;
export const UDF_TOKEN = `${PACKAGE}:index:FlinkUdfArtifact`;
export const UDF_FUNCTION_TOKEN = `${PACKAGE}:index:getFlinkUdfArtifacts`;
const INFO_TOKEN = `${PACKAGE}:index:FlinkConnectorInfo`;
const PROPERTY_TOKEN = `${PACKAGE}:index:ConnectorProperty`;
const UDF_CLASS_TOKEN = `${PACKAGE}:index:UdfClassInfo`;
const UDF_ARTIFACT_TOKEN = `${PACKAGE}:index:UdfArtifactInfo`;

type Spec = Record<string, unknown>;

function typeSpec(t: ValueType): Spec {
  switch (t) {
    case "string[]":
      return { type: "array", items: { type: "string" } };
    case "ConnectorInfo[]":
      return { type: "array", items: { $ref: `#/types/${INFO_TOKEN}` } };
    case "ConnectorProperty[]":
      return { type: "array", items: { $ref: `#/types/${PROPERTY_TOKEN}` } };
    case "map<string[]>":
      return { type: "object", additionalProperties: { type: "array", items: { type: "string" } } };
    case "UdfClassInfo[]":
      return { type: "array", items: { $ref: `#/types/${UDF_CLASS_TOKEN}` } };
    case "UdfArtifactInfo[]":
      return { type: "array", items: { $ref: `#/types/${UDF_ARTIFACT_TOKEN}` } };
    default:
      return { type: t };
  }
}

function properties(model: Readonly<Record<string, PropertyModel & { secret?: boolean; env?: readonly string[] }>>, withEnv = false): Spec {
  return Object.fromEntries(
    Object.entries(model).map(([name, p]) => [
      name,
      {
        ...typeSpec(p.type),
        description: p.description,
        ...(p.secret ? { secret: true } : {}),
        ...(withEnv && p.env?.length ? { defaultInfo: { environment: [...p.env] } } : {}),
      },
    ]),
  );
}

const objectType = (description: string, model: Readonly<Record<string, PropertyModel>>): Spec => ({
  type: "object",
  description,
  properties: properties(model),
  required: Object.keys(model),
});

export interface SchemaOptions {
  readonly version: string;
  /** Where `pulumi` downloads the plugin from; left out when not set. */
  readonly pluginDownloadURL?: string;
}

/** The schema as plain JSON. */
export function packageSchema(options: SchemaOptions): Spec {
  const inputs = properties(RESOURCE_INPUTS);
  const outputs = { ...properties(RESOURCE_INPUTS), ...properties(RESOURCE_OUTPUTS) };
  return {
    name: PACKAGE,
    displayName: "Alibaba Cloud Flink connectors",
    version: options.version,
    description: "Custom connectors of Alibaba Cloud Realtime Compute for Apache Flink (Ververica), from the JARs that register them.",
    keywords: ["pulumi", "alicloud", "flink", "ververica", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-alicloud-flink",
    repository: "https://github.com/pulumi-alicloud-flink/pulumi-alicloud-flink",
    ...(options.pluginDownloadURL ? { pluginDownloadURL: options.pluginDownloadURL } : {}),
    meta: { moduleFormat: "(.*)", supportPack: true },
    config: { variables: properties(SETTINGS, true) },
    provider: {
      description:
        "The provider of alicloud-flink: one account and region. Declare several " +
        "(`new Provider(...)`) to use several accounts or regions in one program.",
      inputProperties: properties(SETTINGS, true),
    },
    types: {
      [INFO_TOKEN]: objectType("One connector: its id and name and every field the platform reports.", CONNECTOR_INFO),
      [PROPERTY_TOKEN]: objectType("One option a connector declares.", CONNECTOR_PROPERTY),
      [UDF_CLASS_TOKEN]: objectType("One UDF class of an artifact, with its functions.", UDF_CLASS_INFO),
      [UDF_ARTIFACT_TOKEN]: objectType("One UDF artifact of a namespace.", UDF_ARTIFACT_INFO),
    },
    resources: {
      [RESOURCE_TOKEN]: {
        description:
          "The custom connectors of Alibaba Cloud Realtime Compute for Apache Flink " +
          "(Ververica) that one JAR registers: one (`connectorName`) or several " +
          "(`connectorNames`). The id is `workspaceId:namespaceName:connectorName`, or " +
          "`workspaceId:namespaceName:name1,name2` for several; `pulumi import` takes it.",
        inputProperties: inputs,
        requiredInputs: Object.entries(RESOURCE_INPUTS)
          .filter(([, p]) => p.required)
          .map(([k]) => k),
        properties: outputs,
        required: Object.keys(outputs),
      },
      [UDF_TOKEN]: {
        description:
          "A UDF artifact of Alibaba Cloud Realtime Compute for Apache Flink: a JAR of user-defined functions registered in a namespace, " +
          "and the functions registered from its classes (read from the JAR at preview for a jarFile). The id is " +
          "`workspaceId:namespaceName:name`; `pulumi import` takes it. A JAR change updates the artifact in place.",
        inputProperties: properties(UDF_INPUTS),
        requiredInputs: Object.entries(UDF_INPUTS)
          .filter(([, p]) => p.required)
          .map(([k]) => k),
        properties: { ...properties(UDF_INPUTS), ...properties(UDF_OUTPUTS) },
        required: [...Object.keys(UDF_INPUTS), ...Object.keys(UDF_OUTPUTS)],
      },
    },
    functions: {
      [FUNCTION_TOKEN]: {
        description: "Lists the custom connectors of a namespace, like Terraform's `alicloud_flink_connectors`.",
        inputs: {
          properties: properties(FUNCTION_INPUTS),
          required: Object.entries(FUNCTION_INPUTS)
            .filter(([, p]) => p.required)
            .map(([k]) => k),
        },
        outputs: { properties: properties(FUNCTION_OUTPUTS), required: Object.keys(FUNCTION_OUTPUTS) },
      },
      [UDF_FUNCTION_TOKEN]: {
        description: "Lists the UDF artifacts of a namespace, with their classes and functions.",
        inputs: {
          properties: properties(UDF_FUNCTION_INPUTS),
          required: Object.entries(UDF_FUNCTION_INPUTS)
            .filter(([, p]) => p.required)
            .map(([k]) => k),
        },
        outputs: { properties: properties(UDF_FUNCTION_OUTPUTS), required: Object.keys(UDF_FUNCTION_OUTPUTS) },
      },
    },
    language: {
      nodejs: { packageName: "@pulumi-alicloud-flink/native", respectSchemaVersion: true },
      python: { packageName: "pulumi_alicloud_flink", respectSchemaVersion: true, pyproject: { enabled: true } },
      go: {
        importBasePath: "github.com/pulumi-alicloud-flink/pulumi-alicloud-flink/sdk/go/alicloudflink",
        respectSchemaVersion: true,
        generateResourceContainerTypes: false,
      },
      csharp: { rootNamespace: "PulumiAlicloudFlink", respectSchemaVersion: true },
    },
  };
}
