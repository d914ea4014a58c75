import { isLoopbackHost } from "../client/endpoint";
import type { FlinkConnectorInputs } from "./types";

/** The value Pulumi puts in place of an input it does not know yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export interface CheckOutcome {
  readonly inputs: Record<string, unknown>;
  readonly failures: CheckFailure[];
}

const isUnknown = (v: unknown): boolean => v === UNKNOWN;

// Names go into the API path; ':' would break our id format.
const NAME_PATTERN = /^[^\s/:\\?#%]+$/;
const WORKSPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function checkName(property: string, v: unknown, label: string, example: string): CheckFailure | undefined {
  if (isUnknown(v)) return undefined;
  if (typeof v !== "string" || v.trim() === "") {
    return { property, reason: `${property} is required: the ${label}, e.g. "${example}".` };
  }
  if (v !== v.trim()) return { property, reason: `${property} "${v}" has leading or trailing spaces; remove them.` };
  if (v.length > 128) return { property, reason: `${property} is ${v.length} characters long; at most 128 are allowed.` };
  return undefined;
}

/** Checks a JAR URL: oss://bucket/path or https://host/path; http:// only to a loopback host. */
export function checkJarUrl(v: unknown): string | undefined {
  if (isUnknown(v)) return undefined;
  if (typeof v !== "string" || v.trim() === "") {
    return 'jarUrl is required: where the platform can download the connector JAR, e.g. "oss://my-bucket/connectors/acme-sink-1.2.0.jar".';
  }
  if (v !== v.trim()) return `jarUrl "${v}" has leading or trailing spaces; remove them.`;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return `jarUrl "${v}" is not a URL. Use "oss://<bucket>/<path>.jar" or "https://<host>/<path>.jar".`;
  }
  if (url.protocol === "oss:") {
    if (!url.hostname || url.pathname.length <= 1) return `jarUrl "${v}" must name a bucket and an object: "oss://<bucket>/<path>.jar".`;
    return undefined;
  }
  if (url.protocol === "https:" || url.protocol === "http:") {
    if (url.pathname.length <= 1) return `jarUrl "${v}" must point at a file, e.g. "https://${url.host}/connectors/acme-sink-1.2.0.jar".`;
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
      return `jarUrl "${v}" uses plain http://, which is allowed only for a loopback host. Use https:// or an oss:// URL.`;
    }
    return undefined;
  }
  return `jarUrl "${v}" uses ${url.protocol}//; use oss:// or https:// (http:// only for a loopback host).`;
}

/**
 * Pure validation of new inputs, before any API call. Values Pulumi does not know yet (preview)
 * pass. Returns the inputs unchanged (apart from defaults) and the failures.
 */
export function checkInputs(news: Record<string, unknown>): CheckOutcome {
  const failures: CheckFailure[] = [];
  const add = (f: CheckFailure | undefined): void => {
    if (f) failures.push(f);
  };
  add(checkName("workspaceId", news.workspaceId, "workspace ID from the Flink console", "a14bd5d90a0001"));
  if (typeof news.workspaceId === "string" && news.workspaceId.trim() && !isUnknown(news.workspaceId) && failures.length === 0 && !WORKSPACE_PATTERN.test(news.workspaceId)) {
    add({ property: "workspaceId", reason: `workspaceId "${news.workspaceId}" is not a workspace ID: use letters, digits, '-' and '_' only, as shown in the Flink console.` });
  }
  for (const [prop, label, example] of [
    ["namespaceName", "namespace (project space) name", "default-namespace"],
    ["connectorName", "name of the connector the JAR registers", "mysql-test"],
  ] as const) {
    const before = failures.length;
    add(checkName(prop, news[prop], label, example));
    const v = news[prop];
    if (failures.length === before && typeof v === "string" && !isUnknown(v) && !NAME_PATTERN.test(v)) {
      add({ property: prop, reason: `${prop} "${v}" contains a space, '/', ':', '\\', '?', '#' or '%'; use the name exactly as the Flink console shows it.` });
    }
  }
  const jar = checkJarUrl(news.jarUrl);
  if (jar) failures.push({ property: "jarUrl", reason: jar });
  if (news.adoptExisting !== undefined && !isUnknown(news.adoptExisting) && typeof news.adoptExisting !== "boolean") {
    failures.push({ property: "adoptExisting", reason: `adoptExisting must be true or false, got ${JSON.stringify(news.adoptExisting)}.` });
  }
  if (news.contentVersion !== undefined && !isUnknown(news.contentVersion) && typeof news.contentVersion !== "string") {
    failures.push({ property: "contentVersion", reason: `contentVersion must be a string (a checksum or version of the JAR's content), got ${JSON.stringify(news.contentVersion)}.` });
  }
  const inputs: Record<string, unknown> = { ...news };
  if (inputs.adoptExisting === undefined) inputs.adoptExisting = false;
  if (inputs.contentVersion === undefined) inputs.contentVersion = "";
  return { inputs, failures };
}

/** The checked inputs as the provider's plain type (only called when check passed). */
export function asInputs(v: Record<string, unknown>): FlinkConnectorInputs {
  return {
    workspaceId: String(v.workspaceId),
    namespaceName: String(v.namespaceName),
    connectorName: String(v.connectorName),
    jarUrl: String(v.jarUrl),
    adoptExisting: v.adoptExisting === true,
    contentVersion: typeof v.contentVersion === "string" ? v.contentVersion : "",
  };
}
