import { UdfOperationError } from "../errors/udf-operation-error";
import type { ConnectorLifecycle } from "../provider/connector-lifecycle";
import { UNKNOWN } from "../provider/check";
import { UdfLifecycle } from "../provider/udf-lifecycle";
import { udfArtifactsFound } from "../provider/udf-found";
import { decodeUdf, udfIdOf } from "../provider/udf-types";
import type { FlinkUdfService } from "../service/udf-service";
import type { ServiceOptions } from "../service/types";
import type { Props } from "./values";

/**
 * The native provider's FlinkUdfArtifact and getFlinkUdfArtifacts, in plain values: a thin
 * adapter over the UDF lifecycle, which stands beside the connector lifecycle and shares its
 * configuration and uploads.
 */

const UDF_PLATFORM_OUTPUTS = ["udfClasses", "artifactType", "creator", "createdAt", "modifiedAt", "uploadedJarUrl"];

export class NativeUdf {
  readonly lifecycle: UdfLifecycle;

  constructor(
    connectors: ConnectorLifecycle,
    deps: {
      env?: () => Record<string, string | undefined>;
      log?: (l: string) => void;
      udfServiceFor?: (o: ServiceOptions) => FlinkUdfService;
    },
  ) {
    this.lifecycle = new UdfLifecycle({ connectors, provider: "plugin", ...deps });
  }

  async check(olds: Props, news: Props): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }> {
    const r = await this.lifecycle.check(olds, news);
    return { inputs: r.inputs, failures: [...r.failures] };
  }

  diff(olds: Props, oldInputs: Props, news: Props) {
    const r = this.lifecycle.diff({ ...olds, ...oldInputs, functions: olds.functions ?? oldInputs.functions }, news);
    const detailed: Record<string, "update" | "replace"> = {};
    for (const k of r.updates) detailed[k] = "update";
    for (const k of r.replaces) detailed[k] = "replace";
    return { changes: r.changes, replaces: r.replaces, deleteBeforeReplace: true, detailed };
  }

  async create(inputs: Props, preview: boolean): Promise<{ id: string; properties: Props }> {
    if (preview) return { id: "", properties: previewUdf(inputs) };
    const typed = decodeUdf(inputs);
    return { id: udfIdOf(typed), properties: { ...(await this.lifecycle.create(typed)) } };
  }

  async read(id: string, properties: Props, inputs: Props): Promise<{ id: string; properties: Props; inputs: Props }> {
    const found = await this.lifecycle.read(id, { ...inputs, ...properties });
    return found ? { id, properties: { ...found.outs }, inputs: found.inputs } : { id: "", properties: {}, inputs: {} };
  }

  async update(id: string, olds: Props, oldInputs: Props, news: Props, preview: boolean): Promise<Props> {
    if (preview) return previewUdf(news);
    return { ...(await this.lifecycle.update(id, { ...oldInputs, ...olds }, decodeUdf(news))) };
  }

  delete(id: string, properties: Props): Promise<void> {
    return this.lifecycle.delete(id, properties);
  }

  async invoke(args: Props): Promise<{ result?: Props; failures: Array<{ property: string; reason: string }> }> {
    const failures = ["workspaceId", "namespaceName"]
      .filter((k) => typeof args[k] !== "string" || args[k].trim() === "")
      .map((k) => ({ property: k, reason: `getFlinkUdfArtifacts: ${k} is required.` }));
    if (args.names !== undefined && !(Array.isArray(args.names) && args.names.every((n) => typeof n === "string")))
      failures.push({ property: "names", reason: "getFlinkUdfArtifacts: names must be a list of strings." });
    if (failures.length) return { failures };
    return {
      result: await udfArtifactsFound(
        (ref) => this.lifecycle.list(ref),
        args as { workspaceId: string; namespaceName: string; names?: string[] },
      ),
      failures: [],
    };
  }
}

/** The outputs a create or update will have at preview: the inputs, and unknown for what only the platform can say. */
export function previewUdf(inputs: Props): Props {
  const out: Props = { ...inputs };
  for (const k of UDF_PLATFORM_OUTPUTS) out[k] = UNKNOWN;
  const fromFile = typeof inputs.jarFile === "string" && inputs.jarFile !== "";
  out.jarUrl = fromFile ? "" : (inputs.jarUrl ?? "");
  out.jarSha256 = fromFile ? (inputs.jarSha256 ?? UNKNOWN) : "";
  out.functions = inputs.functions ?? UNKNOWN;
  out.dependencyJarUris = inputs.dependencyJarUris ?? [];
  return out;
}

/** A UDF write's partial state, for ErrorResourceInitFailed. */
export function udfPartialOf(e: unknown): { id: string; properties: Props; reasons: string[]; inputs: Props } | undefined {
  if (!UdfOperationError.isInstance(e) || !e.partial) return undefined;
  const p = e.partial;
  const i = decodeUdf(p.properties);
  return {
    id: p.id,
    properties: { ...p.properties },
    reasons: [e.message],
    inputs: {
      workspaceId: i.workspaceId,
      namespaceName: i.namespaceName,
      name: i.name,
      ...(i.jarFile ? { jarFile: i.jarFile, jarSha256: i.jarSha256 } : { jarUrl: i.jarUrl }),
      ...(i.dependencyJarUris.length ? { dependencyJarUris: [...i.dependencyJarUris] } : {}),
      ...(i.functions ? { functions: i.functions } : {}),
    },
  };
}
