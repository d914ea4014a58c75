import { FlinkApiError, briefOf } from "../errors/flink-api-error";
import type { LifecycleOperation, OperationFacts, Phase, Presence } from "../errors/operation-error";
import { WriteFailure } from "../errors/write-failure";
import type { Connector, NamespaceRef, TableMeta } from "../model/connector";
import type { ConnectorServicePort } from "../service/types";
import { aggregate, mismatchReason, perConnector, refusalWorthLooking, verdict } from "./decide";
import { failure, succeeded, type Failed, type Outcome } from "./outcome";
import { toOutputs } from "./outputs";
import type { FlinkConnectorInputs } from "./types";

/**
 * The write path's calls, each turning answers into facts: register a JAR and hold its answer
 * against the declared connectors, delete a set of connectors, look after a refusal. They
 * return outcomes, never throw one; the decisions they apply are pure (decide.ts); the
 * lifecycle (lifecycle.ts) strings them together.
 */
export interface WriteContext {
  readonly svc: ConnectorServicePort;
  readonly log: (line: string) => void;
}

export type Base = { readonly operation: LifecycleOperation; readonly connectorId: string };

export const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The API error under a failure, if there is one. */
export const apiErrorOf = (e: unknown): FlinkApiError | undefined => {
  const inner = WriteFailure.isInstance(e) ? e.cause : e;
  return FlinkApiError.isInstance(inner) ? inner : undefined;
};

/** What a failed write proved: nothing changed, or an answer was lost. */
export const effect = (e: unknown): Presence => (WriteFailure.isInstance(e) && e.applied === "unknown" ? "unknown" : "absent");

/** Facts about a failure, with the cause filled in: for an API error its code, kind and the service's words, once. */
export function factsFrom(f: Omit<OperationFacts, "cause" | "causeCode" | "causeKind">, cause: unknown): OperationFacts {
  const api = apiErrorOf(cause);
  return { ...f, cause: api ? briefOf(api) : describe(cause), ...(api ? { causeCode: api.code, causeKind: api.kind } : {}) };
}

/**
 * Registers `inputs.jarUrl` and checks that it yielded exactly the declared connectors. A JAR
 * that yields anything else has what it registered removed again; what cannot be removed is
 * reported. A failure keeps the outputs of connectors that may exist, so Pulumi keeps
 * tracking them.
 */
export async function registerVerified(
  ctx: WriteContext,
  inputs: FlinkConnectorInputs,
  base: Base,
  phase: Phase,
  extra: Partial<OperationFacts> = {},
): Promise<Outcome<Connector[]>> {
  const expected = inputs.connectorNames;
  let registered: readonly Connector[];
  ctx.log(`registering ${inputs.jarUrl} as ${base.connectorId} (the platform downloads and parses the JAR)`);
  try {
    registered = (await ctx.svc.register({ ...inputs, expectedNames: expected })).connectors;
  } catch (e) {
    const presence = effect(e);
    const facts = factsFrom(
      { ...base, phase, ...extra, newConnector: presence, jarUrl: inputs.jarUrl, ...perConnector(expected, () => ({ new: presence })) },
      e,
    );
    // The platform may have them: keep them tracked so that refresh, up and destroy can reach them.
    return failure(facts, presence === "unknown" ? toOutputs(inputs, []) : undefined);
  }
  const v = verdict(
    expected,
    registered.map((c) => c.name),
  );
  if (v.exact) return succeeded([...registered]);

  const outcomes = await deleteEach(ctx, inputs, [...new Set(registered.map((c) => c.name))]);
  const left = outcomes.filter((o) => !o.ok);
  const mineLeft = registered.filter((c) => expected.includes(c.name) && left.some((o) => o.name === c.name));
  const cleanup =
    left.length === 0
      ? " What it registered was removed again."
      : ` These could not be removed and must be deleted in the Flink console: ` +
        `${left.map((o) => `${o.name} (${describe(o.error)})`).join("; ")}.`;
  const present = (n: string): Presence => (mineLeft.some((c) => c.name === n) ? "present" : "absent");
  const facts: OperationFacts = {
    ...base,
    phase: "verify-name",
    ...extra,
    newConnector: aggregate(expected.map(present)),
    jarUrl: inputs.jarUrl,
    cause:
      mismatchReason(
        expected,
        registered.map((c) => c.name),
      ) + cleanup,
    ...perConnector(expected, (n) => ({ new: present(n) })),
  };
  return failure(facts, mineLeft.length ? toOutputs(inputs, mineLeft) : undefined);
}

