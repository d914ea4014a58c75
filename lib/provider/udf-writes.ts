import { FlinkApiError } from "../errors/flink-api-error";
import type { Presence } from "../errors/operation-error";
import { UdfOperationError, type NamedClass, type UdfFacts } from "../errors/udf-operation-error";
import { WriteFailure } from "../errors/write-failure";
import type { UdfArtifact, UdfArtifactRef, UdfClass } from "../model/udf";
import type { FlinkUdfService } from "../service/udf-service";
import {
  decodeUdf,
  defaultFunctionName,
  functionMapOf,
  udfIdOf,
  udfOutputs,
  type FlinkUdfArtifactInputs,
  type FunctionMap,
} from "./udf-types";

/**
 * The function steps of a UDF artifact's writes, and the failure each step's answers prove.
 * `planFunctions` decides (pure, table-tested); `applyFunctions` carries it out one call at a
 * time, so that a failure knows exactly which functions are on the platform.
 */

export interface FunctionPlan {
  readonly remove: ReadonlyArray<readonly [string, string]>;
  readonly add: ReadonlyArray<readonly [string, string]>;
}

const pairs = (m: FunctionMap): Array<[string, string]> =>
  Object.entries(m)
    .flatMap(([c, names]) => names.map((n): [string, string] => [c, n]))
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));

/** What to delete and what to register to go from the functions there are to the ones wanted. */
export function planFunctions(have: FunctionMap, want: FunctionMap): FunctionPlan {
  const key = ([c, n]: readonly [string, string]) => `${c}\u0000${n}`;
  const had = new Set(pairs(have).map(key));
  const wanted = new Set(pairs(want).map(key));
  return { remove: pairs(have).filter((p) => !wanted.has(key(p))), add: pairs(want).filter((p) => !had.has(key(p))) };
}

/** The functions wanted: as declared, or every class of the artifact under its simple name. */
export function wantedFunctions(declared: FunctionMap | undefined, a: UdfArtifact): FunctionMap {
  return declared ?? Object.fromEntries(a.udfClasses.map((c) => [c.className, [defaultFunctionName(c.className)]]));
}

export const named = (cs: readonly UdfClass[]): NamedClass[] =>
  cs.map((c) => ({ className: c.className, udfArtifactName: c.udfArtifactName, functionNames: [...c.functionNames] }));

/** The artifact with `functions` as its classes' function names (what the calls just did). */
export function withFunctions(a: UdfArtifact, functions: FunctionMap): UdfArtifact {
  return { ...a, udfClasses: a.udfClasses.map((c) => ({ ...c, functionNames: [...(functions[c.className] ?? [])].sort() })) };
}

/** The cause fields of a failure, from whatever was thrown. */
export function causeOf(e: unknown): Pick<UdfFacts, "cause" | "causeCode" | "causeKind"> {
  const inner = WriteFailure.isInstance(e) && e.cause instanceof Error ? e.cause : e;
  if (FlinkApiError.isInstance(inner)) return { cause: inner.message, causeCode: inner.code, causeKind: inner.kind };
  return { cause: inner instanceof Error ? inner.message : String(inner) };
}

/** Whether a write that failed may have taken effect. */
export const mayHave = (e: unknown): Presence => (WriteFailure.isInstance(e) && e.applied === "unknown" ? "unknown" : "absent");

/**
 * Deletes then registers functions per `plan`, one at a time. On a failure: a UdfOperationError
 * whose facts say where each function is and whose partial state keeps the artifact with the
 * functions as they are now.
 */
export async function applyFunctions(
  svc: FlinkUdfService,
  ref: UdfArtifactRef,
  plan: FunctionPlan,
  start: FunctionMap,
  ctx: { operation: "create" | "update"; inputs: FlinkUdfArtifactInputs; artifact: UdfArtifact; log: (l: string) => void },
): Promise<FunctionMap> {
  const now: Record<string, string[]> = Object.fromEntries(Object.entries(start).map(([c, n]) => [c, [...n]]));
  const step = async (kind: "delete-function" | "register-function", cls: string, fn: string): Promise<void> => {
    try {
      if (kind === "delete-function") await svc.deleteFunction(ref, cls, fn);
      else await svc.registerFunction(ref, cls, fn);
    } catch (e) {
      const where = kind === "delete-function" ? (mayHave(e) === "unknown" ? "unknown" : "present") : mayHave(e);
      const state = withFunctions(ctx.artifact, now);
      throw new UdfOperationError(
        {
          operation: ctx.operation,
          artifactId: udfIdOf(ctx.inputs),
          phase: kind,
          artifact: "present",
          functions: { ...Object.fromEntries(pairs(now).map(([c, n]) => [`${c}/${n}`, "present"])), [`${cls}/${fn}`]: where },
          ...causeOf(e),
        },
        { id: udfIdOf(ctx.inputs), properties: { ...udfOutputs(ctx.inputs, state) } },
      );
    }
    if (kind === "delete-function") now[cls] = (now[cls] ?? []).filter((n) => n !== fn);
    else now[cls] = [...(now[cls] ?? []), fn].sort();
    if (!now[cls].length) delete now[cls];
  };
  for (const [cls, fn] of plan.remove) {
    ctx.log(`${udfIdOf(ctx.inputs)}: deleting function ${fn} (${cls})`);
    await step("delete-function", cls, fn);
  }
  for (const [cls, fn] of plan.add) {
    ctx.log(`${udfIdOf(ctx.inputs)}: registering function ${fn} (${cls})`);
    await step("register-function", cls, fn);
  }
  return now;
}

/** Every function of the state, then the artifact; a refusal names the classes still referenced. */
export async function deleteArtifact(
  svc: FlinkUdfService,
  id: string,
  props: Readonly<Record<string, unknown>>,
  log: (l: string) => void,
): Promise<void> {
  const inputs = decodeUdf(props);
  const ref = { workspaceId: inputs.workspaceId, namespaceName: inputs.namespaceName, udfArtifactName: inputs.name };
  const have = functionMapOf(props.functions) ?? {};
  for (const [cls, fn] of planFunctions(have, {}).remove) {
    log(`${id}: deleting function ${fn} (${cls})`);
    try {
      await svc.deleteFunction(ref, cls, fn);
    } catch (e) {
      throw new UdfOperationError({
        operation: "delete",
        artifactId: id,
        phase: "delete-function",
        artifact: "present",
        functions: { [`${cls}/${fn}`]: mayHave(e) === "unknown" ? "unknown" : "present" },
        ...causeOf(e),
      });
    }
  }
  let r;
  try {
    r = await svc.remove(ref);
  } catch (e) {
    throw new UdfOperationError({
      operation: "delete",
      artifactId: id,
      phase: "delete-artifact",
      artifact: mayHave(e) === "unknown" ? "unknown" : "present",
      ...causeOf(e),
    });
  }
  if (!r.done)
    throw new UdfOperationError({
      operation: "delete",
      artifactId: id,
      phase: "delete-artifact",
      artifact: "present",
      referencedClasses: named(r.answer.referencedClasses),
      platformMessage: r.answer.message || "the platform refused to delete the artifact",
      cause: r.answer.message,
    });
  if (inputs.jarFile) log(`${id}: the uploaded ${inputs.jarUrl} stays in the workspace's storage (the API has no delete for it)`);
}
