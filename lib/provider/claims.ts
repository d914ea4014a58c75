import { redact } from "../errors/redact";
import type { NamespaceRef } from "../model/connector";
import type { CheckFailure } from "./check";
import { expectedNames } from "./outputs";
import { absent, UNKNOWN } from "./words";

/** Another JAR of the stack that declares a connector this one declares too. */
export interface ClaimClash {
  readonly connector: string;
  readonly other: string;
}

/**
 * The connectors each JAR of a stack declares, per namespace, as the provider's checks meet them
 * (one provider process serves one deployment): a connector type can be registered once per
 * namespace, so two JARs declaring one connector cannot both be registered. A JAR is named by
 * its jarFile or jarUrl; the same JAR checked again is no clash.
 */
export class StackClaims {
  private readonly owners = new Map<string, string>();

  /** Records that `owner` declares `names` in `ref`; returns the names another JAR declared first. */
  claim(ref: NamespaceRef, names: readonly string[], owner: string): ClaimClash[] {
    const clashes: ClaimClash[] = [];
    for (const n of names) {
      const key = JSON.stringify([ref.workspaceId, ref.namespaceName, n]);
      const other = this.owners.get(key);
      if (other !== undefined && other !== owner) clashes.push({ connector: n, other });
      else this.owners.set(key, owner);
    }
    return clashes;
  }
}

/** The stack's other JARs that declare a connector these inputs declare, as check failures. */
export function clashFailures(claims: StackClaims, inputs: Readonly<Record<string, unknown>>): CheckFailure[] {
  const names = expectedNames(inputs);
  const jar = !absent(inputs.jarFile)
    ? `jarFile ${String(inputs.jarFile)}`
    : `jarUrl ${redact(typeof inputs.jarUrl === "string" ? inputs.jarUrl : "")}`;
  if (
    !names.length ||
    names.includes(UNKNOWN) ||
    [inputs.workspaceId, inputs.namespaceName, inputs.jarFile, inputs.jarUrl].includes(UNKNOWN)
  )
    return [];
  const ref = { workspaceId: String(inputs.workspaceId), namespaceName: String(inputs.namespaceName) };
  return claims.claim(ref, names, jar).map((c) => ({
    property: Array.isArray(inputs.connectorNames) ? "connectorNames" : "connectorName",
    reason:
      `"${c.connector}" is declared by two JARs of this stack, ${jar} and ${c.other}, in namespace "${ref.namespaceName}" ` +
      `of workspace "${ref.workspaceId}": a connector type can be registered only once per namespace. Remove it from one of them.`,
  }));
}
