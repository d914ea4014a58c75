import { createHash } from "node:crypto";
import { DEFAULT_CHAIN_WORDS, type Env } from "../client/credentials";
import { ConfigurationError } from "../errors/configuration-error";
import {
  SETTING_NAMES,
  SETTING_RULES,
  SETTING_TABLE,
  howToSet,
  setCommand,
  settingKey,
  type ProviderKind,
  type Setting,
  type SettingName,
} from "../model/settings";
import type { ServiceOptions } from "../service/connector-service";

/**
 * The package's configuration: stack config, then the environment, then (in the client) the
 * default credential chain. Every setting is read by the one table (model/settings), checked by
 * its kind, bounds and the rules between settings, and resolved once into frozen values; errors
 * and advice name the keys of the provider the user runs. Pure.
 */

/**
 * Reads one stack config value by its full key, e.g. "alicloud:region". Values are usually
 * strings, but typed config (`pulumi config set --type int`, structured YAML) reaches the
 * provider as numbers, booleans or objects: every reader here copes with any JSON value.
 */
export type ConfigGetter = (key: string) => unknown;

/** The stack config key of each setting, as one provider reads it. */
export type ConfigKeys = { readonly [K in SettingName]: string };

const keysOf = (provider: ProviderKind): ConfigKeys =>
  Object.freeze(Object.fromEntries(SETTING_NAMES.map((n) => [n, settingKey(n, provider)]))) as ConfigKeys;

/** The dynamic provider's keys (`alicloud:accessKey`, `alicloud-flink:endpoint`, …). */
export const CONFIG_KEYS: ConfigKeys = keysOf("dynamic");

/** The native plugin's keys: `alicloud-flink:<setting>` for every setting, credentials included. */
export const NATIVE_CONFIG_KEYS: ConfigKeys = keysOf("plugin");

/** Environment fallback for the endpoint (handy with the emulator). */
export const ENDPOINT_ENV = SETTING_TABLE.endpoint.env[0];

/** What one setting resolved to: its value (the default when unset), or undefined for none. */
export type SettingValue = string | number | boolean | undefined;

/** Every setting resolved: frozen, defaults filled in, and which ones were set (config or environment). */
export interface ResolvedSettings {
  readonly values: Readonly<Record<SettingName, SettingValue>>;
  readonly set: ReadonlySet<SettingName>;
}

export interface SettingFailure {
  readonly setting: SettingName;
  readonly reason: string;
}

const shown = (v: unknown): string => {
  const text = typeof v === "string" ? `"${v}"` : (JSON.stringify(v) ?? String(v));
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** The type of a value in words, never the value (settings include secrets). */
const kindOf = (raw: unknown): string => (Array.isArray(raw) ? "a list" : typeof raw === "object" ? "an object" : `a ${typeof raw}`);

/** One raw value read by its setting's kind: the value, undefined for unset, or why it is wrong. */
function readValue(name: SettingName, raw: unknown, provider: ProviderKind): SettingValue | { reason: string } {
  const s: Setting = SETTING_TABLE[name];
  const key = settingKey(name, provider);
  if (raw === undefined || raw === null) return undefined;
  if (s.kind === "text") {
    if (typeof raw !== "string")
      return { reason: `Stack config ${key} must be text, got ${kindOf(raw)}. Fix it with ${setCommand(name, provider)}.` };
    return raw.trim() === "" ? undefined : raw.trim();
  }
  if (s.kind === "boolean") {
    if (typeof raw === "boolean") return raw;
    const v = typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
    if (v === "") return undefined;
    if (v === "true" || v === "false") return v === "true";
    return { reason: `Stack config ${key} must be true or false, got ${shown(raw)}. Fix it with ${setCommand(name, provider, "true")}.` };
  }
  if (typeof raw === "string" && raw.trim() === "") return undefined;
  const n = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.trim()) : NaN;
  const integer = s.kind === "integer";
  const min = s.min ?? -Infinity;
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    return {
      reason:
        `Stack config ${key} must be ${integer ? "a whole number" : "a number"} of at least ` +
        `${min}, got ${shown(raw)}. Fix it with ${setCommand(name, provider, "<number>")}.`,
    };
  }
  return n;
}

/** The value of a setting from the environment (text settings only), first variable set wins. */
function fromEnv(name: SettingName, env: Env): string | undefined {
  for (const v of (SETTING_TABLE[name] as Setting).env ?? []) {
    const t = env[v]?.trim();
    if (t) return t;
  }
  return undefined;
}

/**
 * Reads every setting: stack config, then (for the region and endpoint; credentials are the
 * client's, whose chain reads the environment itself) the environment, then the default. Returns
 * every failure at once; `unknown` names settings not known yet (preview), set but not judged.
 */
