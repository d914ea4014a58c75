import { describeWarning, warningsFor, type EngineAdvice } from "../jar/inspect";
import { BUILTIN_CONNECTORS } from "../model/builtin-connectors";
import type { JarReport } from "../model/jar-report";
import type { Declared } from "./declared";

/**
 * What each rule of the policy pack says of one FlinkConnector, or of a stack: pure, from the
 * declaration and the report of its JAR. A message is made from the facts and says what to do;
 * undefined (or []) means the rule is met.
 */

/** The policy pack's words for the engine's versions: its config. */
export const POLICY_ENGINE_ADVICE: EngineAdvice = {
  java: "the policy's engineJavaVersion config (or the provider's engineJavaVersion)",
  flink: "the provider's engineFlinkVersion",
};

const listed = (names: readonly string[]): string => (names.length ? names.map((n) => `"${n}"`).join(", ") : "none");

/** Where the JAR is, for messages. */
export const jarOf = (d: Declared): string => (d.jarFile ? `jarFile ${d.jarFile}` : `jarUrl ${shownUrl(d.jarUrl ?? "")}`);

function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(not a URL)";
  }
}

/** The JAR registers other connectors than the resource declares (none declared: met, the JAR decides). */
export function namesDiffer(d: Declared, report: JarReport): string | undefined {
  const found = [...new Set(report.connectors.map((c) => c.name))].sort();
  if (!d.names.length || d.names.join("\n") === found.join("\n")) return undefined;
  return (
    `${jarOf(d)} registers ${listed(found)}, but the resource declares ${listed(d.names)}: registering it would register ` +
    `${found.filter((n) => !d.names.includes(n)).length ? "connectors the stack does not know of" : "fewer connectors than declared"}. ` +
    "Declare exactly what the JAR registers (alicloud-flink inspect-jar lists it)."
  );
}

/** Declared names, and the JAR's when read, that the platform has built in. */
export function builtinNames(d: Declared, report?: JarReport): string[] {
  const names = [...new Set([...d.names, ...(report?.connectors.map((c) => c.name) ?? [])])].sort();
  return names
    .filter((n) => BUILTIN_CONNECTORS[n])
    .map((n) => describeWarning({ kind: "builtin-name", connector: n, builtin: BUILTIN_CONNECTORS[n] }, POLICY_ENGINE_ADVICE));
}

/** Flink's own runtime bundled in the JAR. */
export function bundlesRuntime(d: Declared, report: JarReport): string | undefined {
  const w = warningsFor(report).find((x) => x.kind === "bundled-runtime");
  return w ? `${jarOf(d)}: ${describeWarning(w, POLICY_ENGINE_ADVICE)}` : undefined;
}

/** Class files newer than the engine's Java (the report was read for `javaVersion`). */
export function classTooNew(d: Declared, report: JarReport): string | undefined {
  const w = warningsFor(report).find((x) => x.kind === "class-too-new");
  return w ? `${jarOf(d)}: ${describeWarning(w, POLICY_ENGINE_ADVICE)}` : undefined;
}

/** The allowed locations of JARs: OSS buckets (`oss://<bucket>/...`) and https hosts. */
export interface AllowedLocations {
  readonly allowedBuckets?: readonly string[];
  readonly allowedHosts?: readonly string[];
}

/** A jarUrl outside the allowed buckets and hosts; a jarFile is uploaded to the workspace's own storage, so always allowed. */
export function locationRefused(d: Declared, allowed: AllowedLocations): string | undefined {
  if (!d.jarUrl) return undefined;
  const buckets = allowed.allowedBuckets ?? [];
  const hosts = allowed.allowedHosts ?? [];
  let url: URL;
  try {
    url = new URL(d.jarUrl);
  } catch {
    return `jarUrl is not a URL; the allowed locations are ${where(buckets, hosts)}.`;
  }
  const ok = url.protocol === "oss:" ? buckets.includes(url.hostname) : hosts.includes(url.hostname.toLowerCase());
  if (ok) return undefined;
  const what = url.protocol === "oss:" ? `bucket "${url.hostname}"` : `host "${url.hostname}"`;
  return (
    `${jarOf(d)} is in ${what}, which is not an allowed location (${where(buckets, hosts)}). Publish the JAR there, ` +
    "or add its location to the policy's allowedBuckets or allowedHosts config."
  );
}

const where = (buckets: readonly string[], hosts: readonly string[]): string =>
  [buckets.length ? `buckets ${listed(buckets)}` : "", hosts.length ? `hosts ${listed(hosts)}` : ""].filter(Boolean).join("; ") ||
  "none configured";

/** One connector type two resources of a stack declare in one namespace. */
export interface Clash {
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connector: string;
  /** The resources (URNs) that declare it, two or more. */
  readonly urns: readonly string[];
}

/** Every connector declared by more than one resource in one namespace of one workspace. */
export function clashes(resources: ReadonlyArray<{ readonly urn: string; readonly declared: Declared }>): Clash[] {
  const by = new Map<string, { clash: Omit<Clash, "urns">; urns: Set<string> }>();
  for (const { urn, declared: d } of resources) {
    if (!d.workspaceId || !d.namespaceName) continue;
    for (const connector of d.names) {
      const key = JSON.stringify([d.workspaceId, d.namespaceName, connector]);
      const entry = by.get(key) ?? { clash: { workspaceId: d.workspaceId, namespaceName: d.namespaceName, connector }, urns: new Set() };
      entry.urns.add(urn);
      by.set(key, entry);
    }
  }
  return [...by.values()].filter((e) => e.urns.size > 1).map((e) => ({ ...e.clash, urns: [...e.urns].sort() }));
}

/** A clash in words, for one of its resources. */
export function clashMessage(c: Clash, urn: string): string {
  const others = c.urns.filter((u) => u !== urn).map((u) => u.split("::").pop());
  return (
    `"${c.connector}" is declared in namespace ${c.namespaceName} of workspace ${c.workspaceId} by this resource and by ` +
    `${others.join(", ")}: each connector type can be registered only once per namespace, so one of the registrations ` +
    "would fail or replace the other. Keep it in one resource."
  );
}
