import { ConfigurationError } from "../errors/configuration-error";
import { NATIVE_CONFIG_KEYS, serviceOptionsFrom, type ConfigGetter } from "../config/settings";
import { SETTINGS } from "../model/provider-model";
import { UNKNOWN } from "../provider/check";
import type { Props } from "./values";

/**
 * The native provider's configuration: `alicloud-flink:<setting>` values from Configure (its
 * `args`, typed, else its `variables`, strings), then the environment and the credential chain
 * as for the dynamic provider. Pure.
 */

const PREFIX = "alicloud-flink:";
const VARIABLE_PREFIX = "alicloud-flink:config:";

/** A getter over the values of Configure (args win; a variable is a string, or JSON for a non-string). */
export function nativeConfig(args: Props, variables: Readonly<Record<string, string>>): ConfigGetter {
  return (key) => {
    if (!key.startsWith(PREFIX)) return undefined;
    const name = key.slice(PREFIX.length);
    if (args[name] !== undefined && args[name] !== null) return args[name];
    return variables[`${VARIABLE_PREFIX}${name}`];
  };
}

export interface ConfigFailure {
  readonly property: string;
  readonly reason: string;
}

const REGION_HINT =
  "No region or endpoint is configured: set `pulumi config set alicloud-flink:region cn-hangzhou` (or the provider's `region` argument, or ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION), or `alicloud-flink:endpoint` for an explicit endpoint such as the emulator's.";

/**
 * CheckConfig: every setting checked as Configure will read it, so a bad value fails before any
 * resource is touched. Unknown values (preview) are not judged. Names never echo a secret.
 */
export function checkConfig(news: Props, env: Readonly<Record<string, string | undefined>>): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  const unknown = new Set(Object.keys(news).filter((k) => news[k] === UNKNOWN));
  for (const k of Object.keys(news)) {
    if (!(k in SETTINGS) && k !== "version" && k !== "pluginDownloadURL") failures.push({ property: k, reason: `alicloud-flink:${k} is not a setting of this provider; the settings are ${Object.keys(SETTINGS).join(", ")}.` });
  }
  const known: Props = Object.fromEntries(Object.entries(news).filter(([k]) => !unknown.has(k)));
  // Each setting alone, so that every bad one is reported at once.
  for (const name of Object.keys(SETTINGS)) {
    if (known[name] === undefined) continue;
    try {
      serviceOptionsFrom(nativeConfig({ [name]: known[name] }, {}), {}, NATIVE_CONFIG_KEYS);
    } catch (e) {
      if (!ConfigurationError.isInstance(e)) throw e;
      failures.push({ property: name, reason: e.message });
    }
  }
  const has = (k: string): boolean => unknown.has(k) || (typeof known[k] === "string" && (known[k] as string).trim() !== "");
  const envRegion = (SETTINGS.region.env ?? []).some((n) => env[n]?.trim()) || !!env.ALICLOUD_FLINK_ENDPOINT?.trim();
  if (!has("region") && !has("endpoint") && !envRegion) failures.push({ property: "region", reason: REGION_HINT });
  if (has("secretKey") && !has("accessKey")) failures.push({ property: "accessKey", reason: "alicloud-flink:secretKey is set without alicloud-flink:accessKey; set both (`pulumi config set --secret alicloud-flink:accessKey <id>`)." });
  if (has("accessKey") && !has("secretKey")) failures.push({ property: "secretKey", reason: "alicloud-flink:accessKey is set without alicloud-flink:secretKey; set both (`pulumi config set --secret alicloud-flink:secretKey <secret>`)." });
  return failures;
}

/** The keys whose values differ: what DiffConfig reports. */
export function changedSettings(olds: Props, news: Props): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => k !== "version" && JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null)).sort();
}
