"""Runs examples/python/__main__.py unchanged under mocks that forward to the real plugin
(forward_mocks.py), with its config set as `pulumi config set` would; prints one JSON line of
what it registered and called."""

import json
import os
import runpy
import sys

sys.path.insert(0, os.path.dirname(__file__))
import forward_mocks  # noqa: E402

import pulumi  # noqa: E402

PROJECT = "flink-connectors-python"
seen, close = forward_mocks.install(PROJECT)
for key in ("workspaceId", "namespaceName", "jarBucket", "stagingEndpoint", "localJar"):
    value = os.environ.get(f"EXAMPLE_{key.upper()}")
    if value:
        pulumi.runtime.set_config(f"{PROJECT}:{key}", value)

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python", "__main__.py")


@pulumi.runtime.test
def example():
    runpy.run_path(EXAMPLE, run_name="__main__")


try:
    example()
    print(json.dumps({"seen": seen}))
finally:
    close()
