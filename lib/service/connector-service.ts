import { inspect } from "node:util";
import { VervericaConnectorClient } from "../client/connector-client";
import { mergeTimeouts } from "../client/timeouts";
import type { Connector, ConnectorApi, ConnectorRef, JarUploadApi, NamespaceRef } from "../model/connector";
import { numberDefault } from "../model/settings";
import { uploadJar, type UploadResult } from "./jar-upload";
import { nameProblem, nameSet, problemWords, type ConnectorNameSet, type NameKind } from "../model/names";
import { HIDDEN_CHARACTERS } from "../model/text";
import { FlinkApiError } from "../errors/flink-api-error";
import { WriteFailure } from "../errors/write-failure";
import { DEFAULT_LIST_BATCH_WINDOW_MS, ListBatcher } from "./list-batcher";
import { LostAnswers, connectorKey, nsKey } from "./lost-answers";
import { mergeWaitPolicy, type WaitPolicy } from "./poll";
import { mergeRetryPolicy, type RetryPolicy } from "./retry-policy";
import type { CallCounts, ConnectorServicePort, DeleteResult, RegisterArgs, RegisterResult, ServiceOptions } from "./types";
import { settledWrite, type WriteDeps } from "./settled-write";
import { retryLine, withRetry, type RetryNotice } from "./with-retry";

export type { CallCounts, DeleteResult, RegisterArgs, RegisterResult, ServiceOptions } from "./types";
export type { UploadResult } from "./jar-upload";

/** The service's own arguments, by the one name rule (model/names.ts) that check and ids apply. */
function assertName(what: string, key: string, kind: NameKind, v: unknown): void {
  if (typeof v !== "string" || v.trim() === "") throw new TypeError(`${what}: ${key} must be a non-empty string, got ${JSON.stringify(v)}`);
  const p = nameProblem(kind, v);
  if (p) throw new TypeError(`${what}: ${key} ${JSON.stringify(v.replace(HIDDEN_CHARACTERS, "?"))} ${problemWords(p)}`);
}

function assertRef(ref: NamespaceRef, what: string): void {
  assertName(what, "workspaceId", "workspace", ref.workspaceId);
  assertName(what, "namespaceName", "namespace", ref.namespaceName);
}

/** The connector names a register call expects, from `expectedNames` or `expectedName`. */
export function expectedNamesOf(args: RegisterArgs): ConnectorNameSet {
  const names = args.expectedNames ?? (args.expectedName === undefined ? [] : [args.expectedName]);
  if (names.length === 0 || names.some((n) => typeof n !== "string" || n === "")) {
    throw new TypeError("register: expectedName (or expectedNames) must name the connectors the JAR yields");
  }
  for (const n of names) assertName("register", "expectedNames", "connector", n);
  return nameSet(names);
}

/** How long a List may answer create's takeover check with "absent" (see `mayExist`). */
export const TAKEOVER_REUSE_MS = 10_000;

/**
 * Custom connectors of one Ververica account on top of the three API operations. Each answer
 * is a fact that is kept: a Register that answered with the connector needs no List, a Delete
 * that answered needs none either. Only a lost answer (timeout, reset, 5xx, unreadable body)
 * leaves doubt, and then the service looks before it acts again: it never re-sends a write
 * until List shows the first one did not take effect within its window.
 */
export class FlinkConnectorService implements ConnectorServicePort {
  private readonly api: ConnectorApi & Partial<JarUploadApi>;
  private readonly retry: RetryPolicy;
  private readonly waits: WaitPolicy;
  private readonly lists: ListBatcher<Connector[]>;
  private readonly log: (message: string) => void;
  private readonly counts: CallCounts = {
    RegisterCustomConnector: 0,
    ListCustomConnectors: 0,
    DeleteCustomConnector: 0,
    GetPreSignedUrlForPutObject: 0,
    PutObject: 0,
  };
  private readonly uploadTimeoutMs: number;
  /** The names the latest List of each namespace showed, and when that List started. */
  private readonly recent = new Map<string, { startedAt: number; names: Set<string> }>();
  private readonly lost: LostAnswers;

  constructor(options: ServiceOptions = {}) {
    this.api = options.api ?? new VervericaConnectorClient(options);
    this.retry = mergeRetryPolicy(options.retry);
    this.waits = mergeWaitPolicy(options.waits);
    this.lost = new LostAnswers(this.waits, mergeTimeouts(options.timeouts));
    this.lists = new ListBatcher(options.listBatchWindowMs ?? DEFAULT_LIST_BATCH_WINDOW_MS);
    this.log = options.log ?? (() => undefined);
    this.uploadTimeoutMs = options.uploadTimeoutMs ?? numberDefault("uploadTimeoutMs");
  }

