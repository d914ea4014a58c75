/**
 * The one settings table: for each setting of the provider its name (the native plugin's
 * provider argument), the stack config key each provider reads, the environment variables read
 * when it is not configured, its kind and bounds, its default and its words. Everything else is
 * derived from it: the keys each provider reads, CheckConfig and the configuration errors, the
 * schema's config (and so every SDK), the docs' table and every "set X with …" advice.
 */

/** Which provider the user runs: they name the same setting by different keys. */
export type ProviderKind = "dynamic" | "plugin";

export type SettingKind = "text" | "boolean" | "integer" | "number";

export interface Setting {
  readonly kind: SettingKind;
  /** The dynamic provider's stack config key (the plugin's is always `alicloud-flink:<name>`). */
  readonly dynamicKey: string;
  readonly secret?: boolean;
  /** Read, first one set wins, when the setting is not configured. */
  readonly env?: readonly string[];
  /** The smallest value allowed (numbers). */
  readonly min?: number;
  /**
   * What the code uses when nothing sets it (numbers and flags), or undefined. Not named
   * `default`: Pulumi's closure serializer takes an object's `default` for an ES module's and
   * fails on `default: false` ("Cannot use 'in' operator to search for 'kind' in false").
   */
  readonly defaultValue?: number | boolean;
  /** The default in words, when it is not a value (`the credential chain`). */
  readonly defaultWords?: string;
  /** An example value, for advice (`pulumi config set <key> <example>`). */
  readonly example: string;
  readonly description: string;
}

const ms = (what: string): string => `${what}, in milliseconds.`;

