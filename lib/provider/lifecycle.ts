import type * as pulumi from "@pulumi/pulumi";
import { ConnectorOperationError, UNMANAGED_CONNECTOR_EXISTS, withPartialState, type Presence } from "../errors/operation-error";
import type { Connector } from "../model/connector";
import { formatSetId } from "../model/id";
import type { RegisterResult } from "../service/types";
import { aggregate, perConnector, refusalWorthLooking, takeover } from "./decide";
import { toOutputs } from "./outputs";
import type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./types";
import { UPDATE_KEYS } from "./types";
import {
  afterDeletes,
  apiErrorOf,
  deleteEach,
  deletedTables,
  describe,
  effect,
  factsFrom,
  presentAfterRefusal,
  registerVerified,
  tracked,
  type Base,
  type Props,
  type WriteContext,
} from "./writes";

type Created = pulumi.dynamic.CreateResult<FlinkConnectorOutputs>;
type Updated = pulumi.dynamic.UpdateResult<FlinkConnectorOutputs>;

export const idOf = (i: FlinkConnectorInputs): string => formatSetId(i);
const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(", ");

/** Create: refuse, adopt or register, by what is there already; a refusal is understood by looking. */
export async function create(ctx: WriteContext, inputs: FlinkConnectorInputs, raw: Props): Promise<Created> {
  const id = idOf(inputs);
  const base: Base = { operation: "create", connectorId: id };
  const existing = await ctx.svc.mayExistAny(inputs, inputs.connectorNames).catch((e: unknown) => {
    throw new ConnectorOperationError(factsFrom({ ...base, phase: "check-existing", newConnector: "absent" }, e));
  });
  if (existing.length) return takeOver(ctx, inputs, raw, existing);
  try {
    return { id, outs: toOutputs(inputs, await registerVerified(ctx, inputs, raw, base, "register")) };
  } catch (e) {
    // Refused: if a declared connector is there (created since the check looked), it is an existing connector like any other.
    const present = await presentAfterRefusal(ctx, inputs, e);
    if (!present?.length) throw e;
    return takeOver(ctx, inputs, raw, present);
  }
}

/** Create over connectors that already exist: refused, unless `adoptExisting` says take them. */
async function takeOver(ctx: WriteContext, inputs: FlinkConnectorInputs, raw: Props, existing: readonly Connector[]): Promise<Created> {
  const id = idOf(inputs);
  const action = takeover(inputs.connectorNames, existing.map((c) => c.name), inputs.adoptExisting === true);
  if (action.kind === "refuse" || action.kind === "register") {
    const present = action.kind === "refuse" ? action.present : [];
    const one = present.length === 1;
    throw new ConnectorOperationError({
      operation: "create",
      connectorId: id,
      phase: "check-existing",
      oldConnector: aggregate(inputs.connectorNames.map((n) => (present.includes(n) ? "present" : "absent"))),
      newConnector: "absent",
      causeCode: UNMANAGED_CONNECTOR_EXISTS,
      cause: `Connector${one ? "" : "s"} ${quoted(present)} already exist${one ? "s" : ""} in namespace "${inputs.namespaceName}" of workspace "${inputs.workspaceId}", and this stack does not manage ${one ? "it" : "them"}.`,
      ...perConnector(inputs.connectorNames, (n) => ({ old: present.includes(n) ? "present" : "absent" })),
    });
  }
  if (action.kind === "adopt") {
    ctx.log(`adopted existing connector${existing.length === 1 ? "" : "s"} ${id}`);
    return { id, outs: toOutputs(inputs, existing) };
  }
  ctx.log(`adopting ${id}: ${action.present.join(", ")} exist and the others do not; registering the JAR again to bring them back`);
  const present = existing.filter((c) => action.present.includes(c.name));
  return { id, outs: toOutputs(inputs, await reregister(ctx, inputs, raw, { operation: "create", connectorId: id }, present)) };
}

/**
 * Brings back the missing connectors of a JAR whose others are there: a connector type can be
 * registered only once, so the present ones are removed, then the JAR registered again.
 */
