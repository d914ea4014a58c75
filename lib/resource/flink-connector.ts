import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_OUTPUT_NAMES, type ConnectorProperty } from "../model/connector";
import { INPUT_KEYS } from "../provider/types";
// `export =` module: the provider instance must be the whole exports (see instance.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import sharedProvider = require("../provider/instance");

/** Arguments of a FlinkConnector. */
export interface FlinkConnectorArgs {
  /** Workspace ID (the Flink console shows it), e.g. "a14bd5d90a0001". Changing it replaces the connector. */
  readonly workspaceId: pulumi.Input<string>;
  /** Namespace (project space), e.g. "default-namespace". Changing it replaces the connector. */
  readonly namespaceName: pulumi.Input<string>;
  /**
   * Name of the connector the JAR registers (the platform derives it from the JAR; it is checked
   * against what the platform returns). Changing it replaces the connector.
   */
  readonly connectorName: pulumi.Input<string>;
  /**
   * Where the platform downloads the JAR: `oss://<bucket>/<path>.jar` or `https://…`
   * (`http://` only for a loopback host). Changing it re-registers in place (delete, then register).
   */
  readonly jarUrl: pulumi.Input<string>;
  /**
   * Take an existing connector of that name under management instead of failing at create.
   * Defaults to false. Adoption assumes the existing connector was registered from `jarUrl`
   * (the API does not report a connector's JAR).
   */
  readonly adoptExisting?: pulumi.Input<boolean>;
  /**
   * A checksum or version of the JAR's content. Changing it re-registers the connector even
   * when `jarUrl` stays the same (the platform cannot see that a file changed behind its URL).
   * Defaults to "".
   */
  readonly contentVersion?: pulumi.Input<string>;
}

/**
 * A custom connector of Alibaba Cloud Realtime Compute for Apache Flink (Ververica), registered
 * from a JAR. The id is `workspaceId:namespaceName:connectorName`.
 */
export class FlinkConnector extends pulumi.dynamic.Resource {
  declare readonly workspaceId: pulumi.Output<string>;
  declare readonly namespaceName: pulumi.Output<string>;
  declare readonly connectorName: pulumi.Output<string>;
  declare readonly jarUrl: pulumi.Output<string>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  declare readonly contentVersion: pulumi.Output<string>;
  /** The connector type the platform parsed from the JAR (used in `WITH ('connector' = …)`). */
  declare readonly connectorType: pulumi.Output<string>;
  declare readonly source: pulumi.Output<boolean>;
  declare readonly sink: pulumi.Output<boolean>;
  declare readonly lookup: pulumi.Output<boolean>;
  declare readonly supportedFormats: pulumi.Output<string[]>;
  declare readonly dependencies: pulumi.Output<string[]>;
  declare readonly properties: pulumi.Output<ConnectorProperty[]>;
  declare readonly creator: pulumi.Output<string>;
  declare readonly creatorName: pulumi.Output<string>;
  declare readonly modifier: pulumi.Output<string>;
  declare readonly modifierName: pulumi.Output<string>;

  constructor(name: string, args: FlinkConnectorArgs, opts?: pulumi.CustomResourceOptions) {
    // Every declared output needs a key here, or it stays undefined instead of an Output:
    // the optional inputs and the platform fields are seeded with undefined.
    const seeded = Object.fromEntries([...INPUT_KEYS, ...PLATFORM_OUTPUT_NAMES].map((k) => [k, undefined]));
    super(sharedProvider, name, { ...seeded, ...args }, opts, "alicloud-flink", "FlinkConnector");
  }
}
