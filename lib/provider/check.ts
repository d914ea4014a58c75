import { isLoopbackHost } from "../model/loopback";
import { MAX_CONNECTOR_NAMES, MAX_NAME_LENGTH, nameProblem, nameSet, type NameKind } from "../model/names";
import { isJarUrlPlaceholder } from "../model/placeholder";
import { checkJarFilePath } from "./jar-file-path";
import { expectedNames } from "./outputs";
import { absent, hiddenCharacterReason, shown, UNKNOWN } from "./words";
import { decodeState } from "./state";
import type { FlinkConnectorInputs } from "./types";

export { absent, UNKNOWN } from "./words";

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export interface CheckOutcome {
  readonly inputs: Record<string, unknown>;
  readonly failures: CheckFailure[];
}

const isUnknown = (v: unknown): boolean => v === UNKNOWN;

export const MAX_JAR_URL_LENGTH = 2048;

/** What a name that breaks the name rule's character set should be, in the words of its input. */
const CHARACTERS: Record<NameKind, (property: string, v: string) => string> = {
  workspace: (property, v) =>
    `${property} ${shown(v)} is not a workspace ID: use letters, digits, '-' and '_' only, as shown in the Flink console.`,
  namespace: (property, v) =>
    `${property} ${shown(v)} is not a namespace name: Alibaba Cloud namespaces use lowercase letters, ` +
    `digits and hyphens, start with a letter and do not end with a hyphen, e.g. "default-namespace".`,
  connector: (property, v) =>
    `${property} ${shown(v)} contains a space, '/', ':', ',', '\\', '?', '#' or '%'; use the name exactly as the Flink console shows it.`,
};

/** A name input, by the one name rule (model/names.ts), in this input's words. */
function checkName(property: string, kind: NameKind, v: unknown, label: string, example: string): CheckFailure | undefined {
  if (isUnknown(v)) return undefined;
  if (typeof v !== "string" || v.trim() === "") {
    return { property, reason: `${property} is required: the ${label}, e.g. "${example}".` };
  }
  const p = nameProblem(kind, v);
  if (!p) return undefined;
  const reason =
    p.kind === "hidden"
      ? hiddenCharacterReason(property, v)!
      : p.kind === "spaces"
        ? `${property} ${shown(v)} has leading or trailing spaces; remove them.`
        : p.kind === "long"
          ? `${property} is ${p.length} characters long; at most ${MAX_NAME_LENGTH} are allowed.`
          : p.kind === "dot"
            ? `${property} "${v}" is not a name (it would address another path of the API); use the ${label}, e.g. "${example}".`
            : CHARACTERS[kind](property, v);
  return { property, reason };
}

/** Checks a JAR URL: oss://bucket/path or https://host/path; http:// only to a loopback host. */
export function checkJarUrl(v: unknown): string | undefined {
  if (isUnknown(v)) return undefined;
  if (typeof v !== "string" || v.trim() === "") {
    return (
      "jarUrl is required to register connectors: where the platform can download " +
      'the connector JAR, e.g. "oss://my-bucket/connectors/acme-sink-1.2.0.jar". ' +
      "(Only a resource already in the stack that keeps its connector names, " +
      "such as one brought in with `pulumi import`, may leave it out.)"
    );
  }
  const hidden = hiddenCharacterReason("jarUrl", v);
  if (hidden) return hidden;
  if (isJarUrlPlaceholder(v)) {
    return (
      "jarUrl still holds the placeholder that `alicloud-flink adopt` or `pulumi import` wrote: replace it with the URL of the JAR " +
      "the connector was registered from (oss://<bucket>/<path>.jar or https://…), so that a later update knows what to register."
    );
  }
  if (v.length > MAX_JAR_URL_LENGTH)
    return `jarUrl is ${v.length} characters long; at most ${MAX_JAR_URL_LENGTH} are allowed. Use a shorter object path.`;
  if (v !== v.trim()) return `jarUrl ${shown(v)} has leading or trailing spaces; remove them.`;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return `jarUrl ${shown(v)} is not a URL. Use "oss://<bucket>/<path>.jar" or "https://<host>/<path>.jar".`;
  }
  if (url.username || url.password) {
    // Never echo the value: it holds a password.
    return (
      "jarUrl contains a user name or password (user:password@host). It would " +
      "be stored in the stack's state and shown in logs. Remove it, and " +
      "grant the platform read access to the object instead (an OSS bucket " +
      "bound to the workspace, a public-read object, or a pre-signed URL)."
    );
  }
  if (url.protocol === "oss:") {
    if (!url.hostname || url.pathname.length <= 1)
      return `jarUrl ${shown(v)} must name a bucket and an object: "oss://<bucket>/<path>.jar".`;
    return undefined;
  }
  if (url.protocol === "https:" || url.protocol === "http:") {
    if (url.pathname.length <= 1)
      return `jarUrl ${shown(v)} must point at a file, e.g. "https://${url.host}/connectors/acme-sink-1.2.0.jar".`;
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
      return `jarUrl ${shown(v)} uses plain http://, which is allowed only for a loopback host. Use https:// or an oss:// URL.`;
    }
    return undefined;
  }
  return `jarUrl ${shown(v)} uses ${url.protocol}//; use oss:// or https:// (http:// only for a loopback host).`;
}