async function reregister(ctx: WriteContext, inputs: FlinkConnectorInputs, raw: Props, base: Base, present: readonly Connector[]): Promise<Connector[]> {
  const outcomes = await deleteEach(ctx, inputs, present.map((c) => c.name));
  if (outcomes.some((o) => !o.ok)) {
    const failed = outcomes.find((o) => !o.ok)!;
    const old = (n: string) => (present.some((c) => c.name === n) ? afterDeletes(outcomes, n) : "absent");
    const error = new ConnectorOperationError(
      factsFrom(
        { ...base, phase: "delete-old", oldConnector: aggregate(inputs.connectorNames.map(old)), newConnector: "absent", ...deletedTables(outcomes), ...perConnector(inputs.connectorNames, (n) => ({ old: old(n) })) },
        !failed.ok ? failed.error : undefined,
      ),
    );
    throw withPartialState(error, base.connectorId, tracked(inputs, raw, present.filter((c) => old(c.name) !== "absent")));
  }
  try {
    return await registerVerified(ctx, inputs, raw, base, "register", { oldConnector: "absent", ...deletedTables(outcomes) });
  } catch (e) {
    // The present ones were removed to register the JAR again: whatever the registration left, the
    // state must not go on claiming them.
    if (!ConnectorOperationError.isInstance(e) || "id" in e) throw e;
    throw withPartialState(e, base.connectorId, tracked(inputs, raw, []));
  }
}

/** Update: a JAR change re-registers the set (delete, then register), and registers the previous JAR again if the new one fails. */
export async function update(ctx: WriteContext, id: string, before: FlinkConnectorInputs, after: FlinkConnectorInputs, olds: Props, news: Props): Promise<Updated> {
  const base: Base = { operation: "update", connectorId: id };
  if (UPDATE_KEYS.every((k) => (before[k] ?? "") === (after[k] ?? ""))) return reconcile(ctx, after, news, base);
  ctx.log(`updating ${id}: removing the registration of ${before.jarUrl}, then registering ${after.jarUrl}`);
  const names = before.connectorNames;
  const outcomes = await deleteEach(ctx, before, names);
  const failures = outcomes.filter((o) => !o.ok);
  if (failures.length) {
    const old = (n: string) => afterDeletes(outcomes, n);
    const first = failures[0];
    const error = new ConnectorOperationError(
      factsFrom({ ...base, phase: "delete-old", oldConnector: aggregate(names.map(old)), newConnector: "absent", ...deletedTables(outcomes), ...perConnector(names, (n) => ({ old: old(n) })) }, !first.ok ? first.error : undefined),
    );
    // Nothing changed: the state stays as it was. Otherwise keep tracking what may be left, so the engine retries this update.
    if (outcomes.every((o) => !o.ok && o.effect === "present")) throw error;
    const kept = Array.isArray(olds.connectors) ? olds.connectors.filter((c: { name?: unknown }) => old(String(c?.name)) !== "absent") : olds.connectors;
    throw withPartialState(error, id, { ...olds, ...(kept === undefined ? {} : { connectors: kept }) });
  }
  const tables = deletedTables(outcomes);
  try {
    return { outs: toOutputs(after, await registerVerified(ctx, after, news, base, "register-new", { oldConnector: "absent", ...tables })) };
  } catch (registerError) {
    const f = ConnectorOperationError.isInstance(registerError) ? registerError.facts : undefined;
    // Only a registration that certainly left nothing behind may be undone by registering the old JAR.
    if (!f || f.newConnector !== "absent") throw registerError;
    return restore(ctx, id, before, olds, f);
  }
}

