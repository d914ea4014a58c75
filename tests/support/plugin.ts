import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { SECRET_SIG, SIG_KEY, secret } from "./envelope";

/**
 * Drives the native plugin `pulumi-resource-alicloud-flink` as the engine does: spawned with an
 * engine address, port read from its first stdout line, then `pulumirpc.ResourceProvider` calls
 * over gRPC. A small Engine service collects what the plugin logs. Values go in and come out as
 * the engine's (secret envelopes, the unknown sentinel).
 */

export { SECRET_SIG, SIG_KEY, UNKNOWN, secret } from "./envelope";
export const TYPE = "alicloud-flink:index:FlinkConnector";
export const UDF_TYPE = "alicloud-flink:index:FlinkUdfArtifact";

/* eslint-disable @typescript-eslint/no-explicit-any -- generated protobuf stubs are untyped JS */
type Any = any;
type Props = Record<string, unknown>;

export interface Failure {
  property: string;
  reason: string;
}

/** A failed call: its message, and the ErrorResourceInitFailed detail when the resource exists but failed. */
export class PluginCallError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly initFailed?: { id: string; properties: Props; reasons: string[]; inputs: Props },
  ) {
    super(message);
  }
}

/** A value with every secret envelope's content replaced: what is left must hold no secret. */
export function hideSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(hideSecrets);
  if (typeof v !== "object" || v === null) return v;
  if ((v as Props)[SIG_KEY] === SECRET_SIG) return "[secret envelope]";
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hideSecrets(x)]));
}

export class PluginDriver {
  /** The resource type the calls are about. */
  type: string = TYPE;
  /** Lines the plugin wrote to stderr, and messages it sent to the engine's Log. */
  readonly stderr: string[] = [];
  readonly engineLogs: string[] = [];
  /** The URN each engine log line was sent under ("" when none). */
  readonly engineLogUrns: string[] = [];
  /** Every reply (secret envelopes hidden) and error message, for leak checks. */
  readonly returned: unknown[] = [];
  private child!: ChildProcess;
  private client!: Any;
  private engine!: Any;
  private pb!: Any;
  private statusPb!: Any;
  private Struct!: Any;
  private empty!: Any;

