import { ConfigurationError } from "../errors/configuration-error";
import { SETTING_TABLE } from "../model/settings";

/** An AccessKey pair, optionally with an STS token. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/** Environment variable names we read, in order of preference for each field. */
export const CREDENTIAL_ENV = {
  accessKeyId: SETTING_TABLE.accessKey.env,
  accessKeySecret: SETTING_TABLE.secretKey.env,
  securityToken: SETTING_TABLE.securityToken.env,
} as const;

export const REGION_ENV = SETTING_TABLE.region.env;

/**
 * What the client appends to a configuration error, to say how to fix it. A provider passes
 * its own (config/settings adviceFor: its keys); a library user gets LIBRARY_ADVICE. The client
 * itself never names a stack config key.
 */
export interface ClientAdvice {
  /** After "no region or endpoint". */
  readonly region: string;
  /** The way to allow plain HTTP to a host that is not loopback. */
  readonly allowInsecureHttp: string;
  /** After "no credentials". */
  readonly credentials: string;
  /** Where explicit credentials come from, e.g. "`alicloud:accessKey` / `alicloud:secretKey`". */
  readonly credentialKeys: string;
}

/** The sources of the Alibaba Cloud default credential chain, in words (every advice ends with them). */
export const DEFAULT_CHAIN_WORDS =
  "the Alibaba Cloud default credential chain (ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials profile, " +
  "~/.aliyun/config.json from the aliyun CLI, OIDC via ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE, or an ECS RAM role)";

export const LIBRARY_ADVICE: ClientAdvice = {
  region: `Pass \`region\` or \`endpoint\` in the options, or set the environment variable ${REGION_ENV.join(" or ")}.`,
  allowInsecureHttp: "pass `allowInsecureHttp: true` in the options if you really mean it",
  credentials:
    `Pass \`credentials\` in the options; or set the environment variables ` +
    `${CREDENTIAL_ENV.accessKeyId.join(" / ")} with ${CREDENTIAL_ENV.accessKeySecret.join(" / ")}; ` +
    `or use ${DEFAULT_CHAIN_WORDS}.`,
  credentialKeys: "options' `credentials`",
};

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

/**
 * Picks the credential source: an explicit pair wins, then the environment, then the default
 * chain. A half-configured pair (an id without a secret) is an error rather than a silent fallback.
 */
export function resolveCredentialSource(
  explicit: Partial<StaticCredentials> | undefined,
  env: Env,
  advice: ClientAdvice = LIBRARY_ADVICE,
): CredentialSource {
  const check = (c: Partial<StaticCredentials>, from: "explicit" | "environment"): CredentialSource | undefined => {
    const id = c.accessKeyId?.trim();
    const secret = c.accessKeySecret?.trim();
    if (!id && !secret) return undefined;
    if (!id || !secret) {
      const missing = id ? "the AccessKey secret" : "the AccessKey ID";
      const where =
        from === "explicit"
          ? advice.credentialKeys
          : `environment (${CREDENTIAL_ENV.accessKeyId.join(" or ")} with ${CREDENTIAL_ENV.accessKeySecret.join(" or ")})`;
      throw new ConfigurationError("credentials", `Incomplete credentials in the ${where}: ${missing} is missing. ${advice.credentials}`);
    }
    const token = c.securityToken?.trim();
    return {
      kind: "static",
      from,
      credentials: token
        ? { accessKeyId: id, accessKeySecret: secret, securityToken: token }
        : { accessKeyId: id, accessKeySecret: secret },
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