  /** Uploads a JAR through the platform (see `uploadJar`); resolves to the `jarUrl` to register. */
  async uploadJar(ref: NamespaceRef, fileName: string, body: Buffer): Promise<UploadResult> {
    assertRef(ref, "uploadJar");
    const deps = {
      api: this.api,
      retry: this.retry,
      timeoutMs: this.uploadTimeoutMs,
      count: (op: keyof CallCounts) => (this.counts[op] += 1),
      onRetry: (n: RetryNotice) => this.noteRetry(n),
      log: this.log,
    };
    return uploadJar(deps, ref, fileName, body);
  }

  /** API calls made so far, by operation (a copy). */
  get apiCalls(): CallCounts {
    return { ...this.counts };
  }

  /** Never shows the client's credentials, whatever prints this object. */
  [inspect.custom](): string {
    return `FlinkConnectorService { calls: ${JSON.stringify(this.counts)} }`;
  }

  toJSON(): Record<string, unknown> {
    return { calls: this.apiCalls };
  }

  /**
   * All custom connectors of a namespace, from a List request that started after this call.
   * Concurrent calls share one request.
   */
  async list(ref: NamespaceRef): Promise<readonly Connector[]> {
    assertRef(ref, "list");
    const key = nsKey(ref);
    return this.lists.get(key, async () => {
      const startedAt = Date.now();
      const connectors = await withRetry(
        () => {
          this.counts.ListCustomConnectors += 1;
          return this.api.list(ref);
        },
        this.retry,
        (n) => this.noteRetry(n),
      );
      // Batches of one namespace never overlap (ListBatcher): this List is the newest there is.
      this.recent.set(key, { startedAt, names: new Set(connectors.map((c) => c.name)) });
      return connectors;
    });
  }

  /** One connector by name, or undefined when there is none (there is no Get API: List and filter). */
  async get(ref: ConnectorRef): Promise<Connector | undefined> {
    const all = await this.list(ref);
    return all.find((c) => c.name === ref.connectorName);
  }

  /**
   * Whether a connector of that name may already exist, before registering it (create's
   * takeover check). A List of this service from the last TAKEOVER_REUSE_MS that did not show
   * it answers "no" without a request: a fleet of creates in one namespace then costs one List,
   * not one each. That is safe because the answer is only trusted when it says "absent", and
   * Register itself refuses a type that is already registered (the caller confirms such a
   * refusal with a fresh List). A "present" is always confirmed by a List that starts now.
   */
  async mayExist(ref: ConnectorRef): Promise<Connector | undefined> {
    return (await this.mayExistAny(ref, [ref.connectorName]))[0];
  }

  /** `mayExist` for the connectors one JAR registers: those of `names` that may be there (one List at most). */
  async mayExistAny(ref: NamespaceRef, names: readonly string[]): Promise<Connector[]> {
    assertRef(ref, "mayExist");
    const known = this.recent.get(nsKey(ref));
    if (known && Date.now() - known.startedAt < TAKEOVER_REUSE_MS && names.every((n) => !known.names.has(n))) return [];
    return (await this.list(ref)).filter((c) => names.includes(c.name));
  }

  /**
   * Registers a JAR that must yield `expectedName`. Never registers twice: after a lost answer
   * it waits for List to show the connector, and sends again only when the lost request's
   * window has passed without it. Rejects with a WriteFailure saying whether anything may have
   * been registered.
   */
  async register(args: RegisterArgs): Promise<RegisterResult> {
    assertRef(args, "register");
    if (typeof args.jarUrl !== "string" || args.jarUrl.trim() === "") throw new TypeError("register: jarUrl must be a non-empty string");
    const names = expectedNamesOf(args);
    const label = names.join(", ");
    // What List shows of the connectors this JAR registers: any of them means the JAR was registered.
    const seen = async (): Promise<Connector[]> => (await this.list(args)).filter((c) => names.includes(c.name));
    const r = await settledWrite(this.writeDeps(), {
      operation: "RegisterCustomConnector",
      send: async (ledger) => {
        this.counts.RegisterCustomConnector += 1;
        const connectors = await this.api.register(args, args.jarUrl);
        if (connectors.length > 0) return { value: connectors, via: "answer" };
        // Success without the connector in the answer: the one case to poll. It did register.
        const found = await this.lost.settle(seen, Date.now() + this.waits.timeoutMs).catch(() => []);
        if (found.length > 0) return { value: found, via: "list" };
        const why =
          `RegisterCustomConnector answered success without naming a connector, and ` +
          `"${label}" could not be seen in List within ${this.waits.timeoutMs} ms`;
        throw new WriteFailure("unknown", new Error(why), ledger.attempts);
      },
      look: async () => {
        const found = await seen();
        return found.length ? found : undefined;
      },
      lostLine: (e, until) =>
        `RegisterCustomConnector: the answer was lost (${e.code}); waiting up to ` +
        `${Math.ceil((until - Date.now()) / 1000)} s for ${label} to show in List before sending again`,
    });
    const result: RegisterResult = { connectors: r.value, via: r.via, attempts: r.attempts };
    if (result.via === "list")
      this.log(
        `RegisterCustomConnector: found ${label} registered by a request ` +
          `whose answer was lost (or held no connector); not registering again`,
      );
    return this.survivesLateDelete(args, names, result);
  }

