import { adviceFor, readSettings, type ConfigGetter } from "../config/settings";
import { SETTING_NAMES, SETTING_TABLE, setCommand, settingKey, type SettingName } from "../model/settings";
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

/**
 * CheckConfig: every setting read and checked as Configure will read it (model/settings, in the
 * plugin's keys), so a bad value fails before any resource is touched; then what the plugin needs
 * before any call: a region or an endpoint, and credentials in pairs. Unknown values (preview) are
 * not judged. Reasons never echo a secret.
 */
export function checkConfig(news: Props, env: Readonly<Record<string, string | undefined>>): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  for (const k of Object.keys(news)) {
    if (!(k in SETTING_TABLE) && k !== "version" && k !== "pluginDownloadURL") {
      failures.push({
        property: k,
        reason:
          `${settingKey(k as SettingName, "plugin")} is not a setting of ` + `this provider; the settings are ${SETTING_NAMES.join(", ")}.`,
      });
    }
  }
  const unknown = new Set(SETTING_NAMES.filter((k) => news[k] === UNKNOWN));
  const { settings, failures: bad } = readSettings(nativeConfig(news, {}), env, "plugin", unknown);
  failures.push(...bad.map((f) => ({ property: f.setting, reason: f.reason })));
  const has = (k: SettingName): boolean => settings.set.has(k);
  const key = (k: SettingName): string => `\`${settingKey(k, "plugin")}\``;
  if (!has("region") && !has("endpoint") && !bad.some((f) => f.setting === "region" || f.setting === "endpoint")) {
    failures.push({ property: "region", reason: `No region or endpoint is configured. ${adviceFor("plugin").region}` });
  }
  if (has("secretKey") && !has("accessKey"))
    failures.push({
      property: "accessKey",
      reason: `${key("secretKey")} is set without ${key("accessKey")}; set both (${setCommand("accessKey", "plugin")}).`,
    });
  if (has("accessKey") && !has("secretKey"))
    failures.push({
      property: "secretKey",
      reason: `${key("accessKey")} is set without ${key("secretKey")}; set both (${setCommand("secretKey", "plugin")}).`,
    });
  return failures;
}

/** The keys whose values differ: what DiffConfig reports. */
export function changedSettings(olds: Props, news: Props): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => k !== "version" && JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null)).sort();
}