/**
 * Whether the new inputs may leave jarUrl out: they name the connectors the old inputs of an
 * existing resource name (an import, or an update of one). A create has no old inputs, and a
 * replacement other connectors: both register a JAR, so both need it.
 */
export function mayOmitJar(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
  const was = decodeState(olds).inputs;
  const same = (k: "workspaceId" | "namespaceName"): boolean => was[k] !== "" && was[k] === news[k];
  const names = was.connectorNames.join("\n");
  return same("workspaceId") && same("namespaceName") && names !== "" && names === expectedNames(news).join("\n");
}

/**
 * Pure validation of new inputs, before any API call. Values Pulumi does not know yet (preview)
 * pass. Returns the inputs as given (connectorNames sorted and unique) and the failures: nothing
 * is added, so what an import records is what its code says. `olds` are the resource's old
 * inputs ({} for a create): connectors already managed may leave jarUrl out (see mayOmitJar).
 */
export function checkInputs(news: Record<string, unknown>, olds: Record<string, unknown> = {}): CheckOutcome {
  const failures: CheckFailure[] = [];
  const add = (f: CheckFailure | undefined): void => {
    if (f) failures.push(f);
  };
  add(checkName("workspaceId", "workspace", news.workspaceId, "workspace ID from the Flink console", "a14bd5d90a0001"));
  add(checkName("namespaceName", "namespace", news.namespaceName, "namespace (project space) name", "default-namespace"));
  const fromFile = !absent(news.jarFile);
  const names = checkConnectorNames(news, fromFile);
  failures.push(...names.failures);
  const jarOmitted = fromFile || (absent(news.jarUrl) && mayOmitJar(olds, news));
  const jar = jarOmitted ? undefined : checkJarUrl(news.jarUrl);
  if (jar) failures.push({ property: "jarUrl", reason: jar });
  if (fromFile) add(checkJarFilePath(news.jarFile, news.jarUrl));
  if (jarOmitted && !fromFile && !absent(news.contentVersion)) {
    failures.push({
      property: "contentVersion",
      reason:
        "contentVersion says when to register the JAR again, but no jarUrl is declared: " +
        "set jarUrl to the JAR the connectors come from, or remove contentVersion.",
    });
  }
  if (news.adoptExisting !== undefined && !isUnknown(news.adoptExisting) && typeof news.adoptExisting !== "boolean") {
    failures.push({ property: "adoptExisting", reason: `adoptExisting must be true or false, got ${JSON.stringify(news.adoptExisting)}.` });
  }
  if (news.contentVersion !== undefined && !isUnknown(news.contentVersion)) {
    const cv = news.contentVersion;
    if (typeof cv !== "string") {
      failures.push({
        property: "contentVersion",
        reason: `contentVersion must be a string (a checksum or version of the JAR's content), got ${JSON.stringify(cv)}.`,
      });
    } else {
      const hidden = hiddenCharacterReason("contentVersion", cv);
      if (hidden) failures.push({ property: "contentVersion", reason: hidden });
      else if (cv.length > 256)
        failures.push({
          property: "contentVersion",
          reason: `contentVersion is ${cv.length} characters long; at most 256 are allowed (a checksum or version fits).`,
        });
    }
  }
  const inputs: Record<string, unknown> = { ...news };
  if (names.normalized && Array.isArray(news.connectorNames)) inputs.connectorNames = names.normalized;
  return { inputs, failures };
}