export type DeleteOutcome =
  | { readonly name: string; readonly ok: true; readonly existed: boolean | "unknown"; readonly tables: readonly TableMeta[] }
  | { readonly name: string; readonly ok: false; readonly effect: Presence; readonly error: unknown };

/** Deletes each named connector (at once); every outcome is kept. Idempotent: one already gone is deleted. */
export async function deleteEach(ctx: WriteContext, ref: NamespaceRef, names: readonly string[]): Promise<DeleteOutcome[]> {
  return Promise.all(
    names.map(async (name): Promise<DeleteOutcome> => {
      try {
        const r = await ctx.svc.delete({ ...ref, connectorName: name });
        if (r.tables.length)
          ctx.log(
            `deleted ${ref.workspaceId}:${ref.namespaceName}:${name}; catalog tables created with it: ${tableNames(r.tables).join(", ")}`,
          );
        return { name, ok: true, existed: r.existed, tables: r.tables };
      } catch (e) {
        return { name, ok: false, effect: effect(e) === "unknown" ? "unknown" : "present", error: e };
      }
    }),
  );
}

/** `catalog.database.table` for each table. */
export const tableNames = (tables: readonly TableMeta[]): string[] =>
  tables.map((t) => `${t.catalogName}.${t.databaseName}.${t.tableName}`);

/** The tables of every connector that was deleted, for facts. */
export function deletedTables(outcomes: readonly DeleteOutcome[]): { tables?: string[] } {
  const tables = outcomes.flatMap((o) => (o.ok ? tableNames(o.tables) : []));
  return tables.length ? { tables } : {};
}

/** Each connector's presence after a set of deletes: gone when deleted, else what the failure proved. */
export const afterDeletes = (outcomes: readonly DeleteOutcome[], name: string): Presence => {
  const o = outcomes.find((x) => x.name === name);
  return !o || o.ok ? "absent" : o.effect;
};

/**
 * The facts of a set of deletes that did not all succeed: each connector's presence after
 * them, the tables of those deleted, and the first failure's cause. Undefined when all succeeded.
 */
export function deletesFailed(
  base: Base,
  phase: Phase,
  names: readonly string[],
  outcomes: readonly DeleteOutcome[],
  extra: Partial<OperationFacts> = {},
): OperationFacts | undefined {
  const first = outcomes.find((o) => !o.ok);
  if (!first || first.ok) return undefined;
  const old = (n: string) => afterDeletes(outcomes, n);
  return factsFrom(
    {
      ...base,
      phase,
      oldConnector: aggregate(names.map(old)),
      ...extra,
      ...deletedTables(outcomes),
      ...perConnector(names, (n) => ({ old: old(n) })),
    },
    first.error,
  );
}

/**
 * After a Register refusal: which of the declared connectors are there. The service's code for
 * "already registered" is not documented, so a refusal is recognised by looking (one List, only
 * on a refusal that could mean it), never by its code. Undefined when looking is not worth it or fails.
 */
export async function presentAfterRefusal(
  ctx: WriteContext,
  inputs: FlinkConnectorInputs,
  refused: Failed,
): Promise<Connector[] | undefined> {
  const f = refused.facts;
  if (f.newConnector !== "absent" || f.phase === "verify-name" || !refusalWorthLooking(f.causeKind)) return undefined;
  try {
    const listed = await ctx.svc.list(inputs);
    return listed.filter((c) => inputs.connectorNames.includes(c.name));
  } catch {
    return undefined;
  }
}
