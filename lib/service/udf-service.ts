import { inspect } from "node:util";
import { VervericaClient } from "../client/udf-client";
import { mergeTimeouts } from "../client/timeouts";
import { FlinkApiError } from "../errors/flink-api-error";
import type { NamespaceRef, UdfOperation } from "../model/connector";
import type { UdfApi, UdfArtifact, UdfArtifactRef, UdfArtifactSpec, UdfWriteAnswer } from "../model/udf";
import { LostAnswers } from "./lost-answers";
import { mergeWaitPolicy } from "./poll";
import { mergeRetryPolicy, type RetryPolicy } from "./retry-policy";
import { settledWrite, type WriteDeps } from "./settled-write";
import type { ServiceOptions } from "./types";
import { retryLine, withRetry, type RetryNotice } from "./with-retry";

/**
 * UDF artifacts and functions with the guarantees of the connector writes: every answer is a
 * fact; a write whose answer was lost is settled by looking (GetUdfArtifacts) before it is sent
 * again, never sent twice while it may still take effect; the business result is read from
 * `createSuccess`/`updateSuccess`/`deleteSuccess` as well as the envelope (a refusal there is
 * an answer, with the classes it names, not an error to retry). Rejects with a WriteFailure
 * saying whether a write may have taken effect.
 */

/** A write's settled result: done (by its answer, or seen by looking), or refused with the platform's answer. */
export type UdfWriteResult =
  | { readonly done: true; readonly artifact?: UdfArtifact; readonly via: "answer" | "list"; readonly attempts: number }
  | { readonly done: false; readonly answer: UdfWriteAnswer; readonly attempts: number };

export interface UdfServiceOptions extends ServiceOptions {
  readonly udfApi?: UdfApi;
}

export class FlinkUdfService {
  private readonly api: UdfApi;
  private readonly retry: RetryPolicy;
  private readonly lost: LostAnswers;
  private readonly log: (m: string) => void;
  private readonly counts = Object.fromEntries(
    (
      [
        "CreateUdfArtifact",
        "UpdateUdfArtifact",
        "DeleteUdfArtifact",
        "GetUdfArtifacts",
        "RegisterUdfFunction",
        "DeleteUdfFunction",
      ] as const
    ).map((o) => [o, 0]),
  ) as Record<UdfOperation, number>;

  constructor(options: UdfServiceOptions = {}) {
    this.api = options.udfApi ?? new VervericaClient(options);
    this.retry = mergeRetryPolicy(options.retry);
    this.lost = new LostAnswers(mergeWaitPolicy(options.waits), mergeTimeouts(options.timeouts));
    this.log = options.log ?? (() => undefined);
  }

  get apiCalls(): Record<UdfOperation, number> {
    return { ...this.counts };
  }

  [inspect.custom](): string {
    return `FlinkUdfService { calls: ${JSON.stringify(this.counts)} }`;
  }

  toJSON(): Record<string, unknown> {
    return { calls: this.apiCalls };
  }

  /** Every artifact of a namespace (one GetUdfArtifacts). */
  artifacts(ref: NamespaceRef): Promise<UdfArtifact[]> {
    return withRetry(
      () => {
        this.counts.GetUdfArtifacts += 1;
        return this.api.getUdfArtifacts(ref);
      },
      this.retry,
      (n) => this.noteRetry(n),
    );
  }

  /** One artifact by name, or undefined (GetUdfArtifacts filtered by name). */
  async artifact(ref: UdfArtifactRef): Promise<UdfArtifact | undefined> {
    const found = await withRetry(
      () => {
        this.counts.GetUdfArtifacts += 1;
        return this.api.getUdfArtifacts(ref, ref.udfArtifactName);
      },
      this.retry,
      (n) => this.noteRetry(n),
    );
    return found.find((a) => a.name === ref.udfArtifactName);
  }

  /** CreateUdfArtifact; after a lost answer, the artifact seen with this JAR is the create's effect. */
  create(ref: NamespaceRef, spec: UdfArtifactSpec): Promise<UdfWriteResult> {
    const at = { ...ref, udfArtifactName: spec.name };
    return this.write(
      "CreateUdfArtifact",
      () => this.api.createUdfArtifact(ref, spec),
      async () => {
        const a = await this.artifact(at);
        return a && a.jarUrl === spec.jarUrl ? a : undefined;
      },
    );
  }

  /** UpdateUdfArtifact; after a lost answer, the artifact seen modified since `was` with this JAR is its effect. */
  update(ref: NamespaceRef, spec: UdfArtifactSpec, was: UdfArtifact | undefined): Promise<UdfWriteResult> {
    const at = { ...ref, udfArtifactName: spec.name };
    return this.write(
      "UpdateUdfArtifact",
      () => this.api.updateUdfArtifact(ref, spec),
      async () => {
        const a = await this.artifact(at);
        return a && a.jarUrl === spec.jarUrl && (!was || a.modifiedAt > was.modifiedAt || was.jarUrl !== spec.jarUrl) ? a : undefined;
      },
    );
  }

