import { configFromEnv, engineFrom, serviceOptionsFrom, type ConfigGetter } from "../config/settings";
import { ServiceCache } from "../config/services";
import { redact } from "../errors/redact";
import { UdfOperationError } from "../errors/udf-operation-error";
import type { ProviderKind } from "../model/settings";
import type { UdfArtifact } from "../model/udf";
import type { ServiceOptions } from "../service/types";
import { FlinkUdfService } from "../service/udf-service";
import type { ConnectorLifecycle } from "./connector-lifecycle";
import type { Props } from "./outcome";
import { checkUdf, type UdfCheck } from "./udf-check";
import {
  decodeUdf,
  functionMapOf,
  udfIdOf,
  udfOutputs,
  UDF_REPLACE_KEYS,
  type FlinkUdfArtifactInputs,
  type FlinkUdfArtifactOutputs,
  type FunctionMap,
} from "./udf-types";
import { uploadUdfJar } from "./udf-upload";
import { applyFunctions, causeOf, deleteArtifact, mayHave, named, planFunctions, wantedFunctions, withFunctions } from "./udf-writes";

/**
 * The FlinkUdfArtifact lifecycle, protocol-neutral like the connector's and beside it: it reads
 * settings and uploads JARs through the connector lifecycle's configuration and service. Create
 * = CreateUdfArtifact, then RegisterUdfFunction per function; a JAR change = the functions the
 * program drops deleted, UpdateUdfArtifact in place, the new ones registered; delete = every
 * function, then DeleteUdfArtifact. Read by GetUdfArtifacts (by name). A failure is a
 * UdfOperationError made from what the answers proved, keeping what is on the platform.
 */

export interface UdfLifecycleDeps {
  readonly connectors: ConnectorLifecycle;
  readonly udfServiceFor?: (options: ServiceOptions) => FlinkUdfService;
  readonly env?: () => Record<string, string | undefined>;
  readonly log?: (line: string) => void;
  readonly provider?: ProviderKind;
}

const fnsEqual = (a: FunctionMap, b: FunctionMap): boolean => {
  const norm = (m: FunctionMap) =>
    JSON.stringify(
      Object.entries(m)
        .filter(([, v]) => v.length)
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    );
  return norm(a) === norm(b);
};

export class UdfLifecycle {
  private readonly services: ServiceCache<FlinkUdfService>;

  constructor(private readonly deps: UdfLifecycleDeps) {
    this.services = new ServiceCache(deps.udfServiceFor ?? ((o) => new FlinkUdfService(o)));
  }

  /** `olds`: the state's inputs ({} for a create); an unchanged JAR and function set is not looked up again. */
  async check(olds: Props, news: Props): Promise<UdfCheck> {
    const env = this.env();
    const provider = this.deps.provider ?? "dynamic";
    const engine = engineFrom(this.config(), env, provider);
    const r = await checkUdf(news, { engine, artifacts: (ref) => this.service().artifacts(ref), olds });
    for (const n of r.notes) this.log(n);
    return r;
  }

  diff(olds: Props, news: Props): { changes: boolean; replaces: string[]; updates: string[] } {
    const was = decodeUdf(olds);
    const next = decodeUdf(news);
    const replaces = UDF_REPLACE_KEYS.filter((k) => was[k] !== next[k]);
    const updates: string[] = [];
    if (next.jarFile ? next.jarSha256 !== was.jarSha256 : !was.jarFile && next.jarUrl !== was.jarUrl)
      updates.push(next.jarFile ? "jarSha256" : "jarUrl");
    if (Boolean(next.jarFile) !== Boolean(was.jarFile)) updates.push(next.jarFile ? "jarFile" : "jarUrl");
    if ([...next.dependencyJarUris].sort().join("\n") !== [...was.dependencyJarUris].sort().join("\n")) updates.push("dependencyJarUris");
    const registered = functionMapOf(olds.functions) ?? {};
    const classes = Array.isArray(olds.udfClasses) ? (olds.udfClasses as Array<{ className: string }>) : [];
    const want =
      next.functions ?? (updates.length ? undefined : wantedFunctions(undefined, { udfClasses: classes } as unknown as UdfArtifact));
    if (want && !fnsEqual(want, registered)) updates.push("functions");
    const unique = [...new Set(updates)];
    return { changes: replaces.length + unique.length > 0, replaces, updates: unique };
  }

