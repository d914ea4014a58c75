import { ConnectorOperationError } from "../errors/operation-error";
import { filterConnectors, type ConnectorsFound } from "../model/filter-connectors";
import { PLATFORM_OUTPUT_NAMES } from "../model/connector";
import { asInputs, UNKNOWN } from "../provider/check";
import { ConnectorLifecycle, declaredInputs, type LifecycleDeps } from "../provider/connector-lifecycle";
import { idOf } from "../provider/lifecycle";
import { valueOf } from "../provider/outcome";
import { decodeState } from "../provider/state";
import { FUNCTION_TOKEN, RESOURCE_TOKEN, UDF_FUNCTION_TOKEN, UDF_TOKEN } from "./schema";
import { NativeUdf, udfPartialOf } from "./native-udf";
import type { FlinkUdfService } from "../service/udf-service";
import type { ServiceOptions } from "../service/types";
import { checkConfig, nativeConfig, type ConfigFailure } from "./native-config";
import type { Props } from "./values";

/**
 * The native provider, in plain values: what each RPC of Pulumi's provider protocol does, a thin
 * adapter over the lifecycle the dynamic provider adapts too (provider/connector-lifecycle.ts). The gRPC glue
 * (server.ts) unwraps secrets before and wraps them after; nothing here sees an envelope.
 */

export interface Failure {
  readonly property: string;
  readonly reason: string;
}

export interface DiffAnswer {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
  /** Property name -> "update" | "replace". */
  readonly detailed: Record<string, "update" | "replace">;
}

export interface NativeDeps {
  readonly env?: () => Record<string, string | undefined>;
  readonly log?: (line: string) => void;
  /** Builds the service for resolved options (tests). */
  readonly serviceFor?: LifecycleDeps["serviceFor"];
  readonly udfServiceFor?: (options: ServiceOptions) => FlinkUdfService;
}

/** A failed lifecycle call that leaves connectors behind: the engine keeps id and properties. */
export interface PartialFailure {
  readonly id: string;
  readonly properties: Props;
  readonly reasons: string[];
  /**
   * The inputs the state keeps: those the properties describe (what is on the platform now), not
   * the ones asked for. After a failed upgrade that restored the old JAR, the state says the old
   * JAR, so going back to it in the program is no change, and keeping the new one retries.
   */
  readonly inputs: Props;
}

/** The partial state a failed write carries (the one error class both providers raise), with the inputs to keep. */
export const partialOf = (e: unknown): PartialFailure | undefined => {
  const udf = udfPartialOf(e);
  if (udf) return udf;
  if (!ConnectorOperationError.isInstance(e) || !e.partial) return undefined;
  const p = e.partial;
  return { id: p.id, properties: { ...p.properties }, reasons: [e.message], inputs: declaredInputs(decodeState(p.properties).inputs) };
};

function requireType(type: string): void {
  if (type !== RESOURCE_TOKEN && type !== UDF_TOKEN)
    throw new Error(`alicloud-flink has no resource type ${JSON.stringify(type)}; it has ${RESOURCE_TOKEN} and ${UDF_TOKEN}.`);
}

export class NativeProvider {
  private readonly lifecycle: ConnectorLifecycle;
  private readonly udf: NativeUdf;

  constructor(private readonly deps: NativeDeps = {}) {
    this.lifecycle = new ConnectorLifecycle({ env: deps.env, log: deps.log, serviceFor: deps.serviceFor, provider: "plugin" });
    // Until Configure: no settings (not the dynamic host's PULUMI_CONFIG fallback).
    this.lifecycle.useConfig(nativeConfig({}, {}));
    this.udf = new NativeUdf(this.lifecycle, { env: deps.env, log: deps.log, udfServiceFor: deps.udfServiceFor });
  }

  private env(): Record<string, string | undefined> {
    return this.deps.env?.() ?? process.env;
  }

  checkConfig(news: Props): ConfigFailure[] {
    return checkConfig(news, this.env());
  }

  async configure(args: Props, variables: Readonly<Record<string, string>>): Promise<void> {
    this.lifecycle.useConfig(nativeConfig(args, variables));
  }

  /** `olds` are the old inputs ({} for a create): an imported resource may omit jarUrl. */
  async check(type: string, olds: Props, news: Props, urn = ""): Promise<{ inputs: Props; failures: Failure[] }> {
    requireType(type);
    if (type === UDF_TOKEN) return this.udf.check(olds, news);
    const r = await this.lifecycle.check(olds, news, urn || undefined);
    return { inputs: r.inputs, failures: [...r.failures] };
  }

  /** Diff against the old outputs, with the old inputs over them (they hold what an import could not know). */
  async diff(olds: Props, oldInputs: Props, news: Props, type: string = RESOURCE_TOKEN): Promise<DiffAnswer> {
    if (type === UDF_TOKEN) return this.udf.diff(olds, oldInputs, news);
    const r = this.lifecycle.diff({ ...olds, ...oldInputs }, news);
    const detailed: Record<string, "update" | "replace"> = {};
    for (const k of r.updates) detailed[k] = "update";
    for (const k of r.replaces) detailed[k] = "replace";
    return { changes: r.changes, replaces: r.replaces, deleteBeforeReplace: r.deleteBeforeReplace, detailed };
  }

