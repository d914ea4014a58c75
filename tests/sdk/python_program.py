"""A Python program using the generated SDK (pulumi_alicloud_flink), run under mocks that forward
to the real plugin over gRPC (forward_mocks.py). Started by tests/sdk/python-sdk.spec.ts with the
emulators' URLs, the plugin's entry and the JARs' URLs in the environment; prints one JSON line."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import forward_mocks  # noqa: E402

import pulumi  # noqa: E402

WS = os.environ["WORKSPACE"]
NS = os.environ["NAMESPACE"]
JAR = os.environ["JAR"]
BUNDLE = os.environ["BUNDLE_JAR"]

seen, close = forward_mocks.install("py")

import pulumi_alicloud_flink as flink  # noqa: E402  (after set_mocks, as Pulumi's docs show)

results = {}

@pulumi.runtime.test
def program():
    sink = flink.FlinkConnector("sink", workspace_id=WS, namespace_name=NS, connector_name="acme-sink", jar_url=JAR)
    other = flink.Provider("second", endpoint=os.environ["OTHER_EMULATOR_URL"], access_key=os.environ["KEY_ID"], secret_key=os.environ["KEY_SECRET"], max_attempts=3)
    bundle = flink.FlinkConnector(
        "bundle",
        workspace_id=WS,
        namespace_name=NS,
        connector_names=["bundle-sink", "bundle-extra"],
        jar_url=BUNDLE,
        opts=pulumi.ResourceOptions(provider=other),
    )
    # After the sink exists: its outputs are the arguments.
    found = flink.get_flink_connectors_output(workspace_id=sink.workspace_id, namespace_name=sink.namespace_name, name_regex="^acme")

    def record(values):
        s_id, s_type, s_sink, s_names, b_id, b_names, b_infos, f_names, f_infos = values
        results.update(
            sink={"id": s_id, "connectorType": s_type, "sink": s_sink, "connectorNames": s_names},
            bundle={"id": b_id, "connectorNames": b_names, "connectors": [{"name": c["name"], "connectorType": c["connector_type"], "source": c["source"]} for c in b_infos]},
            found={"names": f_names, "connectors": [{"id": c["id"], "name": c["name"], "sink": c["sink"], "supportedFormats": c["supported_formats"]} for c in f_infos]},
        )

    return pulumi.Output.all(
        sink.id, sink.connector_type, sink.sink, sink.connector_names,
        bundle.id, bundle.connector_names, bundle.connectors,
        found.names, found.connectors,
    ).apply(record)


try:
    program()
    print(json.dumps({"results": results, "seen": seen}))
finally:
    close()
