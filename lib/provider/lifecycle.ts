import { UNMANAGED_CONNECTOR_EXISTS } from "../errors/operation-error";
import type { Connector } from "../model/connector";
import { formatSetId } from "../model/id";
import { aggregate, perConnector, takeover } from "./decide";
import { failure, succeeded, type Outcome, type Props } from "./outcome";
import { toOutputs } from "./outputs";
import { restore } from "./restore";
import type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./types";
import { UPDATE_KEYS } from "./types";
import {
  deleteEach,
  deletedTables,
  deletesFailed,
  factsFrom,
  presentAfterRefusal,
  registerVerified,
  type Base,
  type WriteContext,
} from "./writes";

/**
 * The connector's writes, protocol-neutral: each step returns an outcome (the value, or the
 * facts its answers proved and the state to keep); the adapters turn a failed one into the
 * error their protocol reports (outcome.ts `valueOf`).
 */

type Written = Outcome<FlinkConnectorOutputs>;

export const idOf = (i: FlinkConnectorInputs): string => formatSetId(i);
const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(", ");

/** Create: refuse, adopt or register, by what is there already; a refusal is understood by looking. */
export async function create(ctx: WriteContext, inputs: FlinkConnectorInputs): Promise<Written> {
  const base: Base = { operation: "create", connectorId: idOf(inputs) };
  let existing: Connector[];
  try {
    existing = await ctx.svc.mayExistAny(inputs, inputs.connectorNames);
  } catch (e) {
    return failure(factsFrom({ ...base, phase: "check-existing", newConnector: "absent" }, e));
  }
  if (existing.length) return takeOver(ctx, inputs, existing);
  const registered = await registerVerified(ctx, inputs, base, "register");
  if (registered.ok) return succeeded(toOutputs(inputs, registered.value));
  // Refused: if a declared connector is there (created since the check looked), it is an existing connector like any other.
  const present = await presentAfterRefusal(ctx, inputs, registered);
  return present?.length ? takeOver(ctx, inputs, present) : registered;
}

/** Create over connectors that already exist: refused, unless `adoptExisting` says take them. */
async function takeOver(ctx: WriteContext, inputs: FlinkConnectorInputs, existing: readonly Connector[]): Promise<Written> {
  const id = idOf(inputs);
  const action = takeover(
    inputs.connectorNames,
    existing.map((c) => c.name),
    inputs.adoptExisting === true,
  );
  if (action.kind === "refuse" || action.kind === "register") {
    const present = action.kind === "refuse" ? action.present : [];
    const one = present.length === 1;
    return failure({
      operation: "create",
      connectorId: id,
      phase: "check-existing",
      oldConnector: aggregate(inputs.connectorNames.map((n) => (present.includes(n) ? "present" : "absent"))),
      newConnector: "absent",
      causeCode: UNMANAGED_CONNECTOR_EXISTS,
      cause:
        `Connector${one ? "" : "s"} ${quoted(present)} already exist${one ? "s" : ""} in namespace "${inputs.namespaceName}" ` +
        `of workspace "${inputs.workspaceId}", and this stack does not manage ${one ? "it" : "them"}.`,
      ...perConnector(inputs.connectorNames, (n) => ({ old: present.includes(n) ? "present" : "absent" })),
    });
  }
  if (action.kind === "adopt") {
    ctx.log(`adopted existing connector${existing.length === 1 ? "" : "s"} ${id}`);
    return succeeded(toOutputs(inputs, existing));
  }
  ctx.log(`adopting ${id}: ${action.present.join(", ")} exist and the others do not; registering the JAR again to bring them back`);
  const present = existing.filter((c) => action.present.includes(c.name));
  return reregister(ctx, inputs, { operation: "create", connectorId: id }, present);
}

/**
 * Brings back the missing connectors of a JAR whose others are there: a connector type can be
 * registered only once, so the present ones are removed, then the JAR registered again.
 */