  /** Create; in preview, the outputs it will have, with what only the platform knows unknown. */
  async create(type: string, inputs: Props, preview: boolean): Promise<{ id: string; properties: Props }> {
    requireType(type);
    if (type === UDF_TOKEN) return this.udf.create(inputs, preview);
    if (preview) return { id: "", properties: previewOutputs(inputs) };
    const typed = asInputs(inputs);
    const id = idOf(typed);
    return { id, properties: { ...valueOf(await this.lifecycle.create(typed), id) } };
  }

  /** Refresh (old outputs and inputs) or import (neither): empty id when nothing is there. */
  async read(
    id: string,
    properties: Props,
    inputs: Props,
    type: string = RESOURCE_TOKEN,
  ): Promise<{ id: string; properties: Props; inputs: Props }> {
    if (type === UDF_TOKEN) return this.udf.read(id, properties, inputs);
    const found = await this.lifecycle.read(id, { ...properties, ...inputs });
    return found ? { id, properties: { ...found.outs }, inputs: found.inputs } : { id: "", properties: {}, inputs: {} };
  }

  async update(type: string, id: string, olds: Props, oldInputs: Props, news: Props, preview: boolean): Promise<Props> {
    requireType(type);
    if (type === UDF_TOKEN) return this.udf.update(id, olds, oldInputs, news, preview);
    // A change re-registers: what the platform will report is not known before it has.
    if (preview) return previewOutputs(news);
    return { ...valueOf(await this.lifecycle.update(id, { ...olds, ...oldInputs }, asInputs(news)), id) };
  }

  async delete(type: string, id: string, properties: Props): Promise<void> {
    requireType(type);
    if (type === UDF_TOKEN) return this.udf.delete(id, properties);
    valueOf(await this.lifecycle.delete(id, properties), id);
  }

  /** A function call; arguments that are wrong come back as failures, never as a call. */
  async invoke(tok: string, args: Props): Promise<{ result?: ConnectorsFound | Props; failures: Failure[] }> {
    if (tok === UDF_FUNCTION_TOKEN) return this.udf.invoke(args);
    if (tok !== FUNCTION_TOKEN)
      throw new Error(`alicloud-flink has no function ${JSON.stringify(tok)}; it has ${FUNCTION_TOKEN} and ${UDF_FUNCTION_TOKEN}.`);
    const failures = invokeFailures(args);
    if (failures.length) return { failures };
    const filter = args as unknown as Parameters<typeof filterConnectors>[0];
    const service = this.lifecycle.service();
    return { result: filterConnectors(filter, await service.list(filter)), failures: [] };
  }
}

function invokeFailures(args: Props): Failure[] {
  const failures: Failure[] = [];
  for (const k of ["workspaceId", "namespaceName"]) {
    if (typeof args[k] !== "string" || args[k].trim() === "")
      failures.push({ property: k, reason: `getFlinkConnectors: ${k} is required.` });
  }
  for (const k of ["ids", "names"]) {
    if (args[k] !== undefined && !(Array.isArray(args[k]) && (args[k] as unknown[]).every((x) => typeof x === "string")))
      failures.push({ property: k, reason: `getFlinkConnectors: ${k} must be a list of strings.` });
  }
  for (const k of ["nameRegex", "type"]) {
    if (args[k] !== undefined && typeof args[k] !== "string")
      failures.push({ property: k, reason: `getFlinkConnectors: ${k} must be a string.` });
  }
  if (typeof args.nameRegex === "string") {
    try {
      new RegExp(args.nameRegex);
    } catch (e) {
      failures.push({
        property: "nameRegex",
        reason: `getFlinkConnectors: nameRegex "${args.nameRegex}" is not a valid regular expression: ${(e as Error).message}`,
      });
    }
  }
  return failures;
}

/** The outputs a create will have: the inputs, and unknown for what only the platform can say. */
export function previewOutputs(inputs: Props): Props {
  const out: Props = { ...inputs };
  for (const k of [...PLATFORM_OUTPUT_NAMES, "connectors"]) out[k] = UNKNOWN;
  // A jarFile's upload is known once done; its content version check read already.
  const fromFile = typeof inputs.jarFile === "string" && inputs.jarFile !== "";
  out.jarUrl = fromFile ? "" : (inputs.jarUrl ?? "");
  out.uploadedJarUrl = fromFile || inputs.jarFile === UNKNOWN ? UNKNOWN : "";
  out.jarSha256 = fromFile ? (inputs.jarSha256 ?? UNKNOWN) : inputs.jarFile === UNKNOWN ? UNKNOWN : "";
  return out;
}
