import type { InputModel, PropertyModel } from "./provider-model";

/**
 * What a FlinkUdfArtifact and getFlinkUdfArtifacts are, in words and types: the one description
 * the plugin's schema (and every SDK) is built from, beside the FlinkConnector's.
 */

export const UDF_INPUTS: Readonly<Record<string, InputModel>> = {
  workspaceId: { type: "string", required: true, replaces: true, description: "Workspace ID. Changing it replaces the artifact." },
  namespaceName: {
    type: "string",
    required: true,
    replaces: true,
    description: "Namespace (project space). Changing it replaces the artifact.",
  },
  name: {
    type: "string",
    required: true,
    replaces: true,
    description: "The UDF artifact's name in the namespace: letters, digits, '_', '.', '-'. Changing it replaces the artifact.",
  },
  jarUrl: {
    type: "string",
    description:
      "Where the platform downloads the JAR (`oss://...` or `https://...`). Changing it updates the artifact in place. " +
      "Set exactly one of jarUrl and jarFile.",
  },
  jarFile: {
    type: "string",
    description:
      "A local JAR (relative to the project directory), read at preview for its UDF classes and uploaded through the " +
      "platform. Set exactly one of jarUrl and jarFile.",
  },
  dependencyJarUris: { type: "string[]", description: "Further JARs the functions need (`oss://...`, `https://...`)." },
  functions: {
    type: "map<string[]>",
    description:
      'The functions to register, by class name, e.g. { "com.acme.udf.Upper": ["UPPER"] }. Default: every UDF class of ' +
      "the JAR, under its simple class name (what the docs call usual). Removing a function deletes it; a class another " +
      "artifact of the namespace has is refused at preview.",
  },
};

export const UDF_CLASS_INFO: Readonly<Record<string, PropertyModel>> = {
  className: { type: "string", description: "The class's binary name, e.g. `com.acme.udf.Upper`." },
  classType: { type: "string", description: "The platform's word for its kind of function." },
  functionNames: { type: "string[]", description: "The functions registered for it, sorted." },
};

export const UDF_OUTPUTS: Readonly<Record<string, PropertyModel>> = {
  jarSha256: { type: "string", description: 'The SHA-256 (hex) of a jarFile; "" for a jarUrl.' },
  uploadedJarUrl: { type: "string", description: "The URL the platform has the JAR at: a jarFile's upload, or jarUrl." },
  udfClasses: { type: "UdfClassInfo[]", description: "The artifact's UDF classes as the platform reports them, with their functions." },
  artifactType: { type: "string", description: "The platform's type of the artifact (a JAR)." },
  creator: { type: "string", description: "Who created the artifact (an account user ID)." },
  createdAt: { type: "integer", description: "When it was created (epoch milliseconds)." },
  modifiedAt: { type: "integer", description: "When it was changed last (epoch milliseconds)." },
};

export const UDF_FUNCTION_INPUTS: Readonly<Record<string, InputModel>> = {
  workspaceId: { type: "string", required: true, description: "Workspace ID." },
  namespaceName: { type: "string", required: true, description: "Namespace (project space)." },
  names: { type: "string[]", description: "Only these artifact names (exact)." },
};

export const UDF_FUNCTION_OUTPUTS: Readonly<Record<string, PropertyModel>> = {
  id: { type: "string", description: "`workspaceId:namespaceName`." },
  names: { type: "string[]", description: "The artifacts' names, sorted." },
  artifacts: { type: "UdfArtifactInfo[]", description: "The artifacts found, with their classes and functions." },
};

export const UDF_ARTIFACT_INFO: Readonly<Record<string, PropertyModel>> = {
  id: { type: "string", description: "`workspaceId:namespaceName:name`." },
  name: { type: "string", description: "The artifact's name." },
  jarUrl: { type: "string", description: "Where the platform has the JAR." },
  dependencyJarUris: { type: "string[]", description: "Further JARs." },
  udfClasses: { type: "UdfClassInfo[]", description: "Its UDF classes with their functions." },
  creator: { type: "string", description: "Who created it." },
  createdAt: { type: "integer", description: "When it was created (epoch milliseconds)." },
  modifiedAt: { type: "integer", description: "When it was changed last (epoch milliseconds)." },
};
