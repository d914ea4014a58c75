import { realService, ServiceCache } from "../config/services";
import { configFromEnv, engineFrom, serviceOptionsFrom, type ConfigGetter } from "../config/settings";
import { redact } from "../errors/redact";
import type { Connector } from "../model/connector";
import { parseSetId } from "../model/id";
import { setCommand, type ProviderKind } from "../model/settings";
import type { ServiceOptions } from "../service/connector-service";
import type { ConnectorServicePort } from "../service/types";
import { absent, checkInputs, UNKNOWN, type CheckOutcome } from "./check";
import { clashFailures, StackClaims } from "./claims";
import { checkJarFile } from "./jar-file";
import { uploaded } from "./upload";
import { diffInputs, type DiffOutcome } from "./diff";
import { driftLines } from "./drift";
import { create, remove, update } from "./lifecycle";
import { succeeded, type Outcome, type Props } from "./outcome";
import { toOutputs } from "./outputs";
import { decodeState } from "./state";
import type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./types";
import type { WriteContext } from "./writes";

/** What the lifecycle needs from the outside world; defaults are the real thing. */
export interface LifecycleDeps {
  /** Builds the service for resolved options. A seam for lifecycle tests. */
  readonly serviceFor?: (options: ServiceOptions) => ConnectorServicePort;
  /** The environment, read at call time. */
  readonly env?: () => Record<string, string | undefined>;
  /** Where progress lines go (stderr by default). */
  readonly log?: (line: string) => void;
  /** Whose keys settings are read by and advice is given in (the native plugin's are `alicloud-flink:*`). */
  readonly provider?: ProviderKind;
}

/** What a read found: the outputs, and the inputs as a program would declare them. */
export interface ReadFound {
  readonly outs: FlinkConnectorOutputs;
  readonly inputs: Props;
}

/** Every plain error the lifecycle raises goes through here: a jarUrl may be a pre-signed URL. */
const inputError = (message: string): Error => new Error(redact(message));

/**
 * The FlinkConnector lifecycle, protocol-neutral: typed inputs in, outcomes out. The dynamic
 * provider (provider.ts) and the native plugin (plugin/native-provider.ts) are adapters over
 * it; they share one service per configuration, for resources and functions alike. Holds no
 * credential in any field that is serialized: settings are read at call time.
 */
export class ConnectorLifecycle {
  private config: ConfigGetter | undefined;
  private readonly services: ServiceCache<ConnectorServicePort>;
  private readonly claims = new StackClaims();

  constructor(private readonly deps: LifecycleDeps = {}) {
    this.services = new ServiceCache<ConnectorServicePort>(deps.serviceFor ?? realService);
  }

  /** The stack config settings are read from from now on (the plugin's Configure, or the host's). */
  useConfig(config: ConfigGetter): void {
    this.config = config;
  }

  /** The config set by `useConfig`, for the lifecycles beside this one (UDF artifacts). */
  currentConfig(): ConfigGetter | undefined {
    return this.config;
  }

  /**
   * Validation before any API call (preview included): the inputs' own rules, then a `jarFile`
   * read for the connectors it registers and the platform's rules, then the stack's other JARs
   * (`urn`, when the protocol gives it, says which resource these inputs are).
   */
  async check(olds: Props, news: Props, urn?: string): Promise<CheckOutcome> {
    let outcome = checkInputs(news, olds);
    const provider = this.deps.provider ?? "dynamic";
    if (!absent(news.jarFile) && news.jarFile !== UNKNOWN && !outcome.failures.some((f) => f.property === "jarFile")) {
      const env = this.deps.env?.() ?? process.env;
      const engine = engineFrom(this.config ?? configFromEnv(env), env, provider);
      const advice = { java: setCommand("engineJavaVersion", provider), flink: setCommand("engineFlinkVersion", provider) };
      const jar = await checkJarFile(outcome.inputs, engine, advice);
      for (const n of jar.notes) this.log(n);
      outcome = { inputs: jar.inputs, failures: [...outcome.failures, ...jar.failures] };
    }
    return outcome.failures.length ? outcome : { ...outcome, failures: clashFailures(this.claims, outcome.inputs, urn) };
  }

  diff(olds: Props, news: Props): DiffOutcome {
    return diffInputs(olds, news);
  }

  async create(inputs: FlinkConnectorInputs): Promise<Outcome<FlinkConnectorOutputs>> {
    const jar = await uploaded(this.context(), "create", inputs);
    return jar.ok ? create(this.context(), jar.value) : jar;
  }