  /**
   * @param entry how to start the plugin: a script node runs (the packed package's
   * dist/lib/plugin/main.js, or run-plugin with a plugin directory), or `{ executable }`.
   */
  constructor(
    private readonly cwd: string,
    private readonly entry: string | readonly string[] | { readonly executable: string },
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    const req = createRequire(join(this.cwd, "node_modules", "@pulumi", "pulumi", "package.json"));
    this.pb = req("./proto/provider_pb");
    this.statusPb = req("./proto/status_pb");
    const grpcPb = req("./proto/provider_grpc_pb");
    const engineGrpc = req("./proto/engine_grpc_pb");
    const grpc = req("@grpc/grpc-js");
    this.Struct = req("google-protobuf/google/protobuf/struct_pb").Struct;
    this.empty = req("google-protobuf/google/protobuf/empty_pb").Empty;

    this.engine = new grpc.Server();
    this.engine.addService(engineGrpc.EngineService, {
      log: (call: Any, cb: Any) => {
        this.engineLogs.push(call.request.getMessage());
        this.engineLogUrns.push(call.request.getUrn());
        cb(null, new this.empty());
      },
    });
    const enginePort = await new Promise<number>((res, rej) =>
      this.engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e: Error | null, p: number) => (e ? rej(e) : res(p))),
    );

    const env = {
      PATH: process.env.PATH ?? "",
      HOME: this.cwd,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
      ALICLOUD_FLINK_RATE_CACHE: "off",
      ...this.env,
    };
    // As the engine starts a plugin: flags first, its own address last.
    const flags = ["--logtostderr", "-v=3", `127.0.0.1:${enginePort}`];
    const [cmd, args] =
      typeof this.entry === "object" && "executable" in this.entry
        ? [this.entry.executable, flags]
        : [process.execPath, [...(typeof this.entry === "string" ? [this.entry] : this.entry), ...flags]];
    this.child = spawn(cmd, args, { cwd: this.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    createInterface({ input: this.child.stderr! }).on("line", (l) => this.stderr.push(l));
    const stdout = createInterface({ input: this.child.stdout! });
    const port = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`plugin did not start: ${this.stderr.join("\n")}`)), 20_000);
      stdout.once("line", (l) => {
        clearTimeout(t);
        resolve(l.trim());
      });
    });
    this.client = new grpcPb.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  async stop(): Promise<void> {
    this.client?.close();
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill();
      await exited;
    }
    this.engine?.forceShutdown();
  }

  /** Every log line, from both channels. */
  get logs(): string[] {
    return [...this.engineLogs, ...this.stderr];
  }

  private struct(o: Props): Any {
    return this.Struct.fromJavaScript(o);
  }

  private call<T>(method: string, request: Any): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, { deadline: new Date(Date.now() + 60_000) }, (err: Any, resp: T) => {
        if (!err) return resolve(resp);
        this.returned.push(err.message);
        const initFailed = this.initFailure(err);
        if (initFailed) this.returned.push(hideSecrets(initFailed));
        reject(new PluginCallError(err.details ?? err.message, err.code, initFailed));
      });
    });
  }

  private initFailure(err: Any): PluginCallError["initFailed"] {
    const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
    if (!raw) return undefined;
    const status = this.statusPb.Status.deserializeBinary(new Uint8Array(raw));
    for (const any of status.getDetailsList()) {
      const d = any.unpack(this.pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
      if (d)
        return {
          id: d.getId(),
          properties: d.getProperties()?.toJavaScript() ?? {},
          reasons: d.getReasonsList(),
          inputs: d.getInputs()?.toJavaScript() ?? {},
        };
    }
    return undefined;
  }

  async pluginInfo(): Promise<string> {
    return (await this.call<Any>("getPluginInfo", new this.empty())).getVersion();
  }

  async schema(): Promise<Props> {
    return this.seen(JSON.parse((await this.call<Any>("getSchema", new this.pb.GetSchemaRequest())).getSchema()) as Props);
  }

  async checkConfig(news: Props, olds: Props = {}): Promise<{ inputs: Props; failures: Failure[] }> {
    const r = new this.pb.CheckRequest()
      .setUrn("urn:pulumi:dev::p::pulumi:providers:alicloud-flink::default")
      .setOlds(this.struct(olds))
      .setNews(this.struct(news));
    return this.checkResult(await this.call("checkConfig", r));
  }

  async diffConfig(olds: Props, news: Props): Promise<{ changes: number; detailed: string[] }> {
    const r = new this.pb.DiffRequest()
      .setUrn("urn:pulumi:dev::p::pulumi:providers:alicloud-flink::default")
      .setOlds(this.struct(olds))
      .setNews(this.struct(news));
    const resp: Any = await this.call("diffConfig", r);
    return this.seen({ changes: resp.getChanges(), detailed: [...resp.getDetaileddiffMap().keys()] });
  }

  /** Configure as the engine does: every value as a string variable `alicloud-flink:config:<key>`, `args` typed with secrets in envelopes. */
  async configure(config: Props, secretKeys: readonly string[] = []): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const r = new this.pb.ConfigureRequest().setAcceptsecrets(true).setAcceptresources(true);
    const vars = r.getVariablesMap();
    const args: Props = {};
    for (const [k, v] of Object.entries(config)) {
      vars.set(`alicloud-flink:config:${k}`, typeof v === "string" ? v : JSON.stringify(v));
      args[k] = secretKeys.includes(k) ? secret(v) : v;
    }
    r.setArgs(this.struct(args));
    const resp: Any = await this.call("configure", r);
    return { acceptSecrets: resp.getAcceptsecrets(), supportsPreview: resp.getSupportspreview() };
  }

  private urn(name: string): string {
    return `urn:pulumi:dev::flink::${this.type}::${name}`;
  }

  private checkResult(resp: Any): { inputs: Props; failures: Failure[] } {
    return this.seen({
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp.getFailuresList().map((f: Any) => ({ property: f.getProperty(), reason: f.getReason() })),
    });
  }

  /** Records a reply for the leak checks. */
  private seen<T>(v: T): T {
    this.returned.push(hideSecrets(v));
    return v;
  }

  async check(name: string, news: Props, olds: Props = {}): Promise<{ inputs: Props; failures: Failure[] }> {
    const r = new this.pb.CheckRequest()
      .setUrn(this.urn(name))
      .setType(this.type)
      .setName(name)
      .setOlds(this.struct(olds))
      .setNews(this.struct(news));
    return this.checkResult(await this.call("check", r));
  }

  async diff(
    name: string,
    id: string,
    olds: Props,
    news: Props,
    oldInputs: Props = {},
  ): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean; detailed: Record<string, number> }> {
    const r = new this.pb.DiffRequest()
      .setUrn(this.urn(name))
      .setType(this.type)
      .setName(name)
      .setId(id)
      .setOlds(this.struct(olds))
      .setNews(this.struct(news))
      .setOldInputs(this.struct(oldInputs));
    const resp: Any = await this.call("diff", r);
    const detailed: Record<string, number> = {};
    resp.getDetaileddiffMap().forEach((v: Any, k: string) => (detailed[k] = v.getKind()));
    return this.seen({
      changes: resp.getChanges(),
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
      detailed,
    });
  }

  async create(name: string, inputs: Props, preview = false): Promise<{ id: string; properties: Props }> {
    const r = new this.pb.CreateRequest()
      .setUrn(this.urn(name))
      .setType(this.type)
      .setName(name)
      .setProperties(this.struct(inputs))
      .setPreview(preview);
    const resp: Any = await this.call("create", r);
    return this.seen({ id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} });
  }

  async read(
    name: string,
    id: string,
    properties: Props = {},
    inputs: Props = {},
  ): Promise<{ id: string; properties: Props; inputs: Props }> {
    const r = new this.pb.ReadRequest()
      .setUrn(this.urn(name))
      .setType(this.type)
      .setName(name)
      .setId(id)
      .setProperties(this.struct(properties))
      .setInputs(this.struct(inputs));
    const resp: Any = await this.call("read", r);
    return this.seen({
      id: resp.getId(),
      properties: resp.getProperties()?.toJavaScript() ?? {},
      inputs: resp.getInputs()?.toJavaScript() ?? {},
    });
  }

  async update(name: string, id: string, olds: Props, news: Props, oldInputs: Props = {}, preview = false): Promise<Props> {
    const r = new this.pb.UpdateRequest()
      .setUrn(this.urn(name))
      .setType(this.type)
      .setName(name)
      .setId(id)
      .setOlds(this.struct(olds))
      .setNews(this.struct(news))
      .setOldInputs(this.struct(oldInputs))
      .setPreview(preview);
    const resp: Any = await this.call("update", r);
    return this.seen(resp.getProperties()?.toJavaScript() ?? {});
  }

  async delete(name: string, id: string, properties: Props): Promise<void> {
    const r = new this.pb.DeleteRequest()
      .setUrn(this.urn(name))
      .setType(this.type)
      .setName(name)
      .setId(id)
      .setProperties(this.struct(properties));
    await this.call("delete", r);
  }

  async invoke(tok: string, args: Props): Promise<{ result: Props | undefined; failures: Failure[] }> {
    const r = new this.pb.InvokeRequest().setTok(tok).setArgs(this.struct(args));
    const resp: Any = await this.call("invoke", r);
    return this.seen({
      result: resp.getReturn()?.toJavaScript(),
      failures: resp.getFailuresList().map((f: Any) => ({ property: f.getProperty(), reason: f.getReason() })),
    });
  }

  async cancel(): Promise<void> {
    await this.call("cancel", new this.empty());
  }

  /** Whether Handshake is answered (UNIMPLEMENTED makes the engine fall back, which is allowed). */
  async handshake(): Promise<"unimplemented" | "answered"> {
    try {
      await this.call("handshake", new this.pb.ProviderHandshakeRequest());
      return "answered";
    } catch (e) {
      if ((e as PluginCallError).code === 12) return "unimplemented";
      throw e;
    }
  }
}

