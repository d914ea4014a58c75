import { VervericaConnectorClient, type ClientOptions } from "../client/connector-client";
import type { Connector, ConnectorApi, NamespaceRef, Operation, TableMeta } from "../client/types";
import { FlinkApiError } from "../errors/flink-api-error";
import { ListCache } from "./list-cache";
import { mergeWaitPolicy, pollUntil, type WaitPolicy } from "./poll";
import { mergeRetryPolicy, type RetryPolicy } from "./retry-policy";
import { withRetry, type RetryNotice } from "./with-retry";

export interface ServiceOptions extends ClientOptions {
  /** The three API operations. Defaults to a VervericaConnectorClient built from these options. */
  readonly api?: ConnectorApi;
  /** Retry policy, merged over the defaults; `false` fails fast. */
  readonly retry?: Partial<RetryPolicy> | false;
  /** Bounds of the "visible after register" and "gone after delete" waits. */
  readonly waits?: Partial<WaitPolicy>;
  /** How long a List result may be reused within one namespace. Defaults to 2 000 ms; 0 disables reuse. */
  readonly listCacheTtlMs?: number;
  /** Receives one line per retry and per unusual recovery; never carries credentials. */
  readonly log?: (message: string) => void;
}

export interface RegisterArgs extends NamespaceRef {
  readonly jarUrl: string;
  /** The connector the JAR should yield; narrows adoption after an unknown outcome. */
  readonly expectedName?: string;
}

export interface RegisterResult {
  /** What the platform registered for this JAR. */
  readonly connectors: readonly Connector[];
  /**
   * True when a Register call's outcome was unknown (timeout, dropped connection) and the
   * connectors were then found registered: they were adopted instead of registered again.
   */
  readonly recovered: boolean;
}

export interface ConnectorRef extends NamespaceRef {
  readonly connectorName: string;
}

export interface DeleteResult {
  /** False when the connector was already gone (delete is idempotent). */
  readonly existed: boolean;
  /** Tables that were created with the connector, as the platform reports them. */
  readonly tables: readonly TableMeta[];
}

export interface ReadOptions {
  /** Only accept a List request that starts after this call (shared with other such readers). */
  readonly fresh?: boolean;
}

/** API calls made by this service instance, by operation. */
export type CallCounts = Record<Operation, number>;

function assertRef(ref: NamespaceRef, what: string): void {
  for (const k of ["workspaceId", "namespaceName"] as const) {
    if (typeof ref[k] !== "string" || ref[k].trim() === "") {
      throw new TypeError(`${what}: ${k} must be a non-empty string, got ${JSON.stringify(ref[k])}`);
    }
  }
}

const cacheKey = (ref: NamespaceRef): string => `${ref.workspaceId}\u0000${ref.namespaceName}`;

/**
 * Custom connectors of one Ververica account: retries, bounded waits, List sharing and safe
 * (never double) registration on top of the three API operations.
 */
export class FlinkConnectorService {
  private readonly api: ConnectorApi;
  private readonly retry: RetryPolicy;
  private readonly waits: WaitPolicy;
  private readonly cache: ListCache<Connector[]>;
  private readonly log: (message: string) => void;
  private readonly counts: CallCounts = { RegisterCustomConnector: 0, ListCustomConnectors: 0, DeleteCustomConnector: 0 };

  constructor(options: ServiceOptions = {}) {
    this.api = options.api ?? new VervericaConnectorClient(options);
    this.retry = mergeRetryPolicy(options.retry);
    this.waits = mergeWaitPolicy(options.waits);
    const ttl = options.listCacheTtlMs ?? 2_000;
    if (!Number.isFinite(ttl) || ttl < 0) throw new RangeError(`listCacheTtlMs must be a non-negative number, got ${ttl}`);
    this.cache = new ListCache(ttl);
    this.log = options.log ?? (() => undefined);
  }

  /** API calls made so far, by operation (a copy). */
  get apiCalls(): CallCounts {
    return { ...this.counts };
  }

  /** All custom connectors of a namespace. Concurrent calls share one request. */
  async list(ref: NamespaceRef, options: ReadOptions = {}): Promise<readonly Connector[]> {
    assertRef(ref, "list");
    const key = cacheKey(ref);
    return this.cache.get(key, options.fresh === true ? this.cache.mark(key) : undefined, () =>
      withRetry(
        () => {
          this.counts.ListCustomConnectors += 1;
          return this.api.list(ref);
        },
        this.retry,
        (n) => this.noteRetry(n),
      ),
    );
  }

