import { inspect } from "node:util";
import Credential from "@alicloud/credentials";
import OpenApiClient, { Config, OpenApiRequest, Params } from "@alicloud/openapi-client";
import { ConfigurationError } from "../errors/configuration-error";
import { FlinkApiError } from "../errors/flink-api-error";
import { redact } from "../errors/redact";
import { LIBRARY_ADVICE, type ClientAdvice, regionFromEnv, resolveCredentialSource, type CredentialSource } from "./credentials";
import { resolveEndpoint, type ResolvedEndpoint } from "./endpoint";
import { dataFromResponse, errorFromThrown, type CallContext } from "./normalize";
import { mergeTimeouts, runtimeTimeouts, type Timeouts } from "./timeouts";
import { sharedLimiter, type AdaptiveRateLimiter, type RateLimitOptions } from "./rate-limiter";
import { defaultRateMemory, type RateMemory } from "./rate-memory";
import type { ChainCredential, ClientOptions } from "./client-options";
import { putPresigned } from "./oss-put";
import { guarded } from "./transport-guard";
import type { Connector, ConnectorApi, JarUploadApi, NamespaceRef, Operation, PresignedUpload, TableMeta } from "../model/connector";
import type { SecretUrl } from "../model/secret-url";
import { badPathSegment, encodePathParam } from "./path";
import { HIDDEN_CHARACTERS } from "../model/text";
import { parseConnectors, parsePresigned, parseTables } from "./wire-model";

export { badPathSegment, encodePathParam } from "./path";

export type { ChainCredential, ClientOptions } from "./client-options";

export const API_VERSION = "2022-07-18";
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** One request: what `call` sends and how its `data` is read. */
export interface RequestSpec<T> {
  readonly operation: Operation;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly pathname: string;
  readonly query?: Record<string, string>;
  /** A JSON body (UDF artifacts). */
  readonly body?: unknown;
  readonly connectorName?: string;
  readonly jarUrl?: string;
  readonly udfArtifactName?: string;
  readonly functionName?: string;
  readonly parse: (data: unknown) => T;
}

/** Operations whose answer waits for the platform to download and read a JAR. */
const READS_A_JAR: ReadonlySet<Operation> = new Set(["RegisterCustomConnector", "CreateUdfArtifact", "UpdateUdfArtifact"]);

/**
 * The three Ververica connector operations on @alicloud/openapi-client, sent exactly as the
 * official generated SDK sends them (ROA, ACS3-HMAC-SHA256, `workspace` header, `jarUrl` query).
 */
export class VervericaConnectorClient implements ConnectorApi, JarUploadApi {
  readonly endpoint: ResolvedEndpoint;
  private readonly timeouts: Timeouts;
  private readonly maxResponseBytes: number;
  private readonly rateLimit: RateLimitOptions | false;
  private readonly rateMemory: RateMemory | undefined;
  private readonly source: CredentialSource;
  private readonly advice: ClientAdvice;
  private readonly userAgent: string | undefined;
  private readonly defaultChain: () => ChainCredential;
  private chain: ChainCredential | undefined;
  private staticClient: OpenApiClient | undefined;

  constructor(options: ClientOptions = {}) {
    const env = options.env ?? process.env;
    this.advice = options.advice ?? LIBRARY_ADVICE;
    this.endpoint = resolveEndpoint(
      {
        endpoint: options.endpoint,
        region: options.region ?? regionFromEnv(env),
        allowInsecureHttp: options.allowInsecureHttp,
      },
      this.advice,
    );
    this.timeouts = mergeTimeouts(options.timeouts);
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.rateLimit = options.rateLimit ?? {};
    this.rateMemory = options.rateMemory === false ? undefined : (options.rateMemory ?? defaultRateMemory(env));
    if (!Number.isInteger(this.maxResponseBytes) || this.maxResponseBytes < 1024) {
      throw new RangeError(`maxResponseBytes must be an integer of at least 1024, got ${this.maxResponseBytes}`);
    }
    this.source = resolveCredentialSource(options.credentials, env, this.advice);
    this.userAgent = options.userAgent;
    this.defaultChain = options.defaultChain ?? (() => new Credential());
  }

