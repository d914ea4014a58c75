import { redact } from "../errors/redact";
import type { NamespaceRef } from "../model/connector";
import type { CheckFailure } from "./check";
import { expectedNames } from "./outputs";
import { absent, UNKNOWN } from "./words";

/** Another resource of the stack whose JAR declares a connector this one declares too. */
export interface ClaimClash {
  readonly connector: string;
  /** That resource's JAR, in words. */
  readonly other: string;
}

/**
 * The connectors each resource of a stack declares, per namespace, as the provider's checks meet
 * them (one provider process serves one deployment): a connector type can be registered once per
 * namespace, so two JARs declaring one connector cannot both be registered. A resource is known
 * by its URN when the protocol gives one (the plugin); the dynamic provider gets none, so there a
 * resource is known by its `jarFile`, and only `jarFile` resources are compared. The same
 * resource checked again (an update of its JAR) replaces its claim.
 */
export class StackClaims {
  private readonly owners = new Map<string, { owner: string; jar: string }>();

  /** Records that `owner` (with `jar`) declares `names` in `ref`; returns the names another resource declared first. */
  claim(ref: NamespaceRef, names: readonly string[], owner: string, jar: string): ClaimClash[] {
    const clashes: ClaimClash[] = [];
    for (const n of names) {
      const key = JSON.stringify([ref.workspaceId, ref.namespaceName, n]);
      const other = this.owners.get(key);
      if (other !== undefined && other.owner !== owner) clashes.push({ connector: n, other: other.jar });
      else this.owners.set(key, { owner, jar });
    }
    return clashes;
  }
}

/** The stack's other resources whose JAR declares a connector these inputs declare, as check failures. */
export function clashFailures(claims: StackClaims, inputs: Readonly<Record<string, unknown>>, urn?: string): CheckFailure[] {
  const names = expectedNames(inputs);
  const fromFile = !absent(inputs.jarFile);
  const jar = fromFile ? `jarFile ${String(inputs.jarFile)}` : `jarUrl ${redact(typeof inputs.jarUrl === "string" ? inputs.jarUrl : "")}`;
  const unknown = [inputs.workspaceId, inputs.namespaceName, inputs.jarFile, inputs.jarUrl].includes(UNKNOWN) || names.includes(UNKNOWN);
  if (!names.length || unknown || (urn === undefined && !fromFile)) return [];
  const ref = { workspaceId: String(inputs.workspaceId), namespaceName: String(inputs.namespaceName) };
  return claims.claim(ref, names, urn ?? jar, jar).map((c) => ({
    property: Array.isArray(inputs.connectorNames) ? "connectorNames" : "connectorName",
    reason:
      `"${c.connector}" is declared by two JARs of this stack, ${jar} and ${c.other}, in namespace "${ref.namespaceName}" ` +
      `of workspace "${ref.workspaceId}": a connector type can be registered only once per namespace. Remove it from one of them.`,
  }));
}