  /** One connector by name, or undefined when there is none (there is no Get API: List and filter). */
  async get(ref: ConnectorRef, options: ReadOptions = {}): Promise<Connector | undefined> {
    const all = await this.list(ref, options);
    return all.find((c) => c.name === ref.connectorName);
  }

  /**
   * Registers a JAR. Safe to retry: when a Register call's outcome is unknown, it looks before
   * registering again and adopts what the first call registered. Returns once the connectors
   * are visible in List.
   */
  async register(args: RegisterArgs): Promise<RegisterResult> {
    assertRef(args, "register");
    if (typeof args.jarUrl !== "string" || args.jarUrl.trim() === "") throw new TypeError("register: jarUrl must be a non-empty string");
    const key = cacheKey(args);
    const before = new Set((await this.list(args)).map((c) => c.name));
    const lookForOurs = async (): Promise<Connector[]> => {
      const now = await this.list(args, { fresh: true });
      return now.filter((c) => !before.has(c.name) && (args.expectedName === undefined || c.name === args.expectedName));
    };

    let outcomeUnknown = false;
    let result: RegisterResult;
    this.cache.invalidate(key);
    try {
      result = await withRetry(
        async () => {
          if (outcomeUnknown) {
            const found = await lookForOurs();
            if (found.length > 0) return { connectors: found, recovered: true };
          }
          try {
            this.counts.RegisterCustomConnector += 1;
            return { connectors: await this.api.register(args, args.jarUrl), recovered: false };
          } catch (e) {
            if (FlinkApiError.isInstance(e) && e.retryable && e.outcomeUnknown) outcomeUnknown = true;
            throw e;
          }
        },
        this.retry,
        (n) => this.noteRetry(n),
      );
    } catch (e) {
      // A conflict after an unknown outcome, or retries spent after one: the first call may
      // have registered the JAR. Look once more before reporting failure.
      if (outcomeUnknown && FlinkApiError.isInstance(e)) {
        const found = await this.waitFor(lookForOurs, "a connector registered by an earlier attempt is visible").catch(() => []);
        if (found.length > 0) {
          this.noteRecovered(found);
          return { connectors: found, recovered: true };
        }
      }
      throw e;
    } finally {
      this.cache.invalidate(key);
    }
    if (result.recovered) this.noteRecovered(result.connectors);
    const names = result.connectors.map((c) => c.name);
    await pollUntil(
      async () => {
        const now = await this.list(args, { fresh: true });
        return names.every((n) => now.some((c) => c.name === n));
      },
      this.waits,
      `connector(s) ${names.join(", ")} appear in namespace "${args.namespaceName}"`,
    );
    return result;
  }

  /**
   * Deletes a connector. Idempotent: a connector already gone is success. Returns once List
   * no longer shows it.
   */
  async delete(ref: ConnectorRef): Promise<DeleteResult> {
    assertRef(ref, "delete");
    const key = cacheKey(ref);
    let result: DeleteResult;
    this.cache.invalidate(key);
    try {
      const tables = await withRetry(
        () => {
          this.counts.DeleteCustomConnector += 1;
          return this.api.delete(ref, ref.connectorName);
        },
        this.retry,
        (n) => this.noteRetry(n),
      );
      result = { existed: true, tables };
    } catch (e) {
      if (!FlinkApiError.isInstance(e) || e.kind === "auth" || e.retryable) throw e;
      // Not found by code, or a code we do not know: List has the last word.
      this.cache.invalidate(key);
      if (e.kind !== "not-found" && (await this.get(ref, { fresh: true }))) throw e;
      result = { existed: false, tables: [] };
    } finally {
      this.cache.invalidate(key);
    }
    await pollUntil(
      async () => (await this.get(ref, { fresh: true })) === undefined,
      this.waits,
      `connector "${ref.connectorName}" is gone from namespace "${ref.namespaceName}"`,
    );
    return result;
  }

  private async waitFor<T>(probe: () => Promise<T[]>, what: string): Promise<T[]> {
    let found: T[] = [];
    await pollUntil(
      async () => {
        found = await probe();
        return found.length > 0;
      },
      { ...this.waits, timeoutMs: Math.min(this.waits.timeoutMs, 10_000) },
      what,
    );
    return found;
  }

  private noteRecovered(connectors: readonly Connector[]): void {
    this.log(`RegisterCustomConnector: adopted ${connectors.map((c) => c.name).join(", ")}, registered by an attempt whose answer was lost`);
  }

  private noteRetry(n: RetryNotice): void {
    this.log(`${n.error.operation}: attempt ${n.attempt} failed with ${n.error.code} (${n.error.kind}); retrying, ${n.retriesLeft} left`);
  }
}