  /** Where credentials come from; never the credentials themselves. */
  get credentialSource(): "explicit" | "environment" | "default-chain" {
    return this.source.kind === "static" ? this.source.from : "default-chain";
  }

  async register(ref: NamespaceRef, jarUrl: string): Promise<Connector[]> {
    return this.call(ref, {
      operation: "RegisterCustomConnector",
      method: "POST",
      pathname: `/api/v2/namespaces/${encodePathParam(ref.namespaceName)}/connectors%3Aregister`,
      query: { jarUrl },
      jarUrl,
      parse: parseConnectors,
    });
  }

  async list(ref: NamespaceRef): Promise<Connector[]> {
    return this.call(ref, {
      operation: "ListCustomConnectors",
      method: "GET",
      pathname: `/api/v2/namespaces/${encodePathParam(ref.namespaceName)}/connectors`,
      parse: parseConnectors,
    });
  }

  async delete(ref: NamespaceRef, connectorName: string): Promise<TableMeta[]> {
    return this.call(ref, {
      operation: "DeleteCustomConnector",
      method: "DELETE",
      pathname: `/api/v2/namespaces/${encodePathParam(ref.namespaceName)}/connectors/${encodePathParam(connectorName)}`,
      connectorName,
      parse: parseTables,
    });
  }

  /** GetPreSignedUrlForPutObject: where to PUT a JAR (a secret) and the `jarUrl` it is then registered by. */
  async presignUpload(ref: NamespaceRef, fileName: string): Promise<PresignedUpload> {
    return this.call(ref, {
      operation: "GetPreSignedUrlForPutObject",
      method: "GET",
      pathname: `/artifacts/v2/namespaces/${encodePathParam(ref.namespaceName)}/getPreSignedUrlForPutObject`,
      query: { fileName },
      parse: parsePresigned,
    });
  }

  /** The PUT to the pre-signed URL: a plain HTTP request, signed by the URL itself, not by us. */
  async putObject(ref: NamespaceRef, url: SecretUrl, body: Buffer, timeoutMs: number): Promise<void> {
    return putPresigned(ref, url, body, timeoutMs);
  }

  /** Never shows credentials, whatever prints this object. */
  [inspect.custom](): string {
    return (
      `VervericaConnectorClient { endpoint: ${this.endpoint.protocol.toLowerCase()}://${this.endpoint.host}, ` +
      `credentials: ${this.credentialSource} }`
    );
  }

  toJSON(): Record<string, string> {
    return { endpoint: this.endpoint.host, protocol: this.endpoint.protocol, credentials: this.credentialSource };
  }

