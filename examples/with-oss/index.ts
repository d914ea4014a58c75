import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as oss from "@pulumi/alicloud/oss";
import { FlinkConnector, jarContentVersion } from "pulumi-alicloud-flink";

// How connectors are deployed for real: the JAR is built locally, uploaded to the OSS bucket
// bound to the Flink workspace, and registered from there. Needs Alibaba Cloud credentials
// (alicloud:region, alicloud:accessKey, alicloud:secretKey) for both providers.
const config = new pulumi.Config();
const workspaceId = config.require("workspaceId");
const namespaceName = config.get("namespaceName") ?? "default-namespace";
const bucket = config.require("bucket");
const jarPath = config.get("jarPath") ?? "connectors/acme-sink-1.2.0.jar";

const jar = new oss.BucketObject("acme-sink-jar", {
  bucket,
  key: `flink/connectors/${path.basename(jarPath)}`,
  source: jarPath,
});

export const sink = new FlinkConnector(
  "acme-sink",
  {
    workspaceId,
    namespaceName,
    connectorName: "acme-sink",
    jarUrl: pulumi.interpolate`oss://${jar.bucket}/${jar.key}`,
    // The file's checksum: a rebuilt JAR uploaded under the same key is registered again.
    contentVersion: jarContentVersion(jarPath),
  },
  { dependsOn: [jar] },
);

export const connectorType = sink.connectorType;
