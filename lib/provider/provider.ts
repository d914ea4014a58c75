import { inspect } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { ServiceCache } from "../config/services";
import { configFromEnv, serviceOptionsFrom, type ConfigGetter } from "../config/settings";
import { FlinkApiError } from "../errors/flink-api-error";
import { ConnectorOperationError, UNMANAGED_CONNECTOR_EXISTS, withPartialState, type OperationFacts, type Presence } from "../errors/operation-error";
import { redact } from "../errors/redact";
import { WriteFailure } from "../errors/write-failure";
import type { Connector } from "../model/connector";
import { formatId, parseId, type ConnectorId } from "../model/id";
import type { FlinkConnectorService, ServiceOptions } from "../service/connector-service";
import { asInputs, checkInputs } from "./check";
import { diffInputs } from "./diff";
import { inputsOf, toOutputs } from "./outputs";
import { UPDATE_KEYS, type FlinkConnectorInputs, type FlinkConnectorOutputs } from "./types";

type Props = Record<string, unknown>;

/** What the provider needs from the outside world; defaults are the real thing. */
export interface ProviderDeps {
  /** Builds the service for resolved options. A seam for lifecycle tests. */
  readonly serviceFor?: (options: ServiceOptions) => FlinkConnectorService;
  /** The environment, read at call time. */
  readonly env?: () => Record<string, string | undefined>;
  /** Where progress lines go (stderr by default). */
  readonly log?: (line: string) => void;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));
/** The API error under a failure, if there is one. */
const apiErrorOf = (e: unknown): FlinkApiError | undefined => {
  const inner = WriteFailure.isInstance(e) ? e.cause : e;
  return FlinkApiError.isInstance(inner) ? inner : undefined;
};
/** What a failed write proved: nothing changed, or an answer was lost. */
const effect = (e: unknown): Presence => (WriteFailure.isInstance(e) && e.applied === "unknown" ? "unknown" : "absent");

/** Every plain error this provider raises goes through here: a jarUrl may be a pre-signed URL. */
const failure = (message: string): Error => new Error(redact(message));

/** Facts about a failure, with the cause's message and code filled in. */
function facts(f: Omit<OperationFacts, "cause" | "causeCode" | "causeKind">, cause: unknown): OperationFacts {
  const api = apiErrorOf(cause);
  return { ...f, cause: describe(cause), ...(api ? { causeCode: api.code, causeKind: api.kind } : {}) };
}

/**
 * The FlinkConnector lifecycle for Pulumi's dynamic-provider host. Holds no credentials in any
 * field that is serialized: settings are read in `configure` and at call time, in the host.
 *
 * Every answer is kept as a fact: a create returns what Register answered; an update is Delete
 * then Register; a failure says exactly what is on the platform now (ConnectorOperationError),
 * and when a connector may exist the error carries its id so Pulumi keeps tracking it.
 */
export class FlinkConnectorProvider implements pulumi.dynamic.ResourceProvider<FlinkConnectorInputs, FlinkConnectorOutputs> {
  private config: ConfigGetter | undefined;
  private readonly services: ServiceCache;

  constructor(private readonly deps: ProviderDeps = {}) {
    this.services = new ServiceCache(deps.serviceFor);
  }

  /** Never shows configuration or credentials, whatever prints this object. */
  [inspect.custom](): string {
    return "FlinkConnectorProvider {}";
  }

  toJSON(): Record<string, never> {
    return {};
  }