/** One connector name: required, visible, no path or id characters. */
function checkConnectorName(property: string, v: unknown): CheckFailure | undefined {
  return checkName(property, "connector", v, "name of the connector the JAR registers (alicloud-flink inspect-jar shows it)", "mysql-test");
}

/**
 * `connectorName` (a JAR that registers one connector) or `connectorNames` (every connector a JAR
 * registers). Both may be given only when they say the same. For a list, returns it sorted and
 * unique when every name is known and valid (check gives the list back in that order).
 */
function checkConnectorNames(news: Record<string, unknown>, fromFile: boolean): { failures: CheckFailure[]; normalized?: string[] } {
  const list = news.connectorNames;
  const single = news.connectorName;
  // A jarFile's connectors are read from it (jar-file.ts); declared ones must match what it registers.
  if (fromFile && absent(single) && (list === undefined || list === null)) return { failures: [] };
  if (list === undefined || list === null) {
    const f = checkConnectorName("connectorName", single);
    if (f && (single === undefined || single === null || single === "")) {
      return {
        failures: [
          {
            property: "connectorName",
            reason: `${f.reason.replace(/\.$/, "")}; or set connectorNames to every connector a JAR registers when it registers several.`,
          },
        ],
      };
    }
    return { failures: f ? [f] : [] };
  }
  if (isUnknown(list)) return { failures: [] };
  if (!Array.isArray(list))
    return {
      failures: [{ property: "connectorNames", reason: `connectorNames must be a list of connector names, got ${JSON.stringify(list)}.` }],
    };
  if (list.length === 0) {
    return {
      failures: [
        {
          property: "connectorNames",
          reason: "connectorNames lists no connector: name every connector the JAR registers (alicloud-flink inspect-jar shows them).",
        },
      ],
    };
  }
  if (list.length > MAX_CONNECTOR_NAMES)
    return {
      failures: [
        {
          property: "connectorNames",
          reason: `connectorNames lists ${list.length} connectors; at most ${MAX_CONNECTOR_NAMES} are allowed.`,
        },
      ],
    };
  const failures = list.map((v, i) => checkConnectorName(`connectorNames[${i}]`, v)).filter((f): f is CheckFailure => f !== undefined);
  const known = list.every((v) => typeof v === "string" && !isUnknown(v));
  if (failures.length || !known) return { failures };
  const twice = list.find((v, i) => list.indexOf(v) !== i);
  if (twice !== undefined)
    failures.push({ property: "connectorNames", reason: `connectorNames lists "${String(twice)}" twice; list each connector once.` });
  const normalized = [...nameSet(list as string[])];
  if (
    single !== undefined &&
    single !== null &&
    single !== "" &&
    !isUnknown(single) &&
    !(normalized.length === 1 && normalized[0] === single)
  ) {
    failures.push({
      property: "connectorNames",
      reason: "Set connectorName (a JAR that registers one connector) or connectorNames (every connector it registers), not both.",
    });
  }
  return { failures, ...(failures.length ? {} : { normalized }) };
}

/** The checked inputs as the provider's plain type (only called when check passed). */
export function asInputs(v: Record<string, unknown>): FlinkConnectorInputs {
  const single = typeof v.connectorName === "string" ? v.connectorName : "";
  const names = Array.isArray(v.connectorNames) && v.connectorNames.length > 0 ? v.connectorNames.map(String) : [single];
  return {
    workspaceId: String(v.workspaceId),
    namespaceName: String(v.namespaceName),
    connectorName: Array.isArray(v.connectorNames) && v.connectorNames.length > 1 ? "" : single || names[0],
    connectorNames: nameSet(names),
    jarUrl: typeof v.jarUrl === "string" ? v.jarUrl : "",
    adoptExisting: v.adoptExisting === true,
    contentVersion: typeof v.contentVersion === "string" ? v.contentVersion : "",
    ...(typeof v.jarFile === "string" && v.jarFile
      ? { jarFile: v.jarFile, jarSha256: typeof v.jarSha256 === "string" ? v.jarSha256 : "" }
      : {}),
  };
}
