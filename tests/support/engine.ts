import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { SECRET_SIG, SIG_KEY } from "./envelope";

/**
 * Drives the real @pulumi/pulumi dynamic-provider host over gRPC, as the engine does, and keeps
 * a JSON state between steps so a test reads like a stack's history.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf stubs are untyped JS */
type Any = any;

export interface ResourceState {
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Set when a create or update failed partially (ErrorResourceInitFailed): the engine then forces an update on the next up. */
  initErrors?: string[];
}

export type StepOp = "create" | "update" | "replace" | "same" | "delete" | "refresh" | "gone" | "check-failed" | "preview";

export interface StepReport {
  readonly op: StepOp;
  readonly name: string;
  readonly error?: string;
  readonly failures?: Array<{ property: string; reason: string }>;
  readonly detail?: string;
}

export class EngineDriver {
  readonly logs: string[] = [];
  /** Every property bag and error message the host returned, for leak assertions. */
  readonly returned: unknown[] = [];
  private child!: ChildProcess;
  private client!: Any;
  private proto!: Any;
  private statusProto!: Any;
  private Struct!: Any;
  private grpc!: Any;

  /**
   * @param state the stack's state; pass the previous driver's to run the next command in a
   * new host process, as the engine starts one per `pulumi` command.
   */
  constructor(
    private readonly cwd: string,
    private readonly project: string,
    readonly state = new Map<string, ResourceState>(),
    /** Environment the host gets beyond the hermetic minimum (e.g. credentials for a live run). */
    private readonly extraEnv: Record<string, string> = {},
    /** Arguments for node before the host's script (e.g. bench instrumentation). */
    private readonly nodeArgs: readonly string[] = [],
  ) {}