  /** Refresh (`props` from state) or import (none). Undefined when nothing of it is there. */
  async read(id: string, props: Props = {}): Promise<ReadFound | undefined> {
    const ref = parseSetId(id);
    if ("error" in ref) throw inputError(ref.error);
    const stated = decodeState(props).inputs;
    // The state's names win over the id's (import has only the id, and the API never says which JAR).
    const inputs: FlinkConnectorInputs = {
      ...stated,
      workspaceId: ref.workspaceId,
      namespaceName: ref.namespaceName,
      ...(stated.connectorNames.length
        ? {}
        : { connectorNames: ref.connectorNames, connectorName: ref.connectorNames.length === 1 ? ref.connectorNames[0] : "" }),
    };
    const { found, missing } = await this.onPlatform(inputs);
    if (!found.length) return undefined;
    if (missing.length)
      this.log(
        `${id}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} ` +
          `not on the platform; the next \`pulumi up\` registers the JAR again`,
      );
    const outs = toOutputs(inputs, found);
    for (const line of driftLines(props, outs.connectors)) this.log(line);
    return { outs, inputs: declaredInputs(inputs) };
  }

  /** `olds` are the state's outputs (with the old inputs over them, for the plugin). */
  async update(id: string, olds: Props, declared: FlinkConnectorInputs): Promise<Outcome<FlinkConnectorOutputs>> {
    const jar = await uploaded(this.context(), "update", declared, decodeState(olds).inputs);
    if (!jar.ok) return jar;
    const next = jar.value;
    if (!next.jarUrl) {
      // Only an imported resource may omit jarUrl (check); with no JAR there is nothing to register.
      const { found, missing } = await this.onPlatform(next);
      if (missing.length)
        throw inputError(
          `${id}: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not on the platform, and no jarUrl is declared to ` +
            `register ${missing.length === 1 ? "it" : "them"} from: set jarUrl to the JAR the connectors come from. Nothing was changed.`,
        );
      return succeeded(toOutputs(next, found));
    }
    const was = decodeState(olds).inputs;
    if (!was.jarUrl) {
      // Imported state never knew the JAR: when every connector is there, record the declared one
      // (as adoption does) instead of registering it again. One List, no write.
      const { found, missing } = await this.onPlatform(next);
      if (!missing.length) {
        this.log(`${id}: recording ${next.jarUrl} as the JAR the imported connectors were registered from (not registered again)`);
        return succeeded(toOutputs(next, found));
      }
      // Some are missing: register the declared JAR, with it as the JAR to restore.
      return update(this.context(), id, { ...was, jarUrl: next.jarUrl }, next, { ...olds, jarUrl: next.jarUrl });
    }
    return update(this.context(), id, was, next, olds);
  }

  async delete(id: string, props: Props = {}): Promise<Outcome<void>> {
    const parsed = parseSetId(id);
    const stated = decodeState(props).inputs;
    const ref =
      "error" in parsed
        ? stated
        : { ...stated, ...parsed, connectorNames: stated.connectorNames.length ? stated.connectorNames : parsed.connectorNames };
    if (!ref.workspaceId || !ref.namespaceName || !ref.connectorNames.length) throw inputError((parsed as { error: string }).error);
    const removed = await remove(this.context(), id, ref);
    if (removed.ok && stated.jarFile && stated.jarUrl)
      this.log(`${id}: the uploaded ${stated.jarUrl} stays in the workspace's storage (the API has no delete for it)`);
    return removed;
  }

  /** The one service of the current settings: resources and functions share its List batching and memory. */
  service(): ConnectorServicePort {
    const env = this.deps.env?.() ?? process.env;
    return this.services.get({
      ...serviceOptionsFrom(this.config ?? configFromEnv(env), env, this.deps.provider ?? "dynamic"),
      log: (m: string) => this.log(m),
    });
  }

  /** One List: the resource's connectors the platform has, and the names it lacks. */
  private async onPlatform(inputs: FlinkConnectorInputs): Promise<{ found: Connector[]; missing: string[] }> {
    const found = (await this.service().list(inputs)).filter((c) => inputs.connectorNames.includes(c.name));
    return { found, missing: inputs.connectorNames.filter((n) => !found.some((c) => c.name === n)) };
  }

  private context(): WriteContext {
    return { svc: this.service(), log: (l) => this.log(l) };
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
    ...(i.jarUrl && !i.jarFile ? { jarUrl: i.jarUrl } : {}),
    ...(i.adoptExisting ? { adoptExisting: true } : {}),
    ...(i.contentVersion ? { contentVersion: i.contentVersion } : {}),
    ...(i.jarFile ? { jarFile: i.jarFile } : {}),
  };
}