  async create(declared: FlinkUdfArtifactInputs): Promise<FlinkUdfArtifactOutputs> {
    const inputs = await uploadUdfJar("create", declared, undefined, this.deps.connectors);
    const svc = this.service();
    const ref = { workspaceId: inputs.workspaceId, namespaceName: inputs.namespaceName, udfArtifactName: inputs.name };
    const id = udfIdOf(inputs);
    this.log(`${id}: creating the UDF artifact from ${inputs.jarFile ?? inputs.jarUrl}`);
    let r;
    try {
      r = await svc.create(ref, { name: inputs.name, jarUrl: inputs.jarUrl, dependencyJarUris: inputs.dependencyJarUris });
    } catch (e) {
      const artifact = mayHave(e);
      throw new UdfOperationError(
        { operation: "create", artifactId: id, phase: "create-artifact", artifact, ...causeOf(e) },
        artifact === "unknown" ? { id, properties: { ...this.pending(inputs) } } : undefined,
      );
    }
    if (!r.done)
      throw new UdfOperationError({
        operation: "create",
        artifactId: id,
        phase: "create-artifact",
        artifact: "absent",
        collidingClasses: named(r.answer.collidingClasses),
        platformMessage: r.answer.message || "the platform refused the artifact",
        cause: r.answer.message,
      });
    // A create seen by looking (its answer lost) carries no artifact: read it.
    const artifact = r.artifact ?? (await svc.artifact(ref));
    if (!artifact) throw new Error(redact(`${id}: the artifact was created but GetUdfArtifacts does not show it; run \`pulumi refresh\`.`));
    const want = wantedFunctions(inputs.functions, artifact);
    this.refuseMissing("create", inputs, artifact, want, {});
    const now = await applyFunctions(
      svc,
      ref,
      planFunctions({}, want),
      {},
      { operation: "create", inputs, artifact, log: (l) => this.log(l) },
    );
    return udfOutputs(inputs, withFunctions(artifact, now));
  }

  async read(id: string, props: Props = {}): Promise<{ outs: FlinkUdfArtifactOutputs; inputs: Props } | undefined> {
    const parts = id.split(":");
    if (parts.length !== 3 || parts.some((p) => !p))
      throw new Error(redact(`The id "${id}" is malformed: expected "<workspaceId>:<namespaceName>:<udfArtifactName>".`));
    const stated = decodeUdf(props);
    const inputs: FlinkUdfArtifactInputs = { ...stated, workspaceId: parts[0], namespaceName: parts[1], name: parts[2] };
    const a = await this.service().artifact({ workspaceId: parts[0], namespaceName: parts[1], udfArtifactName: parts[2] });
    if (!a) return undefined;
    const outs = udfOutputs(inputs.jarFile ? inputs : { ...inputs, jarUrl: a.jarUrl }, a);
    return {
      outs,
      inputs: {
        workspaceId: inputs.workspaceId,
        namespaceName: inputs.namespaceName,
        name: inputs.name,
        ...(inputs.jarFile ? { jarFile: inputs.jarFile } : { jarUrl: a.jarUrl }),
        ...(a.dependencyJarUris.length ? { dependencyJarUris: [...a.dependencyJarUris] } : {}),
        ...(Object.keys(outs.functions).length ? { functions: outs.functions } : {}),
      },
    };
  }