export function readSettings(
  config: ConfigGetter,
  env: Env,
  provider: ProviderKind,
  unknown: ReadonlySet<SettingName> = new Set(),
): { settings: ResolvedSettings; failures: SettingFailure[] } {
  const values = {} as Record<SettingName, SettingValue>;
  const set = new Set<SettingName>(unknown);
  const failures: SettingFailure[] = [];
  for (const name of SETTING_NAMES) {
    const s: Setting = SETTING_TABLE[name];
    if (unknown.has(name)) continue;
    const v = readValue(name, config(settingKey(name, provider)), provider);
    if (typeof v === "object") {
      failures.push({ setting: name, reason: v.reason });
      continue;
    }
    const envValue = name === "region" || name === "endpoint" ? fromEnv(name, env) : undefined;
    if (v !== undefined || envValue !== undefined) set.add(name);
    values[name] = v ?? envValue ?? s.defaultValue;
  }
  for (const { larger, smaller } of SETTING_RULES) {
    const [a, b] = [values[larger], values[smaller]];
    if (typeof a !== "number" || typeof b !== "number" || a >= b) continue;
    const culprit = set.has(larger) ? larger : smaller;
    failures.push({
      setting: culprit,
      reason:
        `${settingKey(larger, provider)} (${a}) must not be below ${settingKey(smaller, provider)} ` +
        `(${b}${set.has(smaller) ? "" : ", its default"}). Raise ` +
        `${settingKey(larger, provider)} or lower ${settingKey(smaller, provider)}.`,
    });
  }
  return { settings: { values: Object.freeze(values), set }, failures };
}

/** The advice the client appends to its configuration errors, in the words of this provider. */
export function adviceFor(provider: ProviderKind): NonNullable<ServiceOptions["advice"]> {
  const keys = (n: SettingName): string => `\`${settingKey(n, provider)}\``;
  return {
    region:
      `Set the region with ${howToSet("region", provider)}; or set ` +
      `${keys("endpoint")} to an explicit endpoint URL, such as the emulator's.`,
    allowInsecureHttp:
      `set ${keys("allowInsecureHttp")} to true if you really mean ` + `it (${setCommand("allowInsecureHttp", provider, "true")})`,
    credentials:
      `Provide credentials in one of these ways: ${keys("accessKey")} and ${keys("secretKey")} ` +
      `(${setCommand("secretKey", provider)}, plus ${keys("securityToken")} for STS); ` +
      `the environment variables ${SETTING_TABLE.accessKey.env.join(" / ")} with ${SETTING_TABLE.secretKey.env.join(" / ")} ` +
      `(and ${SETTING_TABLE.securityToken.env.join(" or ")} for STS); ` +
      `or ${DEFAULT_CHAIN_WORDS}.`,
    credentialKeys: `${keys("accessKey")} / ${keys("secretKey")}`,
  };
}

/** A ConfigurationError of the failures (every one, so a user fixes them all at once). */
export function failuresError(failures: readonly SettingFailure[]): ConfigurationError {
  return new ConfigurationError(failures[0].setting, failures.map((f) => f.reason).join(" "));
}

const num = (v: SettingValue): number | undefined => (typeof v === "number" ? v : undefined);
const text = (v: SettingValue): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * Service options from stack config, then the environment; credentials are left to the client
 * (explicit from config, else environment, else the default chain). Throws one
 * ConfigurationError naming every bad setting by the key of `provider`.
 */
export function serviceOptionsFrom(config: ConfigGetter, env: Env, provider: ProviderKind = "dynamic"): ServiceOptions {
  const { settings, failures } = readSettings(config, env, provider);
  if (failures.length) throw failuresError(failures);
  const v = settings.values;
  const accessKeyId = text(v.accessKey);
  const accessKeySecret = text(v.secretKey);
  return {
    env,
    region: text(v.region),
    endpoint: text(v.endpoint),
    allowInsecureHttp: v.allowInsecureHttp === true,
    credentials: accessKeyId || accessKeySecret ? { accessKeyId, accessKeySecret, securityToken: text(v.securityToken) } : undefined,
    retry: {
      maxAttempts: num(v.maxAttempts),
      minDelayMs: num(v.retryMinDelayMs),
      maxDelayMs: num(v.retryMaxDelayMs),
      throttleMinDelayMs: num(v.throttleRetryMinDelayMs),
    },
    timeouts: { readMs: num(v.requestTimeoutMs), registerReadMs: num(v.registerTimeoutMs) },
    waits: { timeoutMs: num(v.waitTimeoutMs) },
    listBatchWindowMs: num(v.listBatchWindowMs),
    rateLimit: { maxRate: num(v.maxRequestsPerSecond), initialRate: num(v.initialRequestsPerSecond) },
    advice: adviceFor(provider),
    userAgent: "pulumi-alicloud-flink",
  };
}

/** A digest of the options, to reuse one service while settings stay the same. Holds no secret. */
export function fingerprint(options: ServiceOptions): string {
  const { env, ...rest } = options;
  const envPart = Object.entries(env ?? {})
    .filter(([k]) => /^(ALIBABA_CLOUD_|ALICLOUD_)/.test(k))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256")
    .update(JSON.stringify([rest, envPart]))
    .digest("hex");
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

/** The engine a `jarFile` is checked against: its Java and, when configured, its Flink version. */
export interface EngineSettings {
  readonly javaVersion: number;
  readonly flinkVersion?: string;
}

/** The engine settings, by the keys of `provider`; a bad one is a ConfigurationError naming it. */
export function engineFrom(config: ConfigGetter, env: Env, provider: ProviderKind): EngineSettings {
  const { settings, failures } = readSettings(config, env, provider);
  const flink = text(settings.values.engineFlinkVersion);
  if (flink !== undefined && !/^\d+\.\d+$/.test(flink))
    failures.push({
      setting: "engineFlinkVersion",
      reason: `${settingKey("engineFlinkVersion", provider)} must be a Flink version as major.minor, e.g. "1.17", got "${flink}".`,
    });
  if (failures.length) throw failuresError(failures);
  return { javaVersion: num(settings.values.engineJavaVersion) ?? 8, ...(flink ? { flinkVersion: flink } : {}) };
}
