import * as pulumi from "@pulumi/pulumi";
import { UDF_INPUTS, UDF_OUTPUTS } from "../model/udf-model";
import { ServiceCache } from "../config/services";
import { serviceOptionsFrom, type ConfigGetter } from "../config/settings";
import { udfArtifactsFound } from "../provider/udf-found";
import { FlinkUdfService } from "../service/udf-service";
import type { UdfClassInfo } from "../provider/udf-types";
// `export =` module: the provider instance must be the whole exports (see provider/instance.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import sharedUdfProvider = require("../provider/udf-instance");

export interface FlinkUdfArtifactArgs {
  /** Workspace ID. Changing it replaces the artifact. */
  readonly workspaceId: pulumi.Input<string>;
  /** Namespace (project space). Changing it replaces the artifact. */
  readonly namespaceName: pulumi.Input<string>;
  /** The artifact's name in the namespace. Changing it replaces the artifact. */
  readonly name: pulumi.Input<string>;
  /** Where the platform downloads the JAR. Set exactly one of jarUrl and jarFile. */
  readonly jarUrl?: pulumi.Input<string>;
  /** A local JAR, read at preview for its UDF classes and uploaded through the platform. */
  readonly jarFile?: pulumi.Input<string>;
  /** Further JARs the functions need. */
  readonly dependencyJarUris?: pulumi.Input<pulumi.Input<string>[]>;
  /** The functions to register, by class name; default: every UDF class under its simple name. */
  readonly functions?: pulumi.Input<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;
}

/**
 * A UDF artifact of Alibaba Cloud Realtime Compute for Apache Flink: a JAR of user-defined
 * functions in a namespace, and the functions registered from its classes. A jarFile is read at
 * preview: its UDF classes, the functions that will be registered, and a class another artifact
 * of the namespace already has (refused, naming it). A JAR change updates the artifact in place.
 */
export class FlinkUdfArtifact extends pulumi.dynamic.Resource {
  declare readonly workspaceId: pulumi.Output<string>;
  declare readonly namespaceName: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly jarUrl: pulumi.Output<string>;
  declare readonly jarFile: pulumi.Output<string>;
  declare readonly jarSha256: pulumi.Output<string>;
  declare readonly uploadedJarUrl: pulumi.Output<string>;
  declare readonly dependencyJarUris: pulumi.Output<string[]>;
  /** The functions registered, by class. */
  declare readonly functions: pulumi.Output<Record<string, string[]>>;
  declare readonly udfClasses: pulumi.Output<UdfClassInfo[]>;
  declare readonly artifactType: pulumi.Output<string>;
  declare readonly creator: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<number>;
  declare readonly modifiedAt: pulumi.Output<number>;

  constructor(name: string, args: FlinkUdfArtifactArgs, opts?: pulumi.CustomResourceOptions) {
    const seeded = Object.fromEntries([...Object.keys(UDF_INPUTS), ...Object.keys(UDF_OUTPUTS)].map((k) => [k, undefined]));
    super(sharedUdfProvider, name, { ...seeded, ...args }, opts, "alicloud-flink", "FlinkUdfArtifact");
  }
}

export interface GetFlinkUdfArtifactsArgs {
  readonly workspaceId: string;
  readonly namespaceName: string;
  /** Only these artifact names. */
  readonly names?: string[];
}

export interface FlinkUdfArtifactInfo {
  readonly id: string;
  readonly name: string;
  readonly jarUrl: string;
  readonly dependencyJarUris: string[];
  readonly udfClasses: UdfClassInfo[];
  readonly creator: string;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export interface GetFlinkUdfArtifactsResult {
  readonly id: string;
  readonly names: string[];
  readonly artifacts: FlinkUdfArtifactInfo[];
}

/** Stack config of the running program, as getFlinkConnectors reads it. */
const programConfig: ConfigGetter = (key) => pulumi.runtime.getConfig(key);
const programServices = new ServiceCache((o) => new FlinkUdfService(o));
const programLog = (m: string): void => void pulumi.log.info(`[alicloud-flink] getFlinkUdfArtifacts: ${m}`);

/** The UDF artifacts of a namespace, with their classes and functions (the program's stack config's settings). */
export async function getFlinkUdfArtifacts(args: GetFlinkUdfArtifactsArgs): Promise<GetFlinkUdfArtifactsResult> {
  const service = programServices.get({ ...serviceOptionsFrom(programConfig, process.env), log: programLog });
  return (await udfArtifactsFound((ref) => service.artifacts(ref), args)) as unknown as GetFlinkUdfArtifactsResult;
}