async function restore(ctx: WriteContext, id: string, before: FlinkConnectorInputs, olds: Props, f: ConnectorOperationError["facts"]): Promise<never> {
  ctx.log(`registering the new JAR failed; registering the previous JAR ${before.jarUrl} again`);
  const names = before.connectorNames;
  let answer: RegisterResult;
  try {
    answer = await ctx.svc.register({ ...before, expectedNames: names });
  } catch (restoreError) {
    // Refused while a connector of these names is there (found by looking, whatever the code),
    // from a JAR we cannot tell (a late registration, someone else's): nothing about either
    // registration is certain.
    const lost = effect(restoreError) === "unknown";
    const seen = !lost && refusalWorthLooking(apiErrorOf(restoreError)?.kind) ? await ctx.svc.list(before).catch(() => "unseen" as const) : [];
    const clash = seen === "unseen" || seen.some((c) => names.includes(c.name));
    const unknown = clash || lost;
    const error = new ConnectorOperationError({
      ...f,
      ...(clash ? { newConnector: "unknown" as const } : {}),
      oldConnector: unknown ? "unknown" : "absent",
      restored: unknown ? "unknown" : false,
      restoreCause: describe(restoreError),
      ...perConnector(names, () => ({ old: unknown ? "unknown" : "absent", new: clash ? "unknown" : "absent" })),
    });
    // The state must not claim a connector the platform does not have for sure.
    throw withPartialState(error, id, { ...toOutputs(before, []), __provider: olds.__provider });
  }
  // Verified like every registration: what the old JAR registers now may differ from before
  // (its content changed behind the same URL). A stray is removed again, never left unreported;
  // a name Register's answer left out is absent, not unknown.
  const restored = answer.connectors.filter((c) => names.includes(c.name));
  const strayNames = [...new Set(answer.connectors.map((c) => c.name).filter((n) => !names.includes(n)))];
  const strayOutcomes = strayNames.length ? await deleteEach(ctx, before, strayNames) : [];
  const strays = strayNames.length ? { strays: { removed: strayOutcomes.filter((o) => o.ok).map((o) => o.name), left: strayOutcomes.filter((o) => !o.ok).map((o) => o.name) } } : {};
  const missing: Presence = answer.via === "answer" ? "absent" : "unknown";
  const presence = (n: string): Presence => (restored.some((c) => c.name === n) ? "present" : missing);
  const error = new ConnectorOperationError({
    ...f,
    oldConnector: aggregate(names.map(presence)),
    restored: true,
    ...strays,
    ...perConnector(names, (n) => ({ old: presence(n), new: "absent" })),
  });
  throw withPartialState(error, id, { ...toOutputs(before, restored), __provider: olds.__provider });
}

/**
 * An update whose inputs did not change: the engine asks for one after a partial failure, and
 * after a refresh found a connector of the set missing. Make the platform match the inputs:
 * keep what is there, register the JAR when nothing is, and when only some are, register it again.
 */
async function reconcile(ctx: WriteContext, inputs: FlinkConnectorInputs, raw: Props, base: Base): Promise<Updated> {
  let found: Connector[];
  try {
    found = (await ctx.svc.list(inputs)).filter((c) => inputs.connectorNames.includes(c.name));
  } catch (e) {
    throw new ConnectorOperationError(factsFrom({ ...base, phase: "check-existing", newConnector: "unknown" }, e));
  }
  if (found.length === inputs.connectorNames.length) return { outs: toOutputs(inputs, found) };
  if (found.length === 0) {
    ctx.log(`${base.connectorId} is not on the platform; registering ${inputs.jarUrl}`);
    return { outs: toOutputs(inputs, await registerVerified(ctx, inputs, raw, base, "register")) };
  }
  const missing = inputs.connectorNames.filter((n) => !found.some((c) => c.name === n));
  ctx.log(`${missing.join(", ")} of ${base.connectorId} ${missing.length === 1 ? "is" : "are"} not on the platform; registering ${inputs.jarUrl} again`);
  return { outs: toOutputs(inputs, await reregister(ctx, inputs, raw, base, found)) };
}

/** Delete: every connector of the set; one already gone is deleted. The tables each one had are reported. */
export async function remove(ctx: WriteContext, id: string, ref: FlinkConnectorInputs): Promise<void> {
  const outcomes = await deleteEach(ctx, ref, ref.connectorNames);
  const failures = outcomes.filter((o) => !o.ok);
  if (!failures.length) return;
  const first = failures[0];
  const old = (n: string) => afterDeletes(outcomes, n);
  throw new ConnectorOperationError(
    factsFrom(
      { operation: "delete", connectorId: id, phase: "delete", oldConnector: aggregate(ref.connectorNames.map(old)), ...deletedTables(outcomes), ...perConnector(ref.connectorNames, (n) => ({ old: old(n) })) },
      !first.ok ? first.error : undefined,
    ),
  );
}
