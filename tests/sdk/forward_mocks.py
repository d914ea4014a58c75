"""Pulumi mocks that forward to the real alicloud-flink plugin over gRPC: new_resource runs the
plugin's Check and Create (a provider resource starts a plugin process of its own, configured by
CheckConfig and Configure with its arguments), call runs its Invoke. Python names and types are
then checked against the provider itself. The environment gives the plugin's entry (PLUGIN_MAIN),
the default provider's emulator (EMULATOR_URL) and AccessKey pair (KEY_ID, KEY_SECRET)."""

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
        # As the engine starts a plugin: with the program's environment (credentials may come from it).
        env = {k: v for k, v in os.environ.items() if k.startswith(("ALIBABA_CLOUD_", "ALICLOUD_"))}
        env.update({"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true", "ALICLOUD_FLINK_RATE_CACHE": "off"})
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




def install(project):
    """Installs the forwarding mocks; returns the record of what was registered and called, and a closer."""
    pulumi.runtime.set_mocks(ForwardToPlugin(), project=project, stack="dev", preview=False)

    def close():
        for p in plugins.values():
            p.close()

    return seen, close