  /**
   * Deletes a connector. Idempotent: a connector already gone is success. After a lost answer
   * it waits for List to show the connector gone, and sends again only when the lost request's
   * window has passed. Rejects with a WriteFailure saying whether it may have been deleted.
   */
  async delete(ref: ConnectorRef): Promise<DeleteResult> {
    assertRef(ref, "delete");
    assertName("delete", "connectorName", "connector", ref.connectorName);
    type Gone = Omit<DeleteResult, "via" | "attempts">;
    const gone = async (): Promise<Gone | undefined> =>
      (await this.get(ref)) === undefined ? { existed: "unknown", tables: [] } : undefined;
    const r = await settledWrite<Gone>(this.writeDeps(), {
      operation: "DeleteCustomConnector",
      send: async (ledger) => {
        this.counts.DeleteCustomConnector += 1;
        try {
          return { value: { existed: true, tables: await this.api.delete(ref, ref.connectorName) }, via: "answer" };
        } catch (e) {
          if (FlinkApiError.isInstance(e) && e.kind === "not-found")
            return { value: { existed: ledger.everLost ? "unknown" : false, tables: [] }, via: "answer" };
          throw e;
        }
      },
      look: gone,
      lostLine: (e, until) =>
        `DeleteCustomConnector: the answer was lost (${e.code}); waiting up to ` +
        `${Math.ceil((until - Date.now()) / 1000)} s for ${ref.connectorName} to leave List before sending again`,
      onLost: (until) => this.lost.noteLateDelete(connectorKey(ref, ref.connectorName), until),
      // A refusal whose code we do not know (a "not found" in codes we cannot read, or something
      // else): List has the last word on whether it is gone; when List cannot say, neither can we.
      rescue: async (e, ledger) => {
        if (!FlinkApiError.isInstance(e) || e.kind !== "unknown" || ledger.lostUntil !== undefined) return undefined;
        const stillThere = await this.get(ref).catch(() => "failed" as const);
        if (stillThere === "failed") return "unknown";
        return stillThere === undefined ? { value: { existed: false, tables: [] }, via: "list" } : undefined;
      },
    });
    return { ...r.value, via: r.via, attempts: r.attempts };
  }

  /**
   * A Delete of one of these connectors whose answer was lost may still be carried out after we
   * registered it again (update, replace). If such a window is open, wait for it to pass, then
   * check every connector is still there. If one vanished, the JAR is registered again; the ones
   * it registered that are still there are removed first, since a connector type can be
   * registered only once.
   */
  private async survivesLateDelete(args: RegisterArgs, names: readonly string[], result: RegisterResult): Promise<RegisterResult> {
    const windows = names.map((n) => this.lost.takeLateDelete(connectorKey(args, n))).filter((u): u is number => u !== undefined);
    if (windows.length === 0) return result;
    const wait = Math.max(...windows) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    let still: readonly Connector[];
    try {
      still = (await this.list(args)).filter((c) => names.includes(c.name));
    } catch (e) {
      // Registered for certain, but whether the late Delete removed it again cannot be seen.
      throw new WriteFailure("unknown", e instanceof Error ? e : new Error(String(e)), result.attempts);
    }
    const vanished = names.filter((n) => !still.some((c) => c.name === n));
    if (vanished.length === 0) return result;
    this.log(
      `RegisterCustomConnector: ${vanished.join(", ")} vanished after it was registered (a ` +
        `Delete whose answer had been lost was carried out late); registering the JAR again`,
    );
    try {
      for (const c of still) await this.delete({ ...args, connectorName: c.name });
    } catch (e) {
      throw new WriteFailure("unknown", e instanceof Error ? e : new Error(String(e)), result.attempts);
    }
    const again = await this.register(args);
    return { ...again, attempts: result.attempts + again.attempts };
  }

  private writeDeps(): WriteDeps {
    return { retry: this.retry, lost: this.lost, onRetry: (n) => this.noteRetry(n), log: this.log };
  }

  private noteRetry(n: RetryNotice): void {
    this.log(retryLine(n));
  }
}
