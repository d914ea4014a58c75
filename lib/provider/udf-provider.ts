import { inspect } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { UdfOperationError } from "../errors/udf-operation-error";
import { ConnectorLifecycle, type LifecycleDeps } from "./connector-lifecycle";
import type { Props } from "./outcome";
import { UdfLifecycle } from "./udf-lifecycle";
import { decodeUdf, udfIdOf } from "./udf-types";
import type { FlinkUdfService } from "../service/udf-service";
import type { ServiceOptions } from "../service/types";

/**
 * The FlinkUdfArtifact lifecycle for Pulumi's dynamic-provider host: a thin adapter over
 * UdfLifecycle (which reads settings and uploads through a connector lifecycle of its own).
 * Holds no credential in any serialized field. A failed write whose artifact may exist carries
 * its id and properties, with the serialized provider the host needs, so Pulumi keeps tracking it.
 */
export class FlinkUdfArtifactProvider implements pulumi.dynamic.ResourceProvider<Props, Props> {
  private readonly connectors: ConnectorLifecycle;
  private readonly core: UdfLifecycle;

  constructor(deps: LifecycleDeps & { udfServiceFor?: (o: ServiceOptions) => FlinkUdfService } = {}) {
    this.connectors = new ConnectorLifecycle(deps);
    this.core = new UdfLifecycle({ connectors: this.connectors, ...deps });
  }

  [inspect.custom](): string {
    return "FlinkUdfArtifactProvider {}";
  }

  toJSON(): Record<string, never> {
    return {};
  }

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.connectors.useConfig((key) => req.config.get(key));
  }

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const r = await this.core.check(olds, news);
    return { inputs: r.inputs, failures: r.failures };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const r = this.core.diff(olds, news);
    return { changes: r.changes, replaces: r.replaces, deleteBeforeReplace: true };
  }

  async create(raw: Props): Promise<pulumi.dynamic.CreateResult<Props>> {
    const inputs = decodeUdf(raw);
    return { id: udfIdOf(inputs), outs: { ...(await tracked(raw, () => this.core.create(inputs))) } };
  }

  async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<Props>> {
    const found = await this.core.read(id, props);
    return found ? { id, props: { ...found.outs }, inputs: found.inputs } : { id: "" };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<Props>> {
    return { outs: { ...(await tracked(news, () => this.core.update(id, olds, decodeUdf(news)))) } };
  }

  async delete(id: string, props?: Props): Promise<void> {
    await this.core.delete(id, props ?? {});
  }
}

/** A partial failure gets the serialized provider, which the host reads back from its properties. */
async function tracked<T>(raw: Props, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (UdfOperationError.isInstance(e) && e.partial)
      throw new UdfOperationError(e.facts, { id: e.partial.id, properties: { ...e.partial.properties, __provider: raw.__provider } });
    throw e;
  }
}
