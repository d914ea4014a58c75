import { createHash } from "node:crypto";
import type { Env } from "../client/credentials";
import { ConfigurationError } from "../errors/configuration-error";
import type { ServiceOptions } from "../service/connector-service";

/** Reads one stack config value by its full key, e.g. "alicloud:region". */
export type ConfigGetter = (key: string) => string | undefined;

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
  listCacheTtlMs: "alicloud-flink:listCacheTtlMs",
} as const;

/** Environment fallback for the endpoint (handy with the emulator). */
export const ENDPOINT_ENV = "ALICLOUD_FLINK_ENDPOINT";

function numberSetting(config: ConfigGetter, key: string, min: number): number | undefined {
  const raw = config(key)?.trim();
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) {
    throw new ConfigurationError(key, `Stack config ${key} must be a number of at least ${min}, got "${raw}". Fix it with \`pulumi config set ${key} <number>\`.`);
  }
  return n;
}

function boolSetting(config: ConfigGetter, key: string): boolean | undefined {
  const raw = config(key)?.trim().toLowerCase();
  if (raw === undefined || raw === "") return undefined;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new ConfigurationError(key, `Stack config ${key} must be true or false, got "${raw}".`);
}

/**
 * Service options from stack config, then the environment; credentials are left to the client
 * (explicit from config, else environment, else the default chain). Pure.
 */
export function serviceOptionsFrom(config: ConfigGetter, env: Env): ServiceOptions {
  const accessKeyId = config(CONFIG_KEYS.accessKey);
  const accessKeySecret = config(CONFIG_KEYS.secretKey);
  const securityToken = config(CONFIG_KEYS.securityToken);
  const maxAttempts = numberSetting(config, CONFIG_KEYS.maxAttempts, 1);
  const minDelayMs = numberSetting(config, CONFIG_KEYS.retryMinDelayMs, 0);
  const maxDelayMs = numberSetting(config, CONFIG_KEYS.retryMaxDelayMs, 0);
  const readMs = numberSetting(config, CONFIG_KEYS.requestTimeoutMs, 1);
  const registerReadMs = numberSetting(config, CONFIG_KEYS.registerTimeoutMs, 1);
  const waitTimeoutMs = numberSetting(config, CONFIG_KEYS.waitTimeoutMs, 0);
  const listCacheTtlMs = numberSetting(config, CONFIG_KEYS.listCacheTtlMs, 0);
  return {
    env,
    region: config(CONFIG_KEYS.region),
    endpoint: config(CONFIG_KEYS.endpoint) ?? env[ENDPOINT_ENV],
    allowInsecureHttp: boolSetting(config, CONFIG_KEYS.allowInsecureHttp),
    credentials: accessKeyId || accessKeySecret ? { accessKeyId, accessKeySecret, securityToken } : undefined,
    retry: { maxAttempts, minDelayMs, maxDelayMs },
    timeouts: { readMs, registerReadMs },
    waits: { timeoutMs: waitTimeoutMs },
    listCacheTtlMs,
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
  return (key) => {
    const v = parsed[key];
    return typeof v === "string" ? v : undefined;
  };
}
