import type { Connector } from "../../lib/model/connector";

export const WORKSPACE = "a14bd5d90a0001";
export const NAMESPACE = "flink-default";
export const NS_WITH_SPACE = "team ns";
export const JAR = "oss://flink-bkt/connectors/acme-sink-1.2.0.jar";
export const JAR_V2 = "oss://flink-bkt/connectors/acme-sink-1.3.0.jar";
export const WEIRD_JAR = "oss://flink-bkt/dir/my conn(1)*-1.0.jar";
export const SECRET = "emuSecretValue0123456789abcdef";
export const KEY_ID = "LTAItestkey0001";
export const STS_TOKEN = "CAIStsTokenValue-very-secret-0001";

export function connector(name: string, extra: Partial<Connector> = {}): Connector {
  return {
    name,
    type: name,
    source: false,
    sink: true,
    lookup: false,
    supportedFormats: [],
    dependencies: [],
    properties: [],
    creator: "u1",
    creatorName: "user",
    modifier: "u1",
    modifierName: "user",
    ...extra,
  };
}

/** Every enumerable string inside a value, and its JSON, for leak assertions. */
export function everyText(value: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v === null || v === undefined) return;
    if (typeof v === "string") {
      parts.push(v);
      return;
    }
    if (typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Error) {
      parts.push(v.message, v.stack ?? "", String(v));
      walk((v as Error & { cause?: unknown }).cause);
    }
    for (const k of Object.getOwnPropertyNames(v)) walk((v as Record<string, unknown>)[k]);
  };
  walk(value);
  try {
    parts.push(JSON.stringify(value));
  } catch {
    // cyclic: the walk above covered it
  }
  return parts.join("\n");
}

/** A stack config as a getter, from plain values: what `configure` and `serviceOptionsFrom` read. */
export const cfg =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];