async function reregister(ctx: WriteContext, inputs: FlinkConnectorInputs, base: Base, present: readonly Connector[]): Promise<Written> {
  const names = inputs.connectorNames;
  const outcomes = await deleteEach(
    ctx,
    inputs,
    present.map((c) => c.name),
  );
  const failed = deletesFailed(base, "delete-old", names, outcomes, { newConnector: "absent" });
  const left = (c: Connector) => outcomes.some((o) => o.name === c.name && !o.ok);
  if (failed) return failure(failed, toOutputs(inputs, present.filter(left)));
  const registered = await registerVerified(ctx, inputs, base, "register", { oldConnector: "absent", ...deletedTables(outcomes) });
  if (registered.ok) return succeeded(toOutputs(inputs, registered.value));
  // The present ones were removed to register the JAR again: whatever the registration left,
  // the state must not go on claiming them.
  return registered.keep ? registered : failure(registered.facts, toOutputs(inputs, []));
}

/** Update: a JAR change re-registers the set (delete, then register), and registers the previous JAR again if the new one fails. */
export async function update(
  ctx: WriteContext,
  id: string,
  before: FlinkConnectorInputs,
  after: FlinkConnectorInputs,
  olds: Props,
): Promise<Written> {
  const base: Base = { operation: "update", connectorId: id };
  if (UPDATE_KEYS.every((k) => (before[k] ?? "") === (after[k] ?? ""))) return reconcile(ctx, after, base);
  ctx.log(`updating ${id}: removing the registration of ${before.jarUrl}, then registering ${after.jarUrl}`);
  const names = before.connectorNames;
  const outcomes = await deleteEach(ctx, before, names);
  const failed = deletesFailed(base, "delete-old", names, outcomes, { newConnector: "absent" });
  if (failed) {
    // Nothing changed: the state stays as it was. Otherwise keep tracking what may be left, so the engine retries this update.
    if (outcomes.every((o) => !o.ok && o.effect === "present")) return failure(failed);
    const gone = (n: string) => !outcomes.some((o) => o.name === n && !o.ok);
    const kept = Array.isArray(olds.connectors)
      ? olds.connectors.filter((c: { name?: unknown }) => !gone(String(c?.name)))
      : olds.connectors;
    return failure(failed, { ...olds, ...(kept === undefined ? {} : { connectors: kept }) });
  }
  const registered = await registerVerified(ctx, after, base, "register-new", { oldConnector: "absent", ...deletedTables(outcomes) });
  if (registered.ok) return succeeded(toOutputs(after, registered.value));
  // Only a registration that certainly left nothing behind may be undone by registering the old JAR.
  return registered.facts.newConnector === "absent" ? restore(ctx, before, registered.facts) : registered;
}

/**
 * An update whose inputs did not change: the engine asks for one after a partial failure, and
 * after a refresh found a connector of the set missing. Make the platform match the inputs:
 * keep what is there, register the JAR when nothing is, and when only some are, register it again.
 */
async function reconcile(ctx: WriteContext, inputs: FlinkConnectorInputs, base: Base): Promise<Written> {
  let found: Connector[];
  try {
    found = (await ctx.svc.list(inputs)).filter((c) => inputs.connectorNames.includes(c.name));
  } catch (e) {
    return failure(factsFrom({ ...base, phase: "check-existing", newConnector: "unknown" }, e));
  }
  if (found.length === inputs.connectorNames.length) return succeeded(toOutputs(inputs, found));
  if (found.length === 0) {
    ctx.log(`${base.connectorId} is not on the platform; registering ${inputs.jarUrl}`);
    const registered = await registerVerified(ctx, inputs, base, "register");
    return registered.ok ? succeeded(toOutputs(inputs, registered.value)) : registered;
  }
  const missing = inputs.connectorNames.filter((n) => !found.some((c) => c.name === n));
  ctx.log(
    `${missing.join(", ")} of ${base.connectorId} ${missing.length === 1 ? "is" : "are"} ` +
      `not on the platform; registering ${inputs.jarUrl} again`,
  );
  return reregister(ctx, inputs, base, found);
}

/** Delete: every connector of the set; one already gone is deleted. The tables each one had are reported. */
export async function remove(ctx: WriteContext, id: string, ref: FlinkConnectorInputs): Promise<Outcome<void>> {
  const outcomes = await deleteEach(ctx, ref, ref.connectorNames);
  const failed = deletesFailed({ operation: "delete", connectorId: id }, "delete", ref.connectorNames, outcomes);
  return failed ? failure(failed) : succeeded(undefined);
}
