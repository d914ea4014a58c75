import type * as pulumi from "@pulumi/pulumi";
import type { Connector } from "../client/types";
import { FlinkApiError } from "../errors/flink-api-error";
import { redact } from "../errors/redact";
import { WaitTimeoutError } from "../errors/wait-timeout-error";
import { FlinkConnectorService, type ServiceOptions } from "../service/connector-service";
import { asInputs, checkInputs } from "./check";
import { diffInputs } from "./diff";
import { formatId, parseId, type ConnectorId } from "./id";
import { inputsOf, toOutputs } from "./outputs";
import { configFromEnv, fingerprint, serviceOptionsFrom, type ConfigGetter } from "./settings";
import type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./types";

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

/**
 * An error Pulumi's dynamic-provider host turns into "created/updated but failed to
 * initialize": the resource is recorded with `id` and `properties`, so it stays managed.
 */
export function partialFailure(message: string, id: string, properties: Props): Error {
  const safe = redact(message);
  return Object.assign(new Error(safe), { id, properties, reasons: [safe] });
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Every error this provider raises goes through here: a jarUrl may be a pre-signed URL. */
const failure = (message: string): Error => new Error(redact(message));

/**
 * The FlinkConnector lifecycle for Pulumi's dynamic-provider host. Holds no credentials in any
 * field that is serialized: settings are read in `configure` and at call time, in the host.
 */
export class FlinkConnectorProvider implements pulumi.dynamic.ResourceProvider<FlinkConnectorInputs, FlinkConnectorOutputs> {
  private config: ConfigGetter | undefined;
  private memo: { key: string; service: FlinkConnectorService } | undefined;

  constructor(private readonly deps: ProviderDeps = {}) {}

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
    const svc = this.service();
    const existing = await svc.get(ref, { fresh: true });
    if (existing) {
      if (!inputs.adoptExisting) {
        throw failure(
          `Connector "${inputs.connectorName}" already exists in namespace "${inputs.namespaceName}" of workspace "${inputs.workspaceId}", and this stack does not manage it. ` +
            `To take it under management without registering it again, set \`adoptExisting: true\` on this FlinkConnector (its JAR is assumed to be ${inputs.jarUrl}); ` +
            `or delete it in the Flink console first.`,
        );
      }
      this.log(`adopted existing connector ${id}`);
      return { id, outs: toOutputs(inputs, existing) };
    }
    try {
      const mine = await this.registerExpecting(inputs, raw, "create");
      return { id, outs: toOutputs(inputs, mine) };
    } catch (e) {
      if (FlinkApiError.isInstance(e) && e.outcomeUnknown) {
        // Retries are spent and the last answer was lost: the platform may still register it.
        throw failure(
          `${e.message} Whether the platform registered connector ${id} is unknown. Run \`pulumi up\` again: ` +
            `if it did, the create is refused with "already exists" and \`adoptExisting: true\` takes it under management.`,
        );
      }
      throw e;
    }
  }

  async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<FlinkConnectorOutputs>> {
    const ref = parseId(id);
    if ("error" in ref) throw failure(ref.error);
    const found = await this.service().get(ref);
    if (!found) return { id: "", props: {} as FlinkConnectorOutputs };
    const inputs = { ...inputsOf(props ?? {}), ...ref };
    return { id, props: toOutputs(inputs, found), inputs: inputsForState(inputs) };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<FlinkConnectorOutputs>> {
    const before = inputsOf(olds);
    const after = asInputs(news);
    const svc = this.service();
    try {
      await svc.delete(after);
    } catch (e) {
      throw failure(`Updating connector ${id} failed before anything changed: removing the registered JAR failed: ${describe(e)}`);
    }
    try {
      const mine = await this.registerExpecting(after, news, "update");
      return { outs: toOutputs(after, mine) };
    } catch (registerError) {
      if (isPartial(registerError)) throw registerError;
      try {
        await this.registerExpecting(before, olds, "restore");
      } catch (restoreError) {
        if (WaitTimeoutError.isInstance(restoreError)) {
          throw failure(
            `Updating connector ${id} failed: registering the new JAR ${after.jarUrl} failed: ${describe(registerError)} ` +
              `The previous JAR ${before.jarUrl} was registered again but is not visible yet (${restoreError.message}) Run \`pulumi refresh\` to confirm it.`,
          );
        }
        throw failure(
          `Updating connector ${id} failed, and the connector is now ABSENT from namespace "${after.namespaceName}". ` +
            `Registering the new JAR ${after.jarUrl} failed: ${describe(registerError)} ` +
            `Registering the previous JAR ${before.jarUrl} again also failed: ${describe(restoreError)} ` +
            `Fix the cause and run \`pulumi up\` again (it registers the connector), or \`pulumi refresh\` to record that it is gone.`,
        );
      }
      throw failure(
        `Updating connector ${id} failed: registering the new JAR ${after.jarUrl} failed: ${describe(registerError)} ` +
          `The previous JAR ${before.jarUrl} was registered again, so the connector works as before. Fix the new JAR and run \`pulumi up\` again.`,
      );
    }
  }

  async delete(id: string, props?: Props): Promise<void> {
    const parsed = parseId(id);
    const ref = "error" in parsed ? inputsOf(props ?? {}) : parsed;
    if (!ref.workspaceId || !ref.namespaceName || !ref.connectorName) throw failure((parsed as { error: string }).error);
    await this.service().delete(ref);
  }

  /**
   * Registers `inputs.jarUrl` and checks that it yielded exactly the connector named
   * `inputs.connectorName`. Anything else is removed again; what cannot be removed is reported.
   */
  private async registerExpecting(inputs: FlinkConnectorInputs, raw: Props, phase: "create" | "update" | "restore"): Promise<Connector> {
    const svc = this.service();
    const id = formatId(inputs);
    let registered: readonly Connector[];
    try {
      registered = (await svc.register({ ...inputs, expectedName: inputs.connectorName })).connectors;
    } catch (e) {
      if (WaitTimeoutError.isInstance(e) && phase !== "restore") {
        // Registered, but not yet visible: keep it tracked so refresh/destroy can reach it.
        throw partialFailure(`Connector ${id} was registered but did not become visible in time: ${e.message}`, id, {
          ...toOutputs(inputs, undefined),
          __provider: raw.__provider,
        });
      }
      throw e;
    }
    const mine = registered.find((c) => c.name === inputs.connectorName);
    const others = registered.filter((c) => c.name !== inputs.connectorName);
    if (mine && others.length === 0) return mine;

    const leftovers: string[] = [];
    for (const c of registered) {
      try {
        await svc.delete({ ...inputs, connectorName: c.name });
      } catch (e) {
        leftovers.push(`${c.name} (${describe(e)})`);
      }
    }
    const names = registered.map((c) => `"${c.name}"`).join(", ") || "no connector";
    const why =
      mine === undefined
        ? `The JAR ${inputs.jarUrl} registers ${names}, not "${inputs.connectorName}". Set connectorName to the name the JAR declares.`
        : `The JAR ${inputs.jarUrl} registers several connectors (${names}); one FlinkConnector manages exactly one connector.`;
    if (leftovers.length === 0) throw failure(`${why} What it registered was removed again.`);
    if (mine && leftovers.some((l) => l.startsWith(`${mine.name} (`))) {
      throw partialFailure(`${why} Removing it again failed: ${leftovers.join("; ")}. It stays tracked as ${id}; run \`pulumi destroy\` or fix connectorName.`, id, {
        ...toOutputs(inputs, mine),
        __provider: raw.__provider,
      });
    }
    throw failure(`${why} These could not be removed and are NOT managed by Pulumi; delete them in the Flink console: ${leftovers.join("; ")}.`);
  }

  private service(): FlinkConnectorService {
    const env = this.deps.env?.() ?? process.env;
    const options = { ...serviceOptionsFrom(this.config ?? configFromEnv(env), env), log: (m: string) => this.log(m) };
    const key = fingerprint(options);
    if (this.memo?.key !== key) {
      this.memo = { key, service: (this.deps.serviceFor ?? ((o) => new FlinkConnectorService(o)))(options) };
    }
    return this.memo.service;
  }

  private log(line: string): void {
    const write = this.deps.log ?? ((l: string) => console.error(l));
    write(`[alicloud-flink] ${redact(line)}`);
  }
}

function isPartial(e: unknown): boolean {
  return typeof e === "object" && e !== null && "id" in e && "properties" in e;
}

function inputsForState(i: FlinkConnectorInputs): FlinkConnectorOutputs {
  // ReadResult.inputs is typed as Outputs in the SDK; only the input keys are meaningful.
  return { ...i } as unknown as FlinkConnectorOutputs;
}

