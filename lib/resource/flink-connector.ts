import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_OUTPUT_NAMES, type ConnectorInfo, type ConnectorProperty } from "../model/connector";
import { INPUT_KEYS } from "../provider/types";
// `export =` module: the provider instance must be the whole exports (see instance.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import sharedProvider = require("../provider/instance");

/** What every FlinkConnector declares, whether its JAR registers one connector or several. */
export interface FlinkConnectorCommonArgs {
  /** Workspace ID (the Flink console shows it), e.g. "a14bd5d90a0001". Changing it replaces the connector. */
  readonly workspaceId: pulumi.Input<string>;
  /** Namespace (project space), e.g. "default-namespace". Changing it replaces the connector. */
  readonly namespaceName: pulumi.Input<string>;
  /**
   * Where the platform downloads the JAR: `oss://<bucket>/<path>.jar` or `https://…`
   * (`http://` only for a loopback host). Changing it re-registers in place (delete, then register).
   * Required to register connectors; connectors adopted with the `import` resource option may
   * leave it out (the API never says which JAR a connector came from): their JAR is left as it is.
   */
  readonly jarUrl?: pulumi.Input<string>;
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
  /**
   * A local JAR (relative to the project directory), instead of `jarUrl`: uploaded through the
   * platform (GetPreSignedUrlForPutObject), its connectors read at preview, the platform's rules
   * checked before `up`. Editing the file re-registers; an unchanged file is no change.
   */
  readonly jarFile?: pulumi.Input<string>;
}

/**
 * Arguments of a FlinkConnector: a JAR and the connectors it registers. The platform names a
 * connector after a table factory identifier in the JAR, never after the file
 * (`alicloud-flink inspect-jar` shows them); what the platform registers is checked against it.
 * Changing the names replaces the connectors.
 */
export type FlinkConnectorArgs = FlinkConnectorCommonArgs &
  (
    | {
        /** The one connector the JAR registers, e.g. "mysql-test". */
        readonly connectorName: pulumi.Input<string>;
        readonly connectorNames?: undefined;
      }
    | {
        /** Every connector the JAR registers, in any order, e.g. ["kafka-acme", "upsert-kafka-acme"]. */
        readonly connectorNames: pulumi.Input<pulumi.Input<string>[]>;
        readonly connectorName?: undefined;
      }
    | {
        /** A local JAR: its connectors are read from it; declared ones must match. */
        readonly jarFile: pulumi.Input<string>;
        readonly connectorName?: pulumi.Input<string>;
        readonly connectorNames?: pulumi.Input<pulumi.Input<string>[]>;
      }
  );

/**
 * The custom connectors of Alibaba Cloud Realtime Compute for Apache Flink (Ververica) that one
 * JAR registers: one (`connectorName`) or several (`connectorNames`). The id is
 * `workspaceId:namespaceName:connectorName`, or `workspaceId:namespaceName:name1,name2` for several.
 */
export class FlinkConnector extends pulumi.dynamic.Resource {
  declare readonly workspaceId: pulumi.Output<string>;
  declare readonly namespaceName: pulumi.Output<string>;
  /** The one connector's name; "" for a resource of several connectors. */
  declare readonly connectorName: pulumi.Output<string>;
  /** Every connector the JAR registers, sorted (one element for `connectorName`). */
  declare readonly connectorNames: pulumi.Output<string[]>;
  declare readonly jarUrl: pulumi.Output<string>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  declare readonly contentVersion: pulumi.Output<string>;
  /** The local JAR declared ("" for a jarUrl). */
  declare readonly jarFile: pulumi.Output<string>;
  /** The SHA-256 of the jarFile registered: its content version ("" for a jarUrl). */
  declare readonly jarSha256: pulumi.Output<string>;
  /** Where the jarFile was uploaded: the `jarUrl` the platform registers it by ("" for a jarUrl). */
  declare readonly uploadedJarUrl: pulumi.Output<string>;
  /** Every connector of the JAR the platform has, with its id and every field the platform reports, sorted by name. */
  declare readonly connectors: pulumi.Output<ConnectorInfo[]>;
  /**
   * The connector type the platform parsed from the JAR (used in `WITH ('connector' = …)`). This and
   * the fields below describe the one connector of a `connectorName` resource; for several, see `connectors`.
   */
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
    const seeded = Object.fromEntries(
      [...INPUT_KEYS, ...PLATFORM_OUTPUT_NAMES, "connectors", "jarSha256", "uploadedJarUrl"].map((k) => [k, undefined]),
    );
    super(sharedProvider, name, { ...seeded, ...args }, opts, "alicloud-flink", "FlinkConnector");
  }
}
