import { createHash } from "node:crypto";
import type { Env } from "../client/credentials";
import { ConfigurationError } from "../errors/configuration-error";
import type { ServiceOptions } from "../service/connector-service";

/**
 * The package's configuration: stack config (`alicloud:*` and `alicloud-flink:*` keys), then the
 * environment, then (in the client) the default credential chain. Read, validated and turned
 * into service options here, for the provider and the list function alike.
 */

/**
 * Reads one stack config value by its full key, e.g. "alicloud:region". Values are usually
 * strings, but typed config (`pulumi config set --type int`, structured YAML) reaches the
 * provider as numbers, booleans or objects: every reader here copes with any JSON value.
 */
export type ConfigGetter = (key: string) => unknown;

/** Stack config keys this package reads. */
export const CONFIG_KEYS = {
  accessKey: "alicloud:accessKey",
  secretKey: "alicloud:secretKey",
  securityToken: "alicloud:securityToken",
  region: "alicloud:region",
  endpoint: "alicloud-flink:endpoint",
  allowInsecureHttp: "alicloud-flink:allowInsecureHttp",
  maxAttempts: "alicloud-flink:maxAttempts",
  retryMinDelayMs: "alicloud-flink:retryMinDelayMs",
  retryMaxDelayMs: "alicloud-flink:retryMaxDelayMs",
  requestTimeoutMs: "alicloud-flink:requestTimeoutMs",
  registerTimeoutMs: "alicloud-flink:registerTimeoutMs",
  waitTimeoutMs: "alicloud-flink:waitTimeoutMs",
  listBatchWindowMs: "alicloud-flink:listBatchWindowMs",
  maxRequestsPerSecond: "alicloud-flink:maxRequestsPerSecond",
  initialRequestsPerSecond: "alicloud-flink:initialRequestsPerSecond",
  throttleRetryMinDelayMs: "alicloud-flink:throttleRetryMinDelayMs",
} as const;

/** The stack config key of each setting: the dynamic provider's (CONFIG_KEYS) or the native plugin's. */
export type ConfigKeys = { readonly [K in keyof typeof CONFIG_KEYS]: string };

/**
 * The native plugin's keys: `alicloud-flink:<setting>` for every setting, credentials and region
 * included, because the engine hands a plugin only the config of its own package.
 */
export const NATIVE_CONFIG_KEYS: ConfigKeys = Object.fromEntries(Object.keys(CONFIG_KEYS).map((k) => [k, `alicloud-flink:${k}`])) as unknown as ConfigKeys;

/** Environment fallback for the endpoint (handy with the emulator). */
export const ENDPOINT_ENV = "ALICLOUD_FLINK_ENDPOINT";

const shown = (v: unknown): string => {
  const text = typeof v === "string" ? `"${v}"` : JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** A text setting: a string (trimmed; empty means unset), or a ConfigurationError naming the key. */
function textSetting(config: ConfigGetter, key: string): string | undefined {
  const raw = config(key);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") {
    // The type only, never the value: this reads secrets too.
    const kind = Array.isArray(raw) ? "a list" : typeof raw === "object" ? "an object" : `a ${typeof raw}`;
    throw new ConfigurationError(key, `Stack config ${key} must be text, got ${kind}. Fix it with \`pulumi config set ${key} <value>\` (add --secret for a secret).`);
  }
  const v = raw.trim();
  return v === "" ? undefined : v;
}

function numberSetting(config: ConfigGetter, key: string, min: number, integer = false): number | undefined {
  const raw = config(key);
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return undefined;
  const n = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.trim()) : NaN;
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new ConfigurationError(
      key,
      `Stack config ${key} must be ${integer ? "a whole number" : "a number"} of at least ${min}, got ${shown(raw)}. Fix it with \`pulumi config set ${key} <number>\`.`,
    );
  }
  return n;
}

function boolSetting(config: ConfigGetter, key: string): boolean | undefined {
  const raw = config(key);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "boolean") return raw;
  const v = typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
  if (v === "") return undefined;
  if (v === "true" || v === "false") return v === "true";
  throw new ConfigurationError(key, `Stack config ${key} must be true or false, got ${shown(raw)}. Fix it with \`pulumi config set ${key} true\`.`);
}

/**
 * Service options from stack config, then the environment; credentials are left to the client
 * (explicit from config, else environment, else the default chain). Pure.
 */
export function serviceOptionsFrom(config: ConfigGetter, env: Env, keys: ConfigKeys = CONFIG_KEYS): ServiceOptions {
  const accessKeyId = textSetting(config, keys.accessKey);
  const accessKeySecret = textSetting(config, keys.secretKey);
  const securityToken = textSetting(config, keys.securityToken);
  const maxAttempts = numberSetting(config, keys.maxAttempts, 1, true);
  const minDelayMs = numberSetting(config, keys.retryMinDelayMs, 0);
  const maxDelayMs = numberSetting(config, keys.retryMaxDelayMs, 0);
  const readMs = numberSetting(config, keys.requestTimeoutMs, 1);
  const registerReadMs = numberSetting(config, keys.registerTimeoutMs, 1);
  const waitTimeoutMs = numberSetting(config, keys.waitTimeoutMs, 0);
  const listBatchWindowMs = numberSetting(config, keys.listBatchWindowMs, 0);
  const maxRequestsPerSecond = numberSetting(config, keys.maxRequestsPerSecond, 0.1);
  const initialRequestsPerSecond = numberSetting(config, keys.initialRequestsPerSecond, 0.1);
  const throttleMinDelayMs = numberSetting(config, keys.throttleRetryMinDelayMs, 0);
  return {
    env,
    region: textSetting(config, keys.region),
    endpoint: textSetting(config, keys.endpoint) ?? env[ENDPOINT_ENV],
    allowInsecureHttp: boolSetting(config, keys.allowInsecureHttp),
    credentials: accessKeyId || accessKeySecret ? { accessKeyId, accessKeySecret, securityToken } : undefined,
    retry: { maxAttempts, minDelayMs, maxDelayMs, throttleMinDelayMs },
    timeouts: { readMs, registerReadMs },
    waits: { timeoutMs: waitTimeoutMs },
    listBatchWindowMs,
    rateLimit: { maxRate: maxRequestsPerSecond, initialRate: initialRequestsPerSecond },
    userAgent: "pulumi-alicloud-flink",
  };
}

/** A digest of the options, to reuse one service while settings stay the same. Holds no secret. */
export function fingerprint(options: ServiceOptions): string {
  const { env, ...rest } = options;
  const envPart = Object.entries(env ?? {})
    .filter(([k]) => /^(ALIBABA_CLOUD_|ALICLOUD_)/.test(k))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256").update(JSON.stringify([rest, envPart])).digest("hex");
}

/** Stack config in a process without a Configure call: the engine's PULUMI_CONFIG JSON. */
export function configFromEnv(env: Env): ConfigGetter {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(env.PULUMI_CONFIG ?? "{}") as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  return (key) => parsed[key];
}
