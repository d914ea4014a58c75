import { AsyncLocalStorage } from "node:async_hooks";
import * as grpc from "@grpc/grpc-js";
import { redact } from "../errors/redact";
import { NativeProvider, partialOf, type NativeDeps } from "./native-provider";
import { packageSchema } from "./schema";
import { changedSettings } from "./native-config";
import { scrub, unwrap, wrap, type Props } from "./values";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any --
   the SDK's generated protobuf stubs are CommonJS without usable types for a server */
type Any = any;
const providerPb: Any = require("@pulumi/pulumi/proto/provider_pb");
const providerGrpc: Any = require("@pulumi/pulumi/proto/provider_grpc_pb");
const pluginPb: Any = require("@pulumi/pulumi/proto/plugin_pb");
const statusPb: Any = require("@pulumi/pulumi/proto/status_pb");
const emptyPb: Any = require("google-protobuf/google/protobuf/empty_pb");
const structPb: Any = require("google-protobuf/google/protobuf/struct_pb");
const anyPb: Any = require("google-protobuf/google/protobuf/any_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * `pulumirpc.ResourceProvider` over gRPC: the engine's requests turned into plain values for
 * NativeProvider and its answers turned back, secrets unwrapped before and wrapped after, every
 * message scrubbed of secret text, a partial failure as ErrorResourceInitFailed.
 */

export interface ServerOptions extends Omit<NativeDeps, "log"> {
  readonly version: string;
  readonly pluginDownloadURL?: string;
  /** A progress line, with the URN of the request it was logged under (the engine shows it under that resource). */
  readonly log?: (line: string, urn?: string) => void;
}

/** What a request carried as secret: texts to blank from messages, top-level keys to wrap again. */
interface Secrets {
  readonly texts: string[];
  readonly keys: Set<string>;
  /** The inputs of a Create or Update, for a partial failure's ErrorResourceInitFailed. */
  inputs?: Props;
}

const toJs = (s: Any): Props => (s ? (s.toJavaScript() as Props) : {});
const struct = (o: Props): Any => structPb.Struct.fromJavaScript(o);

/** The resource type of a request: its `type`, or the last part of its URN's type (older engines). */
function typeOf(req: Any): string {
  const t = typeof req.getType === "function" ? req.getType() : "";
  if (t) return t;
  const parts = String(req.getUrn?.() ?? "").split("::");
  return parts.length >= 4 ? parts[2].split("$").pop()! : "";
}

function failuresList(failures: ReadonlyArray<{ property: string; reason: string }>, secrets: readonly string[]): Any[] {
  return failures.map((f) => {
    const cf = new providerPb.CheckFailure();
    cf.setProperty(f.property);
    cf.setReason(scrub(redact(f.reason), secrets));
    return cf;
  });
}

export function providerService(options: ServerOptions): { implementation: grpc.UntypedServiceImplementation; provider: NativeProvider } {
  let configSecrets: readonly string[] = [];
  let acceptSecrets = true;
  /** Every secret text any request carried: a progress line may quote one (a secret jarUrl). */
  const seen = new Set<string>();
  /** The URN of the request being served, so its progress lines show under its resource. */
  const requestUrn = new AsyncLocalStorage<string | undefined>();
  const log = (line: string): void => options.log?.(scrub(redact(line), [...configSecrets, ...seen]), requestUrn.getStore());
  const provider = new NativeProvider({ ...options, log });
  const schema = JSON.stringify(packageSchema(options));

  /** One unary call: the secrets of the request's bags are blanked from any error and wrapped in any answer. */
  const unary =
    (fn: (req: Any, ctx: Secrets) => Promise<Any>) =>
    (call: grpc.ServerUnaryCall<Any, Any>, callback: grpc.sendUnaryData<Any>): void => {
      const ctx: Secrets = { texts: [], keys: new Set() };
      const urn = typeof call.request.getUrn === "function" ? String(call.request.getUrn() || "") || undefined : undefined;
      requestUrn
        .run(urn, () => fn(call.request, ctx))
        .then(
          (resp) => callback(null, resp),
          (e: unknown) => callback(errorStatus(e, { texts: [...configSecrets, ...ctx.texts], keys: ctx.keys, inputs: ctx.inputs })),
        );
    };

  /** A property bag from the engine: plain values, its secret keys and texts noted. */
  const bag = (s: Any, ctx: Secrets): Props => {
    const u = unwrap(toJs(s));
    ctx.texts.push(...u.secretTexts);
    for (const t of u.secretTexts) seen.add(t);
    for (const k of u.secretKeys) ctx.keys.add(k);
    return u.value;
  };
  const out = (p: Props, ctx: Secrets): Any => struct(wrap(p, acceptSecrets ? ctx.keys : new Set()));

  const errorStatus = (e: unknown, ctx: Secrets): Partial<grpc.StatusObject> => {
    const secrets = ctx.texts;
    const message = scrub(redact(e instanceof Error ? e.message : String(e)), secrets);
    const partial = partialOf(e);
    if (!partial) return { code: grpc.status.UNKNOWN, details: message };
    const detail = new providerPb.ErrorResourceInitFailed();
    detail.setId(partial.id);
    detail.setProperties(struct(wrap(partial.properties, ctx.keys)));
    detail.setReasonsList(partial.reasons.map((r) => scrub(redact(r), secrets)));
    if (ctx.inputs) detail.setInputs(struct(wrap(partial.inputs, ctx.keys)));
    const any = new anyPb.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusPb.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.setDetailsList([any]);
    const metadata = new grpc.Metadata();
    metadata.set("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    return { code: grpc.status.UNKNOWN, details: message, metadata };
  };

  const diffResponse = (d: {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace: boolean;
    detailed: Record<string, "update" | "replace">;
  }): Any => {
    const r = new providerPb.DiffResponse();
    r.setChanges(d.changes ? providerPb.DiffResponse.DiffChanges.DIFF_SOME : providerPb.DiffResponse.DiffChanges.DIFF_NONE);
    r.setReplacesList(d.replaces);
    r.setDeletebeforereplace(d.deleteBeforeReplace);
    r.setHasdetaileddiff(true);
    const map = r.getDetaileddiffMap();
    for (const [k, kind] of Object.entries(d.detailed)) {
      const pd = new providerPb.PropertyDiff();
      pd.setKind(kind === "replace" ? providerPb.PropertyDiff.Kind.UPDATE_REPLACE : providerPb.PropertyDiff.Kind.UPDATE);
      pd.setInputdiff(true);
      map.set(k, pd);
    }
    return r;
  };

  const implementation: grpc.UntypedServiceImplementation = {
    getPluginInfo: unary(async () => new pluginPb.PluginInfo().setVersion(options.version)),
    getSchema: unary(async () => new providerPb.GetSchemaResponse().setSchema(schema)),
    checkConfig: unary(async (req, ctx) => {
      const news = bag(req.getNews(), ctx);
      return new providerPb.CheckResponse()
        .setInputs(req.getNews() ?? struct({}))
        .setFailuresList(failuresList(provider.checkConfig(news), [...configSecrets, ...ctx.texts]));
    }),
    diffConfig: unary(async (req, ctx) => {
      const changed = changedSettings(bag(req.getOlds(), ctx), bag(req.getNews(), ctx));
      return diffResponse({
        changes: changed.length > 0,
        replaces: [],
        deleteBeforeReplace: false,
        detailed: Object.fromEntries(changed.map((k) => [k, "update" as const])),
      });
    }),
    configure: unary(async (req, ctx) => {
      const args = bag(req.getArgs(), ctx);
      const variables: Record<string, string> = {};
      req.getVariablesMap().forEach((v: string, k: string) => (variables[k] = v));
      // Variables arrive without envelopes: every credential's text is a secret to blank.
      for (const k of ["accessKey", "secretKey", "securityToken"]) {
        const v = variables[`alicloud-flink:config:${k}`] ?? args[k];
        if (typeof v === "string" && v) {
          ctx.texts.push(v);
          seen.add(v);
        }
      }
      configSecrets = [...ctx.texts];
      acceptSecrets = req.getAcceptsecrets();
      await provider.configure(args, variables);
      return new providerPb.ConfigureResponse()
        .setAcceptsecrets(true)
        .setSupportspreview(true)
        .setAcceptresources(false)
        .setAcceptoutputs(false);
    }),
    check: unary(async (req, ctx) => {
      const r = await provider.check(typeOf(req), bag(req.getOlds(), ctx), bag(req.getNews(), ctx), String(req.getUrn?.() ?? ""));
      return new providerPb.CheckResponse()
        .setInputs(out(r.inputs, ctx))
        .setFailuresList(failuresList(r.failures, [...configSecrets, ...ctx.texts]));
    }),
    diff: unary(async (req, ctx) => {
      const olds = bag(req.getOlds(), ctx);
      const oldInputs = bag(req.getOldInputs(), ctx);
      return diffResponse(await provider.diff(olds, oldInputs, bag(req.getNews(), ctx), typeOf(req)));
    }),
    create: unary(async (req, ctx) => {
      ctx.inputs = bag(req.getProperties(), ctx);
      const r = await provider.create(typeOf(req), ctx.inputs, req.getPreview());
      return new providerPb.CreateResponse().setId(r.id).setProperties(out(r.properties, ctx));
    }),
    read: unary(async (req, ctx) => {
      const r = await provider.read(req.getId(), bag(req.getProperties(), ctx), bag(req.getInputs(), ctx), typeOf(req));
      const resp = new providerPb.ReadResponse().setId(r.id);
      return r.id ? resp.setProperties(out(r.properties, ctx)).setInputs(out(r.inputs, ctx)) : resp;
    }),
    update: unary(async (req, ctx) => {
      const olds = bag(req.getOlds(), ctx);
      const oldInputs = bag(req.getOldInputs(), ctx);
      ctx.inputs = bag(req.getNews(), ctx);
      const props = await provider.update(typeOf(req), req.getId(), olds, oldInputs, ctx.inputs, req.getPreview());
      return new providerPb.UpdateResponse().setProperties(out(props, ctx));
    }),
    delete: unary(async (req, ctx) => {
      await provider.delete(typeOf(req), req.getId(), bag(req.getProperties(), ctx));
      return new emptyPb.Empty();
    }),
    invoke: unary(async (req, ctx) => {
      const r = await provider.invoke(req.getTok(), bag(req.getArgs(), ctx));
      const resp = new providerPb.InvokeResponse().setFailuresList(failuresList(r.failures, [...configSecrets, ...ctx.texts]));
      return r.result ? resp.setReturn(out(r.result as unknown as Props, ctx)) : resp;
    }),
    cancel: unary(async () => new emptyPb.Empty()),
  };
  return { implementation, provider };
}

/** Starts the server on a loopback port; resolves to the port. */
export async function startServer(options: ServerOptions): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 64 * 1024 * 1024 });
  server.addService(providerGrpc.ResourceProviderService, providerService(options).implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port, server };
}