  /** Receives the whole stack config from the engine (secrets decrypted); kept in the host only. */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.config = (key) => req.config.get(key);
  }

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkInputs(news);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return diffInputs(olds, news);
  }

  async create(raw: Props): Promise<pulumi.dynamic.CreateResult<FlinkConnectorOutputs>> {
    const inputs = asInputs(raw);
    const ref: ConnectorId = inputs;
    const id = formatId(ref);
    const base = { operation: "create", connectorId: id } as const;
    const svc = this.service();
    const existing = await svc.mayExist(ref).catch((e: unknown) => {
      throw new ConnectorOperationError(facts({ ...base, phase: "check-existing", newConnector: "absent" }, e));
    });
    if (existing) return this.takeOver(inputs, existing);
    try {
      const mine = await this.registerExpecting(inputs, raw, base, "register");
      return { id, outs: toOutputs(inputs, mine) };
    } catch (e) {
      // Refused because the type is registered: if it is a connector of this name (created since
      // the check looked), it is an existing connector like any other.
      if (!(ConnectorOperationError.isInstance(e) && e.facts.newConnector === "absent" && e.facts.causeKind === "conflict")) throw e;
      const found = await svc.get(ref).catch(() => undefined);
      if (!found) throw e;
      return this.takeOver(inputs, found);
    }
  }

  /** Create over a connector that already exists: refused, unless `adoptExisting` says take it. */
  private takeOver(inputs: FlinkConnectorInputs, existing: Connector): pulumi.dynamic.CreateResult<FlinkConnectorOutputs> {
    const id = formatId(inputs);
    if (!inputs.adoptExisting) {
      throw new ConnectorOperationError({
        operation: "create",
        connectorId: id,
        phase: "check-existing",
        oldConnector: "present",
        newConnector: "absent",
        causeCode: UNMANAGED_CONNECTOR_EXISTS,
        cause: `Connector "${inputs.connectorName}" already exists in namespace "${inputs.namespaceName}" of workspace "${inputs.workspaceId}", and this stack does not manage it.`,
      });
    }
    this.log(`adopted existing connector ${id}`);
    return { id, outs: toOutputs(inputs, existing) };
  }

  async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<FlinkConnectorOutputs>> {
    const ref = parseId(id);
    if ("error" in ref) throw failure(ref.error);
    const found = await this.service().get(ref);
    if (!found) return { id: "" }; // gone: the engine drops it from the state
    const inputs = { ...inputsOf(props ?? {}), ...ref };
    return { id, props: toOutputs(inputs, found), inputs: inputsForState(inputs) };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<FlinkConnectorOutputs>> {
    const before = inputsOf(olds);
    const after = asInputs(news);
    const base = { operation: "update", connectorId: id } as const;
    if (UPDATE_KEYS.every((k) => (before[k] ?? "") === (after[k] ?? ""))) return this.reconcile(after, news, base);
    const svc = this.service();
    this.log(`updating ${id}: removing the registration of ${before.jarUrl}, then registering ${after.jarUrl}`);
    try {
      await svc.delete(after);
    } catch (e) {
      if (effect(e) === "absent") {
        throw new ConnectorOperationError(facts({ ...base, phase: "delete-old", oldConnector: "present", newConnector: "absent" }, e));
      }
      // It may be gone: report a partial failure, so the engine retries this update on the next
      // `up` even if nothing else changes (an unchanged update then reconciles).
      const error = new ConnectorOperationError(facts({ ...base, phase: "delete-old", oldConnector: "unknown", newConnector: "absent" }, e));
      throw withPartialState(error, id, { ...olds });
    }
    try {
      const mine = await this.registerExpecting(after, news, base, "register-new");
      return { outs: toOutputs(after, mine) };
    } catch (registerError) {
      const f = ConnectorOperationError.isInstance(registerError) ? registerError.facts : undefined;
      // Only a registration that certainly left nothing behind may be undone by registering the old JAR.
      if (!f || f.newConnector !== "absent") throw registerError;
      this.log(`registering ${after.jarUrl} failed; registering the previous JAR ${before.jarUrl} again`);
      let restored: Connector | undefined;
      try {
        const r = await svc.register({ ...before, expectedName: before.connectorName });
        restored = r.connectors.find((c) => c.name === before.connectorName);
      } catch (restoreError) {
        // Refused because the type is registered: a connector of this name from a JAR we cannot
        // tell (a late registration, someone else's) means nothing about either is certain.
        const clash =
          effect(restoreError) !== "unknown" && apiErrorOf(restoreError)?.kind === "conflict" && (await svc.get(before).catch(() => "unseen" as const)) !== undefined;
        const unknown = clash || effect(restoreError) === "unknown";
        const error = new ConnectorOperationError({
          ...f,
          ...(clash ? { newConnector: "unknown" as const } : {}),
          oldConnector: unknown ? "unknown" : "absent",
          restored: unknown ? "unknown" : false,
          restoreCause: describe(restoreError),
        });
        // The state must not claim a connector the platform does not have for sure.
        throw withPartialState(error, id, { ...toOutputs(before, undefined), __provider: olds.__provider });
      }
      const error = new ConnectorOperationError({ ...f, oldConnector: restored ? "present" : "unknown", restored: true });
      throw withPartialState(error, id, { ...toOutputs(before, restored), __provider: olds.__provider });
    }
  }

  async delete(id: string, props?: Props): Promise<void> {
    const parsed = parseId(id);
    const ref = "error" in parsed ? inputsOf(props ?? {}) : parsed;
    if (!ref.workspaceId || !ref.namespaceName || !ref.connectorName) throw failure((parsed as { error: string }).error);
    try {
      await this.service().delete(ref);
    } catch (e) {
      throw new ConnectorOperationError(facts({ operation: "delete", connectorId: id, phase: "delete", oldConnector: effect(e) === "unknown" ? "unknown" : "present" }, e));
    }
  }

  /**
   * An update whose inputs did not change: the engine asks for one after a partial failure
   * (the resource has init errors). Make the platform match the inputs: keep the connector if
   * it is there, register it if it is not.
   */
  private async reconcile(inputs: FlinkConnectorInputs, raw: Props, base: { operation: "update"; connectorId: string }): Promise<pulumi.dynamic.UpdateResult<FlinkConnectorOutputs>> {
    let found: Connector | undefined;
    try {
      found = await this.service().get(inputs);
    } catch (e) {
      throw new ConnectorOperationError(facts({ ...base, phase: "check-existing", newConnector: "unknown" }, e));
    }
    if (found) return { outs: toOutputs(inputs, found) };
    this.log(`${base.connectorId} is not on the platform; registering ${inputs.jarUrl}`);
    return { outs: toOutputs(inputs, await this.registerExpecting(inputs, raw, base, "register")) };
  }

  /**
   * Registers `inputs.jarUrl` and checks that it yielded exactly the connector named
   * `inputs.connectorName`. Anything else is removed again; what cannot be removed is reported.
   * Failures are ConnectorOperationErrors; a connector that may exist is reported with its id.
   */
  private async registerExpecting(
    inputs: FlinkConnectorInputs,
    raw: Props,
    base: { operation: "create" | "update"; connectorId: string },
    phase: "register" | "register-new",
  ): Promise<Connector> {
    const svc = this.service();
    const id = base.connectorId;
    const old = base.operation === "update" && phase === "register-new" ? ({ oldConnector: "absent" } as const) : {};
    const tracked = (c: Connector | undefined): Props => ({ ...toOutputs(inputs, c), __provider: raw.__provider });
    let registered: readonly Connector[];
    this.log(`registering ${inputs.jarUrl} as ${id} (the platform downloads and parses the JAR)`);
    try {
      registered = (await svc.register({ ...inputs, expectedName: inputs.connectorName })).connectors;
    } catch (e) {
      const presence = effect(e);
      const error = new ConnectorOperationError(facts({ ...base, phase, ...old, newConnector: presence, jarUrl: inputs.jarUrl }, e));
      // The platform may have it: keep it tracked so that refresh, up and destroy can reach it.
      throw presence === "unknown" ? withPartialState(error, id, tracked(undefined)) : error;
    }
    const mine = registered.find((c) => c.name === inputs.connectorName);
    const others = registered.filter((c) => c.name !== inputs.connectorName);
    if (mine && others.length === 0) return mine;

    const leftovers: string[] = [];
    let mineLeft = false;
    for (const c of registered) {
      try {
        await svc.delete({ ...inputs, connectorName: c.name });
      } catch (e) {
        leftovers.push(`${c.name} (${describe(e)})`);
        if (c === mine) mineLeft = true;
      }
    }
    const names = registered.map((c) => `"${c.name}"`).join(", ") || "no connector";
    const why =
      mine === undefined
        ? `The JAR registers ${names}, not "${inputs.connectorName}". Set connectorName to the name the JAR declares.`
        : `The JAR registers several connectors (${names}); one FlinkConnector manages exactly one connector.`;
    const cleanup = leftovers.length === 0 ? " What it registered was removed again." : ` These could not be removed and must be deleted in the Flink console: ${leftovers.join("; ")}.`;
    const error = new ConnectorOperationError({
      ...base,
      phase: "verify-name",
      ...old,
      newConnector: mineLeft ? "present" : "absent",
      jarUrl: inputs.jarUrl,
      cause: why + cleanup,
    });
    throw mineLeft ? withPartialState(error, id, tracked(mine)) : error;
  }

  private service(): FlinkConnectorService {
    const env = this.deps.env?.() ?? process.env;
    return this.services.get({ ...serviceOptionsFrom(this.config ?? configFromEnv(env), env), log: (m: string) => this.log(m) });
  }

  private log(line: string): void {
    const write = this.deps.log ?? ((l: string) => console.error(l));
    write(`[alicloud-flink] ${redact(line)}`);
  }
}

function inputsForState(i: FlinkConnectorInputs): FlinkConnectorOutputs {
  // ReadResult.inputs is typed as Outputs in the SDK; only the input keys are meaningful.
  return { ...i } as unknown as FlinkConnectorOutputs;
}