/** A stack's state as the engine keeps it for a native resource: id, inputs, outputs. */
export interface NativeState {
  id: string;
  inputs: Props;
  outputs: Props;
}

/** `pulumi up` of one resource through the plugin, in the engine's order: Check, then Create, or Diff and Update/replace. */
export async function nativeUp(
  p: PluginDriver,
  state: Map<string, NativeState>,
  name: string,
  news: Props,
): Promise<{ op: string; failures?: Failure[] }> {
  const old = state.get(name);
  const checked = await p.check(name, news, old?.inputs ?? {});
  if (checked.failures.length) return { op: "check-failed", failures: checked.failures };
  if (!old) {
    const r = await p.create(name, checked.inputs);
    state.set(name, { id: r.id, inputs: checked.inputs, outputs: r.properties });
    return { op: "create" };
  }
  const d = await p.diff(name, old.id, old.outputs, checked.inputs, old.inputs);
  if (d.changes !== 2) return { op: "same" };
  if (d.replaces.length) {
    await p.delete(name, old.id, old.outputs);
    const r = await p.create(name, checked.inputs);
    state.set(name, { id: r.id, inputs: checked.inputs, outputs: r.properties });
    return { op: "replace" };
  }
  const outputs = await p.update(name, old.id, old.outputs, checked.inputs, old.inputs);
  state.set(name, { id: old.id, inputs: checked.inputs, outputs });
  return { op: "update" };
}
