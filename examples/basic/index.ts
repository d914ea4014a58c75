import * as pulumi from "@pulumi/pulumi";
import { FlinkConnector, getFlinkConnectorsOutput } from "pulumi-alicloud-flink";

// Works unchanged against Alibaba Cloud (set alicloud:region and credentials) and against the
// local emulator (set alicloud-flink:endpoint to its URL).
const config = new pulumi.Config();
const workspaceId = config.get("workspaceId") ?? "a14bd5d90a0001";
const namespaceName = config.get("namespaceName") ?? "default-namespace";
const jarBucket = config.get("jarBucket") ?? "oss://flink-artifacts/connectors";
const sinkVersion = config.get("sinkVersion") ?? "1.2.0";

const sink = new FlinkConnector("acme-sink", {
  workspaceId,
  namespaceName,
  connectorName: "acme-sink",
  jarUrl: `${jarBucket}/acme-sink-${sinkVersion}.jar`,
});

const source = new FlinkConnector("acme-source", {
  workspaceId,
  namespaceName,
  connectorName: "acme-source",
  jarUrl: `${jarBucket}/acme-source-2.0.1.jar`,
});

// One JAR, two connectors (like the Kafka SQL connector JAR, which registers kafka and
// upsert-kafka): one declaration owns both. `alicloud-flink inspect-jar` tells you the names.
const kafka = new FlinkConnector("acme-kafka", {
  workspaceId,
  namespaceName,
  connectorNames: ["acme-kafka", "acme-upsert-kafka"],
  jarUrl: `${jarBucket}/acme-kafka-bundle-1.0.jar`,
});

// A JAR built on this machine (`npm run example:jars` writes this one): uploaded through the
// platform, its connectors read from it at preview (no connectorName needed), the platform's rules
// checked before `up`. Editing the file and running `up` registers the new content.
const local = new FlinkConnector("acme-local", {
  workspaceId,
  namespaceName,
  jarFile: config.get("localJar") ?? "../../.tmp/jars/acme-local-1.0.jar",
});

// Lists the namespace once the connectors exist.
export const connectors = getFlinkConnectorsOutput({
  workspaceId: pulumi.all([sink.workspaceId, source.workspaceId, kafka.workspaceId, local.workspaceId]).apply(([w]) => w),
  namespaceName,
  nameRegex: "^acme-",
});

// Export values, not whole resources: a resource's every output would show as `~` on each `up`.
export const sinkId = sink.id;
export const sinkType = sink.connectorType;
export const sourceId = source.id;
export const kafkaConnectors = kafka.connectors; // each with its id, type, source, sink, lookup and the rest
export const localConnectors = local.connectorNames; // read from the JAR
export const localUploadedTo = local.uploadedJarUrl;
