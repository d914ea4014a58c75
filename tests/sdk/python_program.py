"""A Python program using the generated SDK (pulumi_alicloud_flink), run under pulumi.runtime.set_mocks
whose new_resource and call forward to the real plugin over gRPC: every Python name and type is
checked against the provider itself. Started by tests/sdk/python-sdk.spec.ts with the emulator's
URL, the plugin's entry and the JARs' URLs in the environment; prints one JSON line of results."""

import json
import os
import subprocess
import sys
import threading

import grpc
from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

import pulumi

PLUGIN = os.environ["PLUGIN_MAIN"]
WS = os.environ["WORKSPACE"]
NS = os.environ["NAMESPACE"]
JAR = os.environ["JAR"]
BUNDLE = os.environ["BUNDLE_JAR"]
PROVIDER_TYPE = "pulumi:providers:alicloud-flink"


def struct(d):
    s = struct_pb2.Struct()
    s.update(d)
    return s


def plain(s):
    return json_format.MessageToDict(s) if s is not None else {}


class Plugin:
    """One plugin process, as the engine starts one per provider."""

    def __init__(self):
        env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true", "ALICLOUD_FLINK_RATE_CACHE": "off"}
        self.proc = subprocess.Popen([os.environ.get("NODE", "node"), PLUGIN], stdout=subprocess.PIPE, stderr=sys.stderr, env=env)
        port = self.proc.stdout.readline().decode().strip()
        self.stub = provider_pb2_grpc.ResourceProviderStub(grpc.insecure_channel(f"127.0.0.1:{port}"))

    def configure(self, config):
        failures = self.stub.CheckConfig(provider_pb2.CheckRequest(urn="urn:p", news=struct(config))).failures
        if failures:
            raise Exception("; ".join(f"{f.property}: {f.reason}" for f in failures))
        req = provider_pb2.ConfigureRequest(args=struct(config), acceptSecrets=True)
        for k, v in config.items():
            req.variables[f"alicloud-flink:config:{k}"] = v if isinstance(v, str) else json.dumps(v)
        self.stub.Configure(req)

    def close(self):
        self.proc.terminate()
        self.proc.wait()


plugins = {}
lock = threading.Lock()  # the mocks are called from several threads at once
seen = {"resources": [], "calls": [], "providers": []}


def default_config(endpoint):
    return {"accessKey": os.environ["KEY_ID"], "secretKey": os.environ["KEY_SECRET"], "endpoint": endpoint, "retryMinDelayMs": "5", "retryMaxDelayMs": "20"}


def plugin_for(provider_ref):
    """The plugin of a provider reference ("<urn>::<id>"), or the default provider's."""
    key = (provider_ref or "").split("::")[-1] or "default"
    with lock:
        if key not in plugins:
            p = Plugin()
            p.configure(default_config(os.environ["EMULATOR_URL"]))
            plugins[key] = p
        return plugins[key]


class ForwardToPlugin(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        if args.typ == PROVIDER_TYPE:
            # An explicit provider: a plugin process of its own, configured with its arguments.
            p = Plugin()
            p.configure({k: v for k, v in args.inputs.items() if k != "version"})
            pid = f"provider-{args.name}"
            with lock:
                plugins[pid] = p
            seen["providers"].append({"name": args.name, "keys": sorted(args.inputs.keys())})
            return pid, args.inputs
        p = plugin_for(args.provider)
        urn = f"urn:pulumi:dev::py::{args.typ}::{args.name}"
        checked = p.stub.Check(provider_pb2.CheckRequest(urn=urn, type=args.typ, name=args.name, olds=struct({}), news=struct(args.inputs)))
        if checked.failures:
            raise Exception("check failed: " + "; ".join(f"{f.property}: {f.reason}" for f in checked.failures))
        created = p.stub.Create(provider_pb2.CreateRequest(urn=urn, type=args.typ, name=args.name, properties=checked.inputs))
        outputs = plain(created.properties)
        seen["resources"].append({"type": args.typ, "name": args.name, "inputKeys": sorted(args.inputs.keys()), "id": created.id})
        return created.id, outputs

    def call(self, args: pulumi.runtime.MockCallArgs):
        p = plugin_for(args.provider)
        resp = p.stub.Invoke(provider_pb2.InvokeRequest(tok=args.token, args=struct(dict(args.args))))
        if resp.failures:
            raise Exception("invoke failed: " + "; ".join(f"{f.property}: {f.reason}" for f in resp.failures))
        seen["calls"].append({"token": args.token, "argKeys": sorted(args.args.keys())})
        return plain(getattr(resp, "return"))


pulumi.runtime.set_mocks(ForwardToPlugin(), project="py", stack="dev", preview=False)

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
    for p in plugins.values():
        p.close()
