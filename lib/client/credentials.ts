import { ConfigurationError } from "../errors/configuration-error";

/** An AccessKey pair, optionally with an STS token. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** Environment variable names we read, in order of preference for each field. */
export const CREDENTIAL_ENV = {
  accessKeyId: ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"],
  accessKeySecret: ["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"],
  securityToken: ["ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"],
} as const;

export const REGION_ENV = ["ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"] as const;

export type Env = Readonly<Record<string, string | undefined>>;

function firstEnv(env: Env, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = env[n]?.trim();
    if (v) return v;
  }
  return undefined;
}

/** The region from the environment, if any. */
export function regionFromEnv(env: Env): string | undefined {
  return firstEnv(env, REGION_ENV);
}

/** How a client authenticates: a static pair, or the `@alicloud/credentials` default chain. */
export type CredentialSource =
  | { readonly kind: "static"; readonly credentials: StaticCredentials; readonly from: "explicit" | "environment" }
  | { readonly kind: "default-chain" };

export const HOW_TO_PROVIDE_CREDENTIALS =
  "Provide credentials in one of these ways: the stack config `alicloud:accessKey` and `alicloud:secretKey` " +
  "(`pulumi config set --secret alicloud:secretKey ...`, plus `alicloud:securityToken` for STS); " +
  "the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET " +
  "(or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY, with ALIBABA_CLOUD_SECURITY_TOKEN or ALICLOUD_SECURITY_TOKEN for STS); " +
  "or the Alibaba Cloud default credential chain (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials profile, " +
  "~/.aliyun/config.json from the aliyun CLI, OIDC via ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE, " +
  "or an ECS RAM role).";

/**
 * Picks the credential source: an explicit pair wins, then the environment, then the default
 * chain. A half-configured pair (an id without a secret) is an error rather than a silent fallback.
 */
export function resolveCredentialSource(explicit: Partial<StaticCredentials> | undefined, env: Env): CredentialSource {
  const check = (c: Partial<StaticCredentials>, from: "explicit" | "environment"): CredentialSource | undefined => {
    const id = c.accessKeyId?.trim();
    const secret = c.accessKeySecret?.trim();
    if (!id && !secret) return undefined;
    if (!id || !secret) {
      const missing = id ? "the AccessKey secret" : "the AccessKey ID";
      const where =
        from === "explicit"
          ? "stack config `alicloud:accessKey` / `alicloud:secretKey`"
          : "environment (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY)";
      throw new ConfigurationError("credentials", `Incomplete credentials in the ${where}: ${missing} is missing. ${HOW_TO_PROVIDE_CREDENTIALS}`);
    }
    const token = c.securityToken?.trim();
    return {
      kind: "static",
      from,
      credentials: token ? { accessKeyId: id, accessKeySecret: secret, securityToken: token } : { accessKeyId: id, accessKeySecret: secret },
    };
  };
  return (
    (explicit && check(explicit, "explicit")) ??
    check(
      {
        accessKeyId: firstEnv(env, CREDENTIAL_ENV.accessKeyId),
        accessKeySecret: firstEnv(env, CREDENTIAL_ENV.accessKeySecret),
        securityToken: firstEnv(env, CREDENTIAL_ENV.securityToken),
      },
      "environment",
    ) ?? { kind: "default-chain" }
  );
}
