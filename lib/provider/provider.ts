import { inspect } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { ServiceCache } from "../config/services";
import { configFromEnv, serviceOptionsFrom, type ConfigGetter } from "../config/settings";
import { redact } from "../errors/redact";
import { parseSetId } from "../model/id";
import { isJarUrlPlaceholder } from "../model/placeholder";
import type { Connector } from "../model/connector";
import type { ProviderKind } from "../model/settings";
import type { FlinkConnectorService, ServiceOptions } from "../service/connector-service";
import { asInputs, checkInputs } from "./check";
import { diffInputs } from "./diff";
import { driftLines } from "./drift";
import { create, remove, update } from "./lifecycle";
import { inputsOf, toOutputs } from "./outputs";
import type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./types";
import type { WriteContext } from "./writes";

type Props = Record<string, unknown>;

/** What the provider needs from the outside world; defaults are the real thing. */
export interface ProviderDeps {
  /** Builds the service for resolved options. A seam for lifecycle tests. */
  readonly serviceFor?: (options: ServiceOptions) => FlinkConnectorService;
  /** The environment, read at call time. */
  readonly env?: () => Record<string, string | undefined>;
  /** Where progress lines go (stderr by default). */
  readonly log?: (line: string) => void;
  /** Whose keys settings are read by and advice is given in (the native plugin's are `alicloud-flink:*`). */
  readonly provider?: ProviderKind;
}

/** Every plain error this provider raises goes through here: a jarUrl may be a pre-signed URL. */
const failure = (message: string): Error => new Error(redact(message));

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
    this.useConfig((key) => req.config.get(key));
  }

  /** The stack config settings are read from from now on (the plugin's Configure, or the host's). */
  useConfig(config: ConfigGetter): void {
    this.config = config;
  }


  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkInputs(news, olds);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return diffInputs(olds, news);
  }

  async create(raw: Props): Promise<pulumi.dynamic.CreateResult<FlinkConnectorOutputs>> {
    return create(this.context(), asInputs(raw), raw);
  }

  async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<FlinkConnectorOutputs>> {
    const ref = parseSetId(id);
    if ("error" in ref) throw failure(ref.error);
    const stated = inputsOf(props ?? {});
    // The state's names win over the id's (import has only the id, and the API never says which JAR).
    const inputs: FlinkConnectorInputs = {
      ...stated,
      jarUrl: isJarUrlPlaceholder(stated.jarUrl) ? "" : stated.jarUrl,
      workspaceId: ref.workspaceId,
      namespaceName: ref.namespaceName,
      ...(stated.connectorNames.length ? {} : { connectorNames: ref.connectorNames, connectorName: ref.connectorNames.length === 1 ? ref.connectorNames[0] : "" }),
    };
    const { found, missing } = await this.onPlatform(inputs);
    if (!found.length) return { id: "" }; // gone: the engine drops it from the state
    if (missing.length) this.log(`${id}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not on the platform; the next \`pulumi up\` registers the JAR again`);
    const outs = toOutputs(inputs, found);
    for (const line of driftLines(props ?? {}, outs.connectors)) this.log(line);
    return { id, props: outs, inputs: declaredInputs(inputs) as unknown as FlinkConnectorOutputs };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<FlinkConnectorOutputs>> {
    const next = asInputs(news);
    if (!next.jarUrl) {
      // Only an imported resource may omit jarUrl (check); with no JAR there is nothing to register.
      const { found, missing } = await this.onPlatform(next);
      if (missing.length) throw failure(`${id}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not on the platform, and no jarUrl is declared to register ${missing.length === 1 ? "it" : "them"} from: set jarUrl to the JAR the connectors come from. Nothing was changed.`);
      return { outs: toOutputs(next, found) };
    }
    if (!olds.jarUrl || isJarUrlPlaceholder(olds.jarUrl)) {
      // Imported state never knew the JAR: when every connector is there, record the declared one
      // (as adoption does) instead of registering it again. One List, no write.
      const { found, missing } = await this.onPlatform(next);
      if (!missing.length) {
        this.log(`${id}: recording ${next.jarUrl} as the JAR the imported connectors were registered from (not registered again)`);
        return { outs: toOutputs(next, found) };
      }
      // Some are missing: register the declared JAR, with it as the JAR to restore.
      return update(this.context(), id, { ...inputsOf(olds), jarUrl: next.jarUrl }, next, { ...olds, jarUrl: next.jarUrl }, news);
    }
    return update(this.context(), id, inputsOf(olds), next, olds, news);
  }

  async delete(id: string, props?: Props): Promise<void> {
    const parsed = parseSetId(id);
    const stated = inputsOf(props ?? {});
    const ref = "error" in parsed ? stated : { ...stated, ...parsed, connectorNames: stated.connectorNames.length ? stated.connectorNames : parsed.connectorNames };
    if (!ref.workspaceId || !ref.namespaceName || !ref.connectorNames.length) throw failure((parsed as { error: string }).error);
    await remove(this.context(), id, ref);
  }

  /** One List: the resource's connectors the platform has, and the names it lacks. */
  private async onPlatform(inputs: FlinkConnectorInputs): Promise<{ found: Connector[]; missing: string[] }> {
    const found = (await this.service().list(inputs)).filter((c) => inputs.connectorNames.includes(c.name));
    return { found, missing: inputs.connectorNames.filter((n) => !found.some((c) => c.name === n)) };
  }

  private context(): WriteContext {
    return { svc: this.service(), log: (l) => this.log(l) };
  }

  /** The one service of the current settings: resources and functions share its List batching and memory. */
  service(): FlinkConnectorService {
    const env = this.deps.env?.() ?? process.env;
    return this.services.get({ ...serviceOptionsFrom(this.config ?? configFromEnv(env), env, this.deps.provider ?? "dynamic"), log: (m: string) => this.log(m) });
  }

  private log(line: string): void {
    const write = this.deps.log ?? ((l: string) => console.error(l));
    write(`[alicloud-flink] ${redact(line)}`);
  }
}

/**
 * The inputs a read reports, as a program would declare them: one of connectorName and
 * connectorNames, jarUrl only when known, adoptExisting and contentVersion only when not their
 * defaults. The code `pulumi import` prints from them is valid as printed and previews no change.
 */
export function declaredInputs(i: FlinkConnectorInputs): Props {
  return {
    workspaceId: i.workspaceId,
    namespaceName: i.namespaceName,
    ...(i.connectorNames.length === 1 ? { connectorName: i.connectorNames[0] } : { connectorNames: [...i.connectorNames] }),
    ...(i.jarUrl ? { jarUrl: i.jarUrl } : {}),
    ...(i.adoptExisting ? { adoptExisting: true } : {}),
    ...(i.contentVersion ? { contentVersion: i.contentVersion } : {}),
  };
}