  /** DeleteUdfArtifact; an artifact already gone is deleted (not-found after a lost answer is its effect). */
  async remove(ref: UdfArtifactRef): Promise<UdfWriteResult> {
    try {
      return await this.write(
        "DeleteUdfArtifact",
        () => this.api.deleteUdfArtifact(ref),
        async () => ((await this.artifact(ref)) ? undefined : ({} as UdfArtifact)),
      );
    } catch (e) {
      if (notFound(e)) return { done: true, via: "answer", attempts: 1 };
      throw e;
    }
  }

  /** RegisterUdfFunction; after a lost answer, the function seen on its class is its effect. */
  async registerFunction(ref: UdfArtifactRef, className: string, functionName: string): Promise<void> {
    const seen = async (): Promise<true | undefined> =>
      (await this.functionsOf(ref, className)).includes(functionName) ? true : undefined;
    await settledWrite(this.deps(), {
      operation: "RegisterUdfFunction",
      send: async () => {
        this.counts.RegisterUdfFunction += 1;
        await this.api.registerUdfFunction(ref, className, functionName);
        return { value: true, via: "answer" };
      },
      look: seen,
      lostLine: (e, until) => this.lostLine("RegisterUdfFunction", e, until, `function ${functionName}`),
      // A conflict after a lost answer may be our own earlier request: looking decides.
      rescue: async (e, ledger) => {
        if (!ledger.everLost || !FlinkApiError.isInstance(e) || e.kind !== "conflict") return undefined;
        return (await seen().catch(() => "unknown" as const)) === true ? { value: true, via: "list" } : undefined;
      },
    });
  }

  /** DeleteUdfFunction; a function already gone is deleted. */
  async deleteFunction(ref: UdfArtifactRef, className: string, functionName: string): Promise<void> {
    try {
      await settledWrite(this.deps(), {
        operation: "DeleteUdfFunction",
        send: async () => {
          this.counts.DeleteUdfFunction += 1;
          await this.api.deleteUdfFunction(ref, className, functionName);
          return { value: true, via: "answer" };
        },
        look: async () => ((await this.functionsOf(ref, className)).includes(functionName) ? undefined : true),
        lostLine: (e, until) => this.lostLine("DeleteUdfFunction", e, until, `function ${functionName}`),
      });
    } catch (e) {
      if (!notFound(e)) throw e;
    }
  }

  private async functionsOf(ref: UdfArtifactRef, className: string): Promise<readonly string[]> {
    return (await this.artifact(ref))?.udfClasses.find((c) => c.className === className)?.functionNames ?? [];
  }

  /** One artifact write to its settled result; a business refusal (`*Success: false`) is a result, not retried. */
  private async write(
    operation: "CreateUdfArtifact" | "UpdateUdfArtifact" | "DeleteUdfArtifact",
    send: () => Promise<UdfWriteAnswer>,
    look: () => Promise<UdfArtifact | undefined>,
  ): Promise<UdfWriteResult> {
    const r = await settledWrite<UdfWriteResult>(this.deps(), {
      operation,
      send: async (ledger) => {
        this.counts[operation] += 1;
        const answer = await send();
        if (!answer.success) return { value: { done: false, answer, attempts: ledger.attempts }, via: "answer" };
        return {
          value: { done: true, ...(answer.artifact ? { artifact: answer.artifact } : {}), via: "answer", attempts: ledger.attempts },
          via: "answer",
        };
      },
      look: async () => {
        const a = await look();
        return a ? { done: true, ...(a.name ? { artifact: a } : {}), via: "list", attempts: 0 } : undefined;
      },
      lostLine: (e, until) => this.lostLine(operation, e, until, "the artifact"),
    });
    if (r.via === "list") this.log(`${operation}: its effect was seen on the platform after an answer was lost; not sending it again`);
    return { ...r.value, attempts: r.attempts };
  }

  private lostLine(operation: string, e: FlinkApiError, until: number, what: string): string {
    const wait = Math.ceil((until - Date.now()) / 1000);
    return `${operation}: the answer was lost (${e.code}); waiting up to ${wait} s for ${what} to show before sending again`;
  }

  private deps(): WriteDeps {
    return { retry: this.retry, lost: this.lost, onRetry: (n) => this.noteRetry(n), log: this.log };
  }

  private noteRetry(n: RetryNotice): void {
    this.log(retryLine(n));
  }
}

const notFound = (e: unknown): boolean =>
  FlinkApiError.isInstance(e)
    ? e.kind === "not-found"
    : e instanceof Error && FlinkApiError.isInstance(e.cause) && e.cause.kind === "not-found";
