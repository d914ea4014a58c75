import { writeFile } from "node:fs/promises";
import * as pulumi from "@pulumi/pulumi";
import type { ConnectorInfo } from "../model/connector";
import { filterConnectors } from "../model/filter-connectors";
import { realService, ServiceCache } from "../config/services";
import { serviceOptionsFrom, type ConfigGetter } from "../config/settings";
import type { FlinkConnectorService } from "../service/connector-service";

/** Arguments of getFlinkConnectors, as Terraform's alicloud_flink_connectors plus a few filters. */
export interface GetFlinkConnectorsArgs {
  readonly workspaceId: string;
  readonly namespaceName: string;
  /** Only these ids (`workspaceId:namespaceName:connectorName`). */
  readonly ids?: string[];
  /** Only these connector names (exact). */
  readonly names?: string[];
  /** Only names matching this regular expression. */
  readonly nameRegex?: string;
  /** Only connectors of this type. */
  readonly type?: string;
  /** Also write the result as JSON to this file. */
  readonly outputFile?: string;
}

export type GetFlinkConnectorsOutputArgs = { readonly [K in keyof GetFlinkConnectorsArgs]: pulumi.Input<GetFlinkConnectorsArgs[K]> };

/** One connector in a getFlinkConnectors result: its id and name, and the platform's fields. */
export type FlinkConnectorInfo = ConnectorInfo;

export interface GetFlinkConnectorsResult {
  /** `workspaceId:namespaceName`. */
  readonly id: string;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly ids: string[];
  readonly names: string[];
  readonly connectors: FlinkConnectorInfo[];
}

/** Options beyond the args: the service to use (tests, custom settings). */
export interface GetFlinkConnectorsOptions {
  readonly service?: FlinkConnectorService;
}

/** Pure filtering (kept in the model, where the native plugin finds it too). */
export { filterConnectors };

/** Stack config of the running program (no warning for secrets: we never print them). */
const programConfig: ConfigGetter = (key) => pulumi.runtime.getConfig(key);

const programServices = new ServiceCache(realService);

/** Its retries (throttling, lost answers) show in the program's diagnostics, as the provider's do. */
const programLog = (m: string): void => void pulumi.log.info(`[alicloud-flink] getFlinkConnectors: ${m}`);

function serviceForProgram(): FlinkConnectorService {
  return programServices.get({ ...serviceOptionsFrom(programConfig, process.env), log: programLog });
}

/**
 * Lists the custom connectors of a namespace, like Terraform's `alicloud_flink_connectors`.
 * Runs in the program (dynamic providers cannot serve invokes), with the same configuration
 * and credential resolution as FlinkConnector.
 */
export async function getFlinkConnectors(
  args: GetFlinkConnectorsArgs,
  opts: GetFlinkConnectorsOptions = {},
): Promise<GetFlinkConnectorsResult> {
  for (const k of ["workspaceId", "namespaceName"] as const) {
    if (typeof args[k] !== "string" || args[k].trim() === "") throw new Error(`getFlinkConnectors: ${k} is required.`);
  }
  const service = opts.service ?? serviceForProgram();
  const result = filterConnectors(args, await service.list(args));
  if (args.outputFile) await writeFile(args.outputFile, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** getFlinkConnectors taking Inputs and returning an Output (unknown while its inputs are). */
export function getFlinkConnectorsOutput(
  args: GetFlinkConnectorsOutputArgs,
  opts: GetFlinkConnectorsOptions = {},
): pulumi.Output<GetFlinkConnectorsResult> {
  return pulumi.output(args).apply((a) => getFlinkConnectors(a as GetFlinkConnectorsArgs, opts));
}
