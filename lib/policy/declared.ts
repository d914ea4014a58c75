import { RESOURCE_TOKEN } from "../plugin/schema";

/**
 * A FlinkConnector as a policy sees it: the native resource by its type, the dynamic one (every
 * dynamic resource shares `pulumi-nodejs:dynamic:Resource`) by its inputs. A value not known at
 * preview is recorded as unknown, never guessed.
 */

export interface Declared {
  readonly workspaceId?: string;
  readonly namespaceName?: string;
  /** connectorNames, or [connectorName]; empty when neither is declared. */
  readonly names: readonly string[];
  readonly jarUrl?: string;
  readonly jarFile?: string;
  /** The inputs that are not known until `up`. */
  readonly unknown: readonly string[];
}

export const DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";
const KEYS = ["workspaceId", "namespaceName", "connectorName", "connectorNames", "jarUrl", "jarFile"] as const;

/**
 * Reads one input, a list's items copied out; the policy runtime throws on an unknown value, or
 * an unknown item (its UnknownValueError), read here as "unknown".
 */
function read(props: Record<string, unknown>, key: string): { value?: unknown; unknown: boolean } {
  try {
    const v = props[key];
    return { value: Array.isArray(v) ? Array.from({ length: v.length }, (_, i) => v[i] as unknown) : v, unknown: false };
  } catch (e) {
    if (e instanceof Error && e.constructor.name === "UnknownValueError") return { unknown: true };
    throw e;
  }
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The declaration of a FlinkConnector, or undefined when the resource is not one. */
export function declaredConnector(type: string, props: Record<string, unknown>): Declared | undefined {
  const values = Object.fromEntries(KEYS.map((k) => [k, read(props, k)])) as Record<(typeof KEYS)[number], ReturnType<typeof read>>;
  const isConnector =
    type === RESOURCE_TOKEN ||
    (type === DYNAMIC_TYPE &&
      (values.workspaceId.unknown || typeof values.workspaceId.value === "string") &&
      (values.namespaceName.unknown || typeof values.namespaceName.value === "string") &&
      ["connectorName", "connectorNames", "jarUrl", "jarFile"].some((k) => values[k as (typeof KEYS)[number]].value !== undefined));
  if (!isConnector) return undefined;
  const list = values.connectorNames.value;
  const names = Array.isArray(list)
    ? list.filter((n): n is string => typeof n === "string" && n !== "")
    : text(values.connectorName.value)
      ? [text(values.connectorName.value)!]
      : [];
  const ws = text(values.workspaceId.value);
  const ns = text(values.namespaceName.value);
  const jarUrl = text(values.jarUrl.value);
  const jarFile = text(values.jarFile.value);
  return {
    ...(ws ? { workspaceId: ws } : {}),
    ...(ns ? { namespaceName: ns } : {}),
    names: [...new Set(names)].sort(),
    ...(jarUrl ? { jarUrl } : {}),
    ...(jarFile ? { jarFile } : {}),
    unknown: KEYS.filter((k) => values[k].unknown),
  };
}
