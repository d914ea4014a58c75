import { createHash } from "node:crypto";
import { UDF_ACTIONS, type Action, type UdfAction } from "./faults";
import type { UdfPlatform } from "./udf-platform";
import { materialize, type JarCatalog } from "./jar-catalog";
import type { ConnectorStore } from "./store";
import { BUILTIN_NAMES } from "./builtin-names";
import type { EmulatorKey } from "./types";
import { Uploads } from "./uploads";
import { envelopeError, envelopeOk, gatewayError, type AnswerStyle, type WireResponse } from "./wire-errors";

/** An API call the gateway let through: which operation, on what. */
export interface Call {
  readonly action: Action;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connectorName?: string;
  readonly jarUrl?: string;
  readonly fileName?: string;
  /** The query, decoded, and the JSON body (UDF artifacts take one). */
  readonly query?: ReadonlyMap<string, string>;
  readonly body?: unknown;
}

/** Where uploads go: the pre-signed URL and the `jarUrl` for a file name. */
export type Presigner = (workspaceId: string, namespaceName: string, fileName: string) => { preSignedUrl: string; jarUrl: string };

/**
 * The platform's rules for custom connectors: a JAR registers what it declares, each type once
 * per namespace; Delete removes a connector with its tables and reports them; List shows what
 * there is. Business errors come in Ververica's envelope.
 */
export class Platform {
  constructor(
    private readonly store: ConnectorStore,
    private readonly jars: JarCatalog,
    private readonly style: AnswerStyle,
    private readonly workspaces?: Readonly<Record<string, readonly string[]>>,
    private readonly builtinNames: "refuse" | "accept" = "refuse",
    private readonly presign?: Presigner,
    private readonly udfs?: UdfPlatform,
  ) {}

  async execute(call: Call, key: EmulatorKey): Promise<WireResponse> {
    const { workspaceId: ws, namespaceName: ns } = call;
    const scope = this.scopeError(ws, ns);
    if (scope) return scope;
    if ((UDF_ACTIONS as readonly string[]).includes(call.action)) {
      if (!this.udfs) return gatewayError(404, "InvalidApi.NotFound", "UDF artifacts are not served.");
      return this.udfs.execute(
        { ...call, action: call.action as UdfAction, pathName: call.connectorName, query: call.query ?? new Map() },
        key,
      );
    }
    switch (call.action) {
      case "ListCustomConnectors":
        return envelopeOk(this.store.list(ws, ns).map((r) => r.connector));
      case "DeleteCustomConnector": {
        const name = call.connectorName ?? "";
        const removed = this.store.remove(ws, ns, name);
        if (!removed) return envelopeError("connectorNotFound", `Connector ${name} does not exist in namespace ${ns}.`, this.style, name);
        return envelopeOk(removed.tables);
      }
      case "RegisterCustomConnector":
        return this.register(ws, ns, call.jarUrl, key);
      case "GetPreSignedUrlForPutObject": {
        const problem = Uploads.fileNameProblem(call.fileName);
        if (problem || !this.presign) return gatewayError(400, "InvalidParameter", problem ?? "Uploads are not served.");
        return envelopeOk(this.presign(ws, ns, call.fileName!));
      }
      case "PutObject":
      case "GetObject":
        return gatewayError(400, "InvalidAction", `${call.action} is OSS's, not the API's.`);
      default:
        return gatewayError(404, "InvalidApi.NotFound", `${call.action} is not served.`);
    }
  }

  private async register(ws: string, ns: string, jarUrl: string | undefined, key: EmulatorKey): Promise<WireResponse> {
    if (!jarUrl)
      return gatewayError(
        400,
        "MissingParameter",
        "The input parameter jarUrl that is mandatory for processing this request is not supplied.",
      );
    const outcome = await this.jars.resolve(jarUrl);
    if (!outcome.ok)
      return envelopeError(outcome.error === "unreachable" ? "jarUnreachable" : "jarInvalid", outcome.message, this.style, outcome.message);
    const user = accountOf(key);
    const existing = this.store.list(ws, ns).map((r) => r.connector);
    const made = outcome.connectors.map((spec) => materialize(spec, user));
    const builtin = this.builtinNames === "refuse" ? made.find((c) => BUILTIN_NAMES.has(c.name)) : undefined;
    if (builtin) {
      return envelopeError(
        "builtinName",
        `The connector ${builtin.name} has the name of a built-in connector. ` +
          `Rename the connector (its factory identifier) and package the JAR again.`,
        this.style,
        builtin.name,
      );
    }
    // Checked after the state is read and before it is written, with no await between: a Register is atomic.
    for (const c of made) {
      const clash = existing.find((e) => e.type === c.type || e.name === c.name);
      if (clash) {
        return envelopeError(
          "typeAlreadyRegistered",
          `A connector of type ${c.type} is already registered in namespace ${ns} ` +
            `(connector ${clash.name}). Each connector type can be registered only once.`,
          this.style,
          c.type,
        );
      }
    }
    for (const connector of made) this.store.put(ws, ns, { connector, jarUrl, tables: [] });
    return envelopeOk(made);
  }

  private scopeError(ws: string, ns: string): WireResponse | undefined {
    if (!this.workspaces) return undefined;
    const namespaces = this.workspaces[ws];
    if (!namespaces)
      return envelopeError("workspaceNotFound", `Workspace ${ws} does not exist or you have no access to it.`, this.style, ws);
    if (!namespaces.includes(ns))
      return envelopeError("namespaceNotFound", `Namespace ${ns} does not exist in workspace ${ws}.`, this.style, ns);
    return undefined;
  }
}

/**
 * Who the platform records as creator and modifier: an account user ID (16 digits, like Alibaba
 * Cloud's), never the AccessKey ID, which would otherwise end up in every user's stack state.
 * Stable per key, so that tests can tell users apart.
 */
export function accountOf(key: EmulatorKey): { id: string; name: string } {
  const digits = (BigInt(`0x${createHash("sha256").update(key.accessKeyId).digest("hex")}`) % 10n ** 15n).toString().padStart(15, "0");
  const id = key.userId ?? `2${digits}`;
  return { id, name: key.userName ?? `emulator-user-${id.slice(-4)}` };
}