  async start(): Promise<void> {
    const req = createRequire(join(this.cwd, "node_modules", "@pulumi", "pulumi", "package.json"));
    this.proto = req("./proto/provider_pb");
    this.statusProto = req("./proto/status_pb");
    const grpcPb = req("./proto/provider_grpc_pb");
    this.grpc = req("@grpc/grpc-js");
    this.Struct = req("google-protobuf/google/protobuf/struct_pb").Struct;
    const host = req.resolve("./cmd/dynamic-provider/index.js");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      PULUMI_NODEJS_PROJECT: this.project,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
      HOME: this.cwd,
      ...this.extraEnv,
    };
    this.child = spawn(process.execPath, [...this.nodeArgs, host, "127.0.0.1:1"], {
      cwd: this.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout = createInterface({ input: this.child.stdout! });
    createInterface({ input: this.child.stderr! }).on("line", (l) => this.logs.push(l));
    const port = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`provider host did not start: ${this.logs.join("\n")}`)), 20_000);
      stdout.once("line", (l) => {
        clearTimeout(t);
        resolve(l.trim());
      });
    });
    stdout.on("line", (l) => this.logs.push(l));
    this.client = new grpcPb.ResourceProviderClient(`127.0.0.1:${port}`, this.grpc.credentials.createInsecure());
  }

  /** The provider host's process id, while it runs (for memory measurements). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async stop(): Promise<void> {
    this.client?.close();
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill();
      await exited;
    }
  }

  private call<T>(method: string, request: Any): Promise<T> {
    return new Promise((resolve, reject) => {
      const deadline = new Date(Date.now() + 60_000);
      this.client[method](request, { deadline }, (err: Error | null, resp: T) => {
        if (err) this.returned.push(err.message);
        return err ? reject(err) : resolve(resp);
      });
    });
  }

  /**
   * The ErrorResourceInitFailed detail of a failed create/update, if any: the engine records
   * such a resource with this id and these properties (it exists but failed to initialize).
   */
  private initFailure(err: unknown): { id: string; properties: Record<string, unknown> } | undefined {
    const md = (err as { metadata?: { get(k: string): unknown[] } }).metadata;
    const raw = md?.get("grpc-status-details-bin")?.[0];
    if (!raw) return undefined;
    const status = this.statusProto.Status.deserializeBinary(new Uint8Array(raw as Buffer));
    for (const any of status.getDetailsList()) {
      const detail = any.unpack(this.proto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
      if (detail) {
        const properties = detail.getProperties()?.toJavaScript() ?? {};
        this.returned.push(properties);
        return { id: detail.getId(), properties };
      }
    }
    return undefined;
  }

  /**
   * A create or update that failed partially (ErrorResourceInitFailed): the engine records the
   * id and properties it reports, with init errors, so that the next `up` updates it.
   */
  private recordPartial(name: string, inputs: Record<string, unknown>, e: unknown, knownId: string): void {
    const partial = this.initFailure(e);
    if (partial)
      this.state.set(name, { id: partial.id || knownId, inputs, outputs: partial.properties, initErrors: [(e as Error).message] });
  }

  private struct(o: Record<string, unknown>): Any {
    return this.Struct.fromJavaScript(o);
  }

  /** Configure with the whole stack config; `secretKeys` go in the secret envelope. */
  async configure(config: Record<string, string>, secretKeys: string[] = []): Promise<void> {
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) args[k] = secretKeys.includes(k) ? { [SIG_KEY]: SECRET_SIG, value: v } : v;
    const r = new this.proto.ConfigureRequest();
    r.setArgs(this.struct(args));
    await this.call("configure", r);
  }

  private urn(name: string): string {
    return `urn:pulumi:dev::${this.project}::pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector::${name}`;
  }

  async check(
    name: string,
    news: Record<string, unknown>,
  ): Promise<{ inputs: Record<string, unknown>; failures: Array<{ property: string; reason: string }> }> {
    const r = new this.proto.CheckRequest();
    r.setUrn(this.urn(name));
    r.setOlds(this.struct(this.state.get(name)?.inputs ?? {}));
    r.setNews(this.struct(news));
    const resp: Any = await this.call("check", r);
    return {
      inputs: resp.getInputs().toJavaScript(),
      failures: resp.getFailuresList().map((f: Any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** A request about a resource the stack has: its id and URN set; the state alongside. */
  private aboutExisting(Request: Any, name: string): { r: Any; s: ResourceState } {
    const s = this.state.get(name);
    if (!s) throw new Error(`${name} is not in the stack's state`);
    const r = new Request();
    r.setId(s.id);
    r.setUrn(this.urn(name));
    return { r, s };
  }

  async diff(name: string, news: Record<string, unknown>): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean }> {
    const { r, s } = this.aboutExisting(this.proto.DiffRequest, name);
    r.setOlds(this.struct(s.outputs));
    r.setNews(this.struct(news));
    const resp: Any = await this.call("diff", r);
    return { changes: resp.getChanges(), replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
  }

  private async create(name: string, inputs: Record<string, unknown>): Promise<void> {
    const r = new this.proto.CreateRequest();
    r.setUrn(this.urn(name));
    r.setProperties(this.struct(inputs));
    let resp: Any;
    try {
      resp = await this.call("create", r);
    } catch (e) {
      this.recordPartial(name, inputs, e, "");
      throw e;
    }
    const outputs = resp.getProperties().toJavaScript();
    this.returned.push(outputs);
    this.state.set(name, { id: resp.getId(), inputs, outputs });
  }

  private async update(name: string, inputs: Record<string, unknown>): Promise<void> {
    const { r, s } = this.aboutExisting(this.proto.UpdateRequest, name);
    r.setOlds(this.struct(s.outputs));
    r.setNews(this.struct(inputs));
    let resp: Any;
    try {
      resp = await this.call("update", r);
    } catch (e) {
      this.recordPartial(name, inputs, e, s.id);
      throw e;
    }
    const outputs = resp.getProperties().toJavaScript();
    this.returned.push(outputs);
    this.state.set(name, { id: s.id, inputs, outputs });
  }

  private async deleteResource(name: string): Promise<void> {
    const { r, s } = this.aboutExisting(this.proto.DeleteRequest, name);
    r.setProperties(this.struct(s.outputs));
    await this.call("delete", r);
    this.state.delete(name);
  }

  /** `pulumi preview` for one resource: check, and diff when it exists. Writes nothing. */
  async preview(name: string, news: Record<string, unknown>): Promise<StepReport> {
    const c = await this.check(name, news);
    if (c.failures.length) return { op: "check-failed", name, failures: c.failures };
    if (!this.state.has(name)) return { op: "create", name, detail: "would create" };
    const d = await this.diff(name, c.inputs);
    return { op: d.changes !== 2 ? "same" : d.replaces.length ? "replace" : "update", name, detail: d.replaces.join(",") };
  }

  /** `pulumi up` for one resource, as the engine sequences it. */
  async up(name: string, news: Record<string, unknown>): Promise<StepReport> {
    try {
      const c = await this.check(name, news);
      if (c.failures.length) return { op: "check-failed", name, failures: c.failures };
      if (!this.state.has(name)) {
        await this.create(name, c.inputs);
        return { op: "create", name };
      }
      const d = await this.diff(name, c.inputs);
      // A resource with init errors is always updated (the engine's applyReplaceOnChanges).
      if (d.changes !== 2 && !this.state.get(name)?.initErrors?.length) return { op: "same", name };
      if (d.replaces.length) {
        if (d.deleteBeforeReplace) {
          await this.deleteResource(name);
          await this.create(name, c.inputs);
        } else {
          const old = this.state.get(name)!;
          await this.create(name, c.inputs);
          const created = this.state.get(name)!;
          this.state.set(name, old);
          await this.deleteResource(name);
          this.state.set(name, created);
        }
        return { op: "replace", name, detail: d.replaces.join(",") };
      }
      await this.update(name, c.inputs);
      return { op: "update", name };
    } catch (e) {
      return { op: "update", name, error: (e as Error).message };
    }
  }

  /** `pulumi refresh` for one resource. */
  async refresh(name: string): Promise<StepReport> {
    const { r, s } = this.aboutExisting(this.proto.ReadRequest, name);
    r.setProperties(this.struct(s.outputs));
    r.setInputs(this.struct(s.inputs));
    const resp: Any = await this.call("read", r);
    if (!resp.getId()) {
      this.state.delete(name);
      return { op: "gone", name };
    }
    const outputs = resp.getProperties().toJavaScript();
    this.returned.push(outputs);
    const inputs = resp.getInputs() ? resp.getInputs().toJavaScript() : s.inputs;
    this.state.set(name, { id: resp.getId(), inputs, outputs });
    return { op: "refresh", name };
  }

  /** `pulumi destroy` for one resource. */
  async destroy(name: string): Promise<StepReport> {
    await this.deleteResource(name);
    return { op: "delete", name };
  }
}

/** One step of a `pulumi` command, for `runCommand`. */
export type CommandStep =
  | { readonly kind: "up"; readonly name: string; readonly inputs: Record<string, unknown> }
  | { readonly kind: "refresh" | "destroy"; readonly name: string };

/** What one step of a command came to: its report, or the error the host answered with. */
export interface StepOutcome {
  readonly step: CommandStep;
  readonly report?: StepReport;
  readonly error?: string;
}

/**
 * One `pulumi` command as the engine runs it: a new provider host, Configure with the stack
 * config (`secretKeys` in the secret envelope), then the steps, `parallel` at a time; the state
 * is carried in and out through `state`.
 */
export async function runCommand(opts: {
  readonly cwd: string;
  readonly project: string;
  readonly state: Map<string, ResourceState>;
  readonly config: Record<string, string>;
  readonly secretKeys?: string[];
  readonly steps: readonly CommandStep[];
  readonly parallel: number;
  /** Called once the host is configured, before the first step (e.g. to clear request logs). */
  readonly beforeSteps?: () => void;
  /** More environment for the host. */
  readonly env?: Record<string, string>;
}): Promise<{ outcomes: StepOutcome[]; logs: string[] }> {
  const engine = new EngineDriver(opts.cwd, opts.project, opts.state, opts.env);
  await engine.start();
  try {
    await engine.configure(opts.config, opts.secretKeys ?? []);
    opts.beforeSteps?.();
    const queue = [...opts.steps];
    const outcomes: StepOutcome[] = [];
    const worker = async (): Promise<void> => {
      for (let step = queue.shift(); step; step = queue.shift()) {
        try {
          const report =
            step.kind === "up"
              ? await engine.up(step.name, step.inputs)
              : step.kind === "refresh"
                ? await engine.refresh(step.name)
                : await engine.destroy(step.name);
          outcomes.push(report.error ? { step, report, error: report.error } : { step, report });
        } catch (e) {
          outcomes.push({ step, error: e instanceof Error ? e.message : String(e) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel, opts.steps.length)) }, worker));
    return { outcomes, logs: engine.logs };
  } finally {
    await engine.stop();
  }
}
