"""Custom Flink connectors from Python with the alicloud-flink native provider.

Works unchanged against Alibaba Cloud (set alicloud-flink:region and credentials) and against the
local emulator (set alicloud-flink:endpoint to its URL). See README.md for the steps."""

import pulumi
import pulumi_alicloud_flink as flink

config = pulumi.Config()
workspace_id = config.get("workspaceId") or "a14bd5d90a0001"
namespace_name = config.get("namespaceName") or "default-namespace"
jar_bucket = config.get("jarBucket") or "oss://flink-artifacts/connectors"

# One JAR, one connector.
sink = flink.FlinkConnector(
    "acme-sink",
    workspace_id=workspace_id,
    namespace_name=namespace_name,
    connector_name="acme-sink",
    jar_url=f"{jar_bucket}/acme-sink-1.2.0.jar",
)

# One JAR that registers two connectors (like Kafka's kafka and upsert-kafka): one declaration.
kafka = flink.FlinkConnector(
    "acme-kafka",
    workspace_id=workspace_id,
    namespace_name=namespace_name,
    connector_names=["acme-kafka", "acme-upsert-kafka"],
    jar_url=f"{jar_bucket}/acme-kafka-bundle-1.0.jar",
)

# A JAR built on this machine (`npm run example:jars` writes this one): uploaded through the platform,
# its connectors read from it at preview (no connector_name needed), the platform's rules checked first.
local = flink.FlinkConnector(
    "acme-local",
    workspace_id=workspace_id,
    namespace_name=namespace_name,
    jar_file=config.get("localJar") or "../../.tmp/jars/acme-local-1.0.jar",
)

# A second account or region in the same program: an explicit provider. Its settings fall back to
# the environment (ALIBABA_CLOUD_ACCESS_KEY_ID, ...) like the default provider's.
staging_endpoint = config.get("stagingEndpoint")
if staging_endpoint:
    staging = flink.Provider("staging", endpoint=staging_endpoint)
    flink.FlinkConnector(
        "acme-sink-staging",
        workspace_id=workspace_id,
        namespace_name=namespace_name,
        connector_name="acme-sink",
        jar_url=f"{jar_bucket}/acme-sink-1.3.0.jar",
        opts=pulumi.ResourceOptions(provider=staging),
    )

# The function, served by the provider: the namespace once both exist.
found = flink.get_flink_connectors_output(
    workspace_id=sink.workspace_id,
    namespace_name=kafka.namespace_name,
    name_regex="^acme-",
)

pulumi.export("sinkType", sink.connector_type)
pulumi.export("kafkaConnectors", kafka.connectors.apply(lambda cs: [c["name"] for c in cs]))
pulumi.export("names", found.names)
pulumi.export("localConnectors", local.connector_names)