  /** The one request path: every operation, connectors' and UDFs', is sent through it. */
  protected async call<T>(ref: NamespaceRef, spec: RequestSpec<T>): Promise<T> {
    // Defence in depth: whatever reaches the client (an id typed for an import, a state) never becomes a request to another path.
    for (const [what, value] of [
      ["workspaceId", ref.workspaceId],
      ["namespaceName", ref.namespaceName],
      ...(spec.connectorName !== undefined ? [["connectorName", spec.connectorName]] : []),
      ...(spec.udfArtifactName !== undefined ? [["udfArtifactName", spec.udfArtifactName]] : []),
      ...(spec.functionName !== undefined ? [["functionName", spec.functionName]] : []),
    ] as const) {
      const why = badPathSegment(value);
      if (why) {
        throw new FlinkApiError({
          operation: spec.operation,
          workspaceId: String(ref.workspaceId).replace(HIDDEN_CHARACTERS, "?"),
          namespaceName: String(ref.namespaceName).replace(HIDDEN_CHARACTERS, "?"),
          code: "InvalidParameter.PathSegment",
          detail: `${what} ${why}; nothing was sent.`,
          kind: "invalid-input",
          retryable: false,
          outcomeUnknown: false,
        });
      }
    }
    const { client, secrets, accessKeyId } = await this.openApiClient();
    const ctx: CallContext = {
      operation: spec.operation,
      workspaceId: ref.workspaceId,
      namespaceName: ref.namespaceName,
      connectorName: spec.connectorName,
      jarUrl: spec.jarUrl,
      ...(spec.udfArtifactName !== undefined ? { udfArtifactName: spec.udfArtifactName } : {}),
      ...(spec.functionName !== undefined ? { functionName: spec.functionName } : {}),
      secrets,
    };
    const params = new Params({
      action: spec.operation,
      version: API_VERSION,
      protocol: "HTTPS",
      pathname: spec.pathname,
      method: spec.method,
      authType: "AK",
      style: "ROA",
      reqBodyType: "json",
      bodyType: "json",
    });
    const request = new OpenApiRequest({
      headers: { workspace: String(ref.workspaceId) },
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body !== undefined ? { body: spec.body } : {}),
    });
    const runtime = runtimeTimeouts(this.timeouts, READS_A_JAR.has(spec.operation));
    const limits = { deadlineMs: runtime.readTimeout, maxBodyBytes: this.maxResponseBytes };
    const limiter = this.limiter(accessKeyId);
    const ticket = await limiter?.acquire();
    try {
      let res: { statusCode?: number; body?: unknown };
      try {
        // RuntimeOptions is a tea Model; openapi-client only reads plain fields from it.
        res = await guarded(limits, () => client.callApi(params, request, runtime as unknown as Parameters<OpenApiClient["callApi"]>[2]));
      } catch (e) {
        throw errorFromThrown(ctx, e);
      }
      const data = dataFromResponse(ctx, res, spec.parse);
      if (ticket) limiter?.onAccepted(ticket);
      return data;
    } catch (e) {
      if (ticket && FlinkApiError.isInstance(e) && e.kind === "throttling") limiter?.onThrottled(ticket);
      else if (ticket && FlinkApiError.isInstance(e) && e.httpStatus !== undefined) limiter?.onAccepted(ticket);
      throw e;
    } finally {
      // No answer at all (a reset, a timeout): the request's place is freed, nothing is learnt.
      if (ticket) limiter?.release(ticket);
    }
  }

  /** The process-wide limiter of this endpoint and AccessKey, or none when switched off. */
  private limiter(accessKeyId: string): AdaptiveRateLimiter | undefined {
    return this.rateLimit === false
      ? undefined
      : sharedLimiter(`${this.endpoint.protocol}://${this.endpoint.host}`, accessKeyId, this.rateLimit, this.rateMemory);
  }

  /**
   * A static pair gets one long-lived client. The default chain is asked for credentials on
   * every call (it caches and refreshes them itself), so that a failure to find any becomes a
   * ConfigurationError naming every way to provide one, and so we know what to redact.
   */
  private async openApiClient(): Promise<{ client: OpenApiClient; secrets: (string | undefined)[]; accessKeyId: string }> {
    const base = {
      endpoint: this.endpoint.host,
      protocol: this.endpoint.protocol,
      ...(this.userAgent ? { userAgent: this.userAgent } : {}),
    };
    if (this.source.kind === "static") {
      const c = this.source.credentials;
      this.staticClient ??= new OpenApiClient(new Config({ ...base, ...c }));
      return { client: this.staticClient, secrets: [c.accessKeySecret, c.securityToken], accessKeyId: c.accessKeyId };
    }
    this.chain ??= this.defaultChain();
    let found: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
    try {
      found = await this.chain.getCredential();
    } catch (e) {
      // The chain's own message lists every provider's failure in its own words (misspellings,
      // "getaddrinfo ENOTFOUND undefined"...): it is kept as the cause, not shown as the advice.
      const why = e instanceof Error ? e.message : String(e);
      throw new ConfigurationError(
        "credentials",
        `No Alibaba Cloud credentials were found: not in the stack config, the environment, ` +
          `the credentials files, nor the ECS instance metadata. ${this.advice.credentials}`,
        { cause: new Error(redact(why).slice(0, 2000)) },
      );
    }
    if (!found.accessKeyId || !found.accessKeySecret) {
      throw new ConfigurationError("credentials", `The default credential chain returned no AccessKey. ${this.advice.credentials}`);
    }
    const client = new OpenApiClient(
      new Config({
        ...base,
        accessKeyId: found.accessKeyId,
        accessKeySecret: found.accessKeySecret,
        ...(found.securityToken ? { securityToken: found.securityToken } : {}),
      }),
    );
    return { client, secrets: [found.accessKeySecret, found.securityToken], accessKeyId: found.accessKeyId };
  }
}
