import type { OperationFacts, Presence } from "../errors/operation-error";
import type { RegisterResult } from "../service/types";
import { aggregate, perConnector, refusalWorthLooking } from "./decide";
import { failure, type Failed } from "./outcome";
import { toOutputs } from "./outputs";
import type { FlinkConnectorInputs } from "./types";
import { apiErrorOf, deleteEach, describe, effect, type WriteContext } from "./writes";

/**
 * After an upgrade's new JAR was refused and left nothing: registers the previous JAR again,
 * verified like every registration. The update has failed either way; the outcome says what is
 * on the platform now, and the state keeps exactly what is there for sure.
 */
export async function restore(ctx: WriteContext, before: FlinkConnectorInputs, f: OperationFacts): Promise<Failed> {
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
    const seen =
      !lost && refusalWorthLooking(apiErrorOf(restoreError)?.kind) ? await ctx.svc.list(before).catch(() => "unseen" as const) : [];
    const clash = seen === "unseen" || seen.some((c) => names.includes(c.name));
    const unknown = clash || lost;
    const facts: OperationFacts = {
      ...f,
      ...(clash ? { newConnector: "unknown" as const } : {}),
      oldConnector: unknown ? "unknown" : "absent",
      restored: unknown ? "unknown" : false,
      restoreCause: describe(restoreError),
      ...perConnector(names, () => ({ old: unknown ? "unknown" : "absent", new: clash ? "unknown" : "absent" })),
    };
    // The state must not claim a connector the platform does not have for sure.
    return failure(facts, toOutputs(before, []));
  }
  // What the old JAR registers now may differ from before (its content changed behind the same
  // URL). A stray is removed again, never left unreported; a name Register's answer left out is
  // absent, not unknown.
  const strayNames = [...new Set(answer.connectors.map((c) => c.name).filter((n) => !names.includes(n)))];
  const strayOutcomes = strayNames.length ? await deleteEach(ctx, before, strayNames) : [];
  const strays = strayNames.length
    ? {
        strays: {
          removed: strayOutcomes.filter((o) => o.ok).map((o) => o.name),
          left: strayOutcomes.filter((o) => !o.ok).map((o) => o.name),
        },
      }
    : {};
  const missing: Presence = answer.via === "answer" ? "absent" : "unknown";
  const presence = (n: string): Presence => (answer.connectors.some((c) => c.name === n) ? "present" : missing);
  const facts: OperationFacts = {
    ...f,
    oldConnector: aggregate(names.map(presence)),
    restored: true,
    ...strays,
    ...perConnector(names, (n) => ({ old: presence(n), new: "absent" })),
  };
  // toOutputs keeps only the declared connectors: the strays are not tracked, they were removed or reported.
  return failure(facts, toOutputs(before, answer.connectors));
}
