import { nameProblem, problemWords } from "../model/names";

/**
 * The Terraform fork's `alicloud_flink_udf` resources of a state (`workspace_id`,
 * `namespace_name`, `udf_artifact_name`, `jar_url`, `artifact_type`, `dependency_jar_uris`,
 * `udf_classes { class_name, function_names }`; id `workspace_id:namespace_name:udf_artifact_name`,
 * as FlinkUdfArtifact's). Pure and bounded, like the connectors' reading.
 */

export const TERRAFORM_UDF_TYPE = "alicloud_flink_udf";
const MAX = 10_000;

export interface TerraformUdf {
  readonly address: string;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly name: string;
  readonly jarUrl: string;
  readonly dependencyJarUris: readonly string[];
  /** The functions Terraform registered, by class (classes with none left out). */
  readonly functions: Readonly<Record<string, readonly string[]>>;
  readonly providerAlias: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === "string" ? v : "");
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.slice(0, MAX).filter((x): x is string => typeof x === "string") : []);

/** One instance of the state as a UDF artifact, or why it cannot be mapped. */
export function udfOf(address: string, attributes: unknown, alias: string): TerraformUdf | { address: string; reason: string } {
  const a = isObject(attributes) ? attributes : {};
  const u = {
    address,
    workspaceId: text(a.workspace_id),
    namespaceName: text(a.namespace_name),
    name: text(a.udf_artifact_name),
    jarUrl: text(a.jar_url),
    dependencyJarUris: texts(a.dependency_jar_uris),
    functions: Object.fromEntries(
      (Array.isArray(a.udf_classes) ? a.udf_classes.slice(0, MAX) : [])
        .filter(isObject)
        .map((c) => [text(c.class_name), [...new Set(texts(c.function_names))].sort()] as const)
        .filter(([c, names]) => c && names.length),
    ),
    providerAlias: alias,
  };
  for (const [key, kind, v] of [
    ["workspace_id", "workspace", u.workspaceId],
    ["namespace_name", "namespace", u.namespaceName],
  ] as const) {
    if (!v) return { address, reason: `it records no ${key}` };
    const p = nameProblem(kind, v);
    if (p) return { address, reason: `its ${key} ${JSON.stringify(v)} ${problemWords(p)}` };
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(u.name))
    return { address, reason: `its udf_artifact_name ${JSON.stringify(u.name)} is not a name FlinkUdfArtifact takes` };
  if (text(a.artifact_type) === "ARTIFACT_TYPE_PYTHON")
    return { address, reason: "it is a Python UDF artifact; FlinkUdfArtifact manages JARs of Java UDFs" };
  if (!u.jarUrl) return { address, reason: "it records no jar_url" };
  return u;
}