export const SETTING_TABLE = {
  region: {
    kind: "text",
    dynamicKey: "alicloud:region",
    env: ["ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"],
    defaultWords: "none (required unless `endpoint` is set)",
    example: "cn-hangzhou",
    description: 'Region of the Flink workspace, e.g. "cn-hangzhou"; the endpoint is ververica.<region>.aliyuncs.com.',
  },
  accessKey: {
    kind: "text",
    dynamicKey: "alicloud:accessKey",
    secret: true,
    env: ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"],
    defaultWords: "the credential chain",
    example: "<AccessKey ID>",
    description:
      "AccessKey ID. Without it, the environment, then the Alibaba Cloud default credential chain " +
      "(profile file, aliyun CLI config, OIDC, ECS RAM role, credentials URI).",
  },
  secretKey: {
    kind: "text",
    dynamicKey: "alicloud:secretKey",
    secret: true,
    env: ["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"],
    defaultWords: "the credential chain",
    example: "<AccessKey secret>",
    description: "AccessKey secret.",
  },
  securityToken: {
    kind: "text",
    dynamicKey: "alicloud:securityToken",
    secret: true,
    env: ["ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"],
    defaultWords: "none",
    example: "<STS token>",
    description: "STS security token, with a temporary AccessKey.",
  },
  endpoint: {
    kind: "text",
    dynamicKey: "alicloud-flink:endpoint",
    env: ["ALICLOUD_FLINK_ENDPOINT"],
    defaultWords: "`ververica.<region>.aliyuncs.com` over HTTPS",
    example: "http://127.0.0.1:8080",
    description: "An explicit endpoint URL instead of the region's, e.g. the local emulator's.",
  },
  allowInsecureHttp: {
    kind: "boolean",
    dynamicKey: "alicloud-flink:allowInsecureHttp",
    defaultValue: false,
    example: "true",
    description: "Allow an http:// endpoint that is not on a loopback host.",
  },
  maxAttempts: {
    kind: "integer",
    dynamicKey: "alicloud-flink:maxAttempts",
    min: 1,
    defaultValue: 6,
    example: "6",
    description: "Attempts per API call, the first included (1: no retries).",
  },
  retryMinDelayMs: {
    kind: "number",
    dynamicKey: "alicloud-flink:retryMinDelayMs",
    min: 0,
    defaultValue: 500,
    example: "500",
    description: ms(
      "Base of the wait before retrying a transient failure (5xx, reset, timeout): each wait is drawn " +
        "at random up to this base times 2 per retry so far (full jitter), at most retryMaxDelayMs",
    ),
  },
  retryMaxDelayMs: {
    kind: "number",
    dynamicKey: "alicloud-flink:retryMaxDelayMs",
    min: 0,
    defaultValue: 10_000,
    example: "10000",
    description: ms("Longest wait before one retry; not below retryMinDelayMs"),
  },
  throttleRetryMinDelayMs: {
    kind: "number",
    dynamicKey: "alicloud-flink:throttleRetryMinDelayMs",
    min: 0,
    defaultValue: 1_000,
    example: "1000",
    description: ms("Base of the wait before retrying a throttled call (as retryMinDelayMs, for throttling)"),
  },
  requestTimeoutMs: {
    kind: "number",
    dynamicKey: "alicloud-flink:requestTimeoutMs",
    min: 1,
    defaultValue: 30_000,
    example: "30000",
    description: ms("How long to wait for an answer to a List or Delete"),
  },
  registerTimeoutMs: {
    kind: "number",
    dynamicKey: "alicloud-flink:registerTimeoutMs",
    min: 1,
    defaultValue: 120_000,
    example: "120000",
    description: ms("How long to wait for an answer to a Register (the platform downloads and parses the JAR)"),
  },
  waitTimeoutMs: {
    kind: "number",
    dynamicKey: "alicloud-flink:waitTimeoutMs",
    min: 0,
    defaultValue: 60_000,
    example: "60000",
    description: ms("How long to poll List for the connectors of a Register that succeeded without naming them"),
  },
  listBatchWindowMs: {
    kind: "number",
    dynamicKey: "alicloud-flink:listBatchWindowMs",
    min: 0,
    defaultValue: 10,
    example: "10",
    description: ms("How long concurrent operations on one namespace wait to share one List"),
  },
  maxRequestsPerSecond: {
    kind: "number",
    dynamicKey: "alicloud-flink:maxRequestsPerSecond",
    min: 0.1,
    defaultWords: "no ceiling",
    example: "20",
    description: "Never send more API calls per second than this.",
  },
  initialRequestsPerSecond: {
    kind: "number",
    dynamicKey: "alicloud-flink:initialRequestsPerSecond",
    min: 0.1,
    defaultValue: 10,
    example: "10",
    description:
      "Calls let through at once before any answer (the opening window); the window then grows by " +
      "one with each accepted answer and is cut when the platform throttles.",
  },
  uploadTimeoutMs: {
    kind: "number",
    dynamicKey: "alicloud-flink:uploadTimeoutMs",
    min: 1,
    defaultValue: 300_000,
    example: "300000",
    description: ms("How long one upload of a `jarFile` to the platform's storage may take (the PUT to its pre-signed URL)"),
  },
  engineJavaVersion: {
    kind: "integer",
    dynamicKey: "alicloud-flink:engineJavaVersion",
    min: 8,
    defaultValue: 8,
    example: "11",
    description:
      "The Java version of the workspace's engine (Ververica Runtime runs Java 8 or 11): a `jarFile` with newer class files " +
      "is refused at preview, and a multi-release JAR is read as that Java reads it.",
  },
  engineFlinkVersion: {
    kind: "text",
    dynamicKey: "alicloud-flink:engineFlinkVersion",
    defaultWords: "none (not checked)",
    example: "1.17",
    description:
      'The Flink version of the workspace\'s engine, e.g. "1.17": a `jarFile` whose Maven metadata names another is refused at preview.',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTING_TABLE;

export const SETTING_NAMES = Object.keys(SETTING_TABLE) as SettingName[];

/** A rule between two settings: `larger` may not be below `smaller` (defaults included). */
export interface SettingRule {
  readonly larger: SettingName;
  readonly smaller: SettingName;
}

export const SETTING_RULES: readonly SettingRule[] = [{ larger: "retryMaxDelayMs", smaller: "retryMinDelayMs" }];

/** The prefix of every key the plugin reads (the engine hands a plugin only its own namespace). */
export const PLUGIN_PREFIX = "alicloud-flink:";

/** The stack config key of a setting, as the provider the user runs reads it. */
export function settingKey(name: SettingName, provider: ProviderKind): string {
  return provider === "plugin" ? `${PLUGIN_PREFIX}${name}` : SETTING_TABLE[name].dynamicKey;
}

/** The default of a number setting (the code's, for the policies built from settings). */
export function numberDefault(name: SettingName): number {
  const d = (SETTING_TABLE[name] as Setting).defaultValue;
  if (typeof d !== "number") throw new TypeError(`the setting ${name} has no number default`);
  return d;
}

/** The one command that sets it: `pulumi config set [--secret] <key> <value>`. */
export function setCommand(name: SettingName, provider: ProviderKind, value?: string): string {
  const s: Setting = SETTING_TABLE[name];
  return `\`pulumi config set ${s.secret ? "--secret " : ""}${settingKey(name, provider)} ${value ?? s.example}\``;
}

/** How to set it, in the words of the provider the user runs: the command, then its environment. */
export function howToSet(name: SettingName, provider: ProviderKind): string {
  const env: readonly string[] = (SETTING_TABLE[name] as Setting).env ?? [];
  const envWords = env.length ? `, or the environment variable ${env.join(" or ")}` : "";
  const arg = provider === "plugin" ? `, or the provider's \`${name}\` argument` : "";
  return `${setCommand(name, provider)}${arg}${envWords}`;
}