  async update(id: string, olds: Props, declared: FlinkUdfArtifactInputs): Promise<FlinkUdfArtifactOutputs> {
    const was = decodeUdf(olds);
    const inputs = await uploadUdfJar("update", declared, was, this.deps.connectors);
    const svc = this.service();
    const ref = { workspaceId: inputs.workspaceId, namespaceName: inputs.namespaceName, udfArtifactName: inputs.name };
    const have = functionMapOf(olds.functions) ?? {};
    let artifact = (await svc.artifact(ref)) ?? undefined;
    if (!artifact)
      throw new Error(
        redact(`${id}: the UDF artifact is not on the platform (deleted out of band?): run \`pulumi refresh\`, then \`pulumi up\`.`),
      );
    const jarChanged =
      inputs.jarUrl !== artifact.jarUrl || [...inputs.dependencyJarUris].sort().join() !== [...artifact.dependencyJarUris].sort().join();
    const ctx = {
      operation: "update" as const,
      inputs: was.jarUrl ? { ...inputs, jarUrl: was.jarUrl, jarSha256: was.jarSha256 } : inputs,
      artifact,
      log: (l: string) => this.log(l),
    };
    // Functions the program drops go first: the platform refuses a JAR without a class a function still names.
    const dropped = inputs.functions ? planFunctions(have, inputs.functions).remove : [];
    let now = await applyFunctions(svc, ref, { remove: dropped, add: [] }, have, ctx);
    if (jarChanged) {
      this.log(`${id}: updating the UDF artifact in place to ${inputs.jarFile ?? inputs.jarUrl}`);
      let r;
      try {
        r = await svc.update(ref, { name: inputs.name, jarUrl: inputs.jarUrl, dependencyJarUris: inputs.dependencyJarUris }, artifact);
      } catch (e) {
        throw new UdfOperationError(
          {
            operation: "update",
            artifactId: id,
            phase: "update-artifact",
            artifact: "present",
            jar: mayHave(e) === "unknown" ? "unknown" : "old",
            ...causeOf(e),
          },
          { id, properties: { ...udfOutputs(ctx.inputs, withFunctions(artifact, now)) } },
        );
      }
      if (!r.done)
        throw new UdfOperationError(
          {
            operation: "update",
            artifactId: id,
            phase: "update-artifact",
            artifact: "present",
            jar: "old",
            collidingClasses: named(r.answer.collidingClasses),
            missingClasses: named(r.answer.missingClasses),
            platformMessage: r.answer.message || "the platform refused the new JAR",
            cause: r.answer.message,
          },
          { id, properties: { ...udfOutputs(ctx.inputs, withFunctions(artifact, now)) } },
        );
      artifact = r.artifact ?? (await svc.artifact(ref)) ?? artifact;
    }
    const want = wantedFunctions(inputs.functions, artifact);
    this.refuseMissing("update", inputs, artifact, want, now);
    now = await applyFunctions(svc, ref, planFunctions(now, want), now, { ...ctx, inputs, artifact });
    return udfOutputs(inputs, withFunctions(artifact, now));
  }

  async delete(id: string, props: Props): Promise<void> {
    await deleteArtifact(this.service(), id, props, (l) => this.log(l));
  }

  /** The artifacts of a namespace (getFlinkUdfArtifacts). */
  list(ref: { workspaceId: string; namespaceName: string }): Promise<UdfArtifact[]> {
    return this.service().artifacts(ref);
  }

  service(): FlinkUdfService {
    const env = this.env();
    return this.services.get({
      ...serviceOptionsFrom(this.config(), env, this.deps.provider ?? "dynamic"),
      log: (m: string) => this.log(m),
    });
  }

  /** Declared classes the platform did not find in the JAR: refused before any function is registered. */
  private refuseMissing(op: "create" | "update", i: FlinkUdfArtifactInputs, a: UdfArtifact, want: FunctionMap, now: FunctionMap): void {
    const missing = Object.keys(want).filter((c) => !a.udfClasses.some((x) => x.className === c));
    if (!missing.length) return;
    throw new UdfOperationError(
      {
        operation: op,
        artifactId: udfIdOf(i),
        phase: "register-function",
        artifact: "present",
        cause:
          `the platform found no class ${missing.join(", ")} in the JAR; ` +
          `its UDF classes are ${a.udfClasses.map((c) => c.className).join(", ") || "none"}`,
      },
      { id: udfIdOf(i), properties: { ...udfOutputs(i, withFunctions(a, now)) } },
    );
  }

  private pending(i: FlinkUdfArtifactInputs): FlinkUdfArtifactOutputs {
    return udfOutputs(i, {
      name: i.name,
      jarUrl: i.jarUrl,
      artifactType: "",
      dependencyJarUris: [...i.dependencyJarUris],
      udfClasses: [],
      namespace: i.namespaceName,
      creator: "",
      createdAt: 0,
      modifiedAt: 0,
    });
  }

  private config(): ConfigGetter {
    return this.deps.connectors.currentConfig() ?? configFromEnv(this.env());
  }

  private env(): Record<string, string | undefined> {
    return this.deps.env?.() ?? process.env;
  }

  private log(line: string): void {
    (this.deps.log ?? ((l: string) => console.error(l)))(`[alicloud-flink] ${redact(line)}`);
  }
}
