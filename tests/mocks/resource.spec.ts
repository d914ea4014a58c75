import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as sinon from "sinon";
import { startEmulator } from "../../lib/emulator/server";
import { FlinkConnector } from "../../lib/resource/flink-connector";
import { getFlinkConnectors, getFlinkConnectorsOutput } from "../../lib/resource/get-flink-connectors";
import { getFlinkUdfArtifacts } from "../../lib/resource/flink-udf-artifact";
import { VervericaClient } from "../../lib/client/udf-client";
import { buildUdfJar } from "../../lib/emulator/fixtures/udf-jar";
import type { FlinkConnectorService } from "../../lib/service/connector-service";
import { connector } from "../support/fixtures";

// Specs under pulumi.runtime.setMocks: their own mocha invocation (npm run test:mocks).
const SECRET_MARKER = "MockSecretValue-never-serialize-0001";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];

function setMocks(preview: boolean): void {
  void pulumi.runtime.setMocks(
    {
      newResource: (args: pulumi.runtime.MockResourceArgs) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        if (args.type === "test:index:Unknown") return { id: preview ? undefined : "u1", state: {} };
        return {
          id: `${args.inputs.workspaceId}:${args.inputs.namespaceName}:${args.inputs.connectorName}`,
          state: { ...args.inputs, connectorType: "acme-sink" },
        };
      },
      call: () => ({}),
    },
    "flink-project",
    "dev",
    preview,
  );
}

class UnknownResource extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Unknown", name, {});
  }
}

const outputValue = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

describe("FlinkConnector under pulumi.runtime.setMocks", () => {
  before(() => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = SECRET_MARKER;
    pulumi.runtime.setAllConfig({ "alicloud:secretKey": SECRET_MARKER, "alicloud:accessKey": "LTAImockkey" }, ["alicloud:secretKey"]);
    setMocks(false);
  });
  after(() => {
    delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  });

  it("makes every declared output an Output, also the optional inputs a program did not set", async () => {
    const c = new FlinkConnector("plain", {
      workspaceId: "ws",
      namespaceName: "ns",
      connectorName: "plain-sink",
      jarUrl: "oss://b/plain-sink-1.0.jar",
    });
    const declared = [
      "workspaceId",
      "namespaceName",
      "connectorName",
      "jarUrl",
      "adoptExisting",
      "contentVersion",
      "connectorType",
      "source",
      "sink",
      "lookup",
      "supportedFormats",
      "dependencies",
      "properties",
      "creator",
      "creatorName",
      "modifier",
      "modifierName",
    ] as const;
    const notOutputs = declared.filter((k) => !pulumi.Output.isInstance(c[k]));
    expect(notOutputs).to.deep.equal([]);
  });

  it("registers with the alicloud-flink type token, the inputs and a serialized provider without credentials", async () => {
    const c = new FlinkConnector("acme", {
      workspaceId: "ws",
      namespaceName: "ns",
      connectorName: "acme-sink",
      jarUrl: "oss://b/acme-sink-1.0.jar",
    });
    expect(await outputValue(c.connectorType)).to.equal("acme-sink");
    expect(await outputValue(c.id)).to.equal("ws:ns:acme-sink");
    const r = registered.find((x) => x.name === "acme");
    expect(r?.type).to.equal("pulumi-nodejs:dynamic/alicloud-flink:FlinkConnector");
    expect(r?.inputs).to.include({
      workspaceId: "ws",
      namespaceName: "ns",
      connectorName: "acme-sink",
      jarUrl: "oss://b/acme-sink-1.0.jar",
    });
    const text = String(r?.inputs.__provider);
    expect(text).to.contain("exports.handler");
    expect(text).to.not.contain(SECRET_MARKER).and.not.contain("LTAImockkey");
  });

  it("serializes the one shared provider once for many resources", async () => {
    const a = new FlinkConnector("a1", { workspaceId: "ws", namespaceName: "ns", connectorName: "a1", jarUrl: "oss://b/a1.jar" });
    const b = new FlinkConnector("b1", { workspaceId: "ws", namespaceName: "ns", connectorName: "b1", jarUrl: "oss://b/b1.jar" });
    await Promise.all([outputValue(a.id), outputValue(b.id)]);
    const texts = registered.filter((x) => x.name === "a1" || x.name === "b1").map((x) => x.inputs.__provider);
    expect(texts[0]).to.equal(texts[1]);
  });

  it("getFlinkConnectorsOutput resolves known inputs through the service", async () => {
    const service = {
      list: sinon.stub().resolves([connector("b-sink"), connector("a-source", { type: "src" })]),
    } as unknown as FlinkConnectorService;
    const result = getFlinkConnectorsOutput({ workspaceId: pulumi.output("ws"), namespaceName: "ns", nameRegex: "-s" }, { service });
    const v = await outputValue(result);
    expect(v.names).to.deep.equal(["a-source", "b-sink"]);
    expect(v.ids).to.deep.equal(["ws:ns:a-source", "ws:ns:b-sink"]);
    expect(v.connectors[0]).to.include({ connectorType: "src", id: "ws:ns:a-source" });
  });
});

describe("getFlinkConnectors in a program", () => {
  it("uses the program's stack config (endpoint and credentials) like the resource does", async () => {
    const emu = await startEmulator();
    try {
      emu.putConnector("ws", "ns", { name: "from-console", type: "jdbc" });
      pulumi.runtime.setAllConfig(
        {
          "alicloud:accessKey": emu.credentials.accessKeyId,
          "alicloud:secretKey": emu.credentials.accessKeySecret,
          "alicloud-flink:endpoint": emu.url,
        },
        ["alicloud:secretKey"],
      );
      const r = await getFlinkConnectors({ workspaceId: "ws", namespaceName: "ns", type: "jdbc" });
      expect(r.names).to.deep.equal(["from-console"]);
      expect(emu.calls("ListCustomConnectors")).to.equal(1);
    } finally {
      await emu.close();
    }
  });
});

describe("getFlinkConnectors retrying in a program", () => {
  afterEach(() => sinon.restore());

  it("says in the program's diagnostics that it was throttled and is retrying", async () => {
    const emu = await startEmulator();
    const info = sinon.stub(pulumi.log, "info").resolves();
    try {
      emu.faults.throttle(1, "ListCustomConnectors");
      pulumi.runtime.setAllConfig(
        {
          "alicloud:accessKey": emu.credentials.accessKeyId,
          "alicloud:secretKey": emu.credentials.accessKeySecret,
          "alicloud-flink:endpoint": emu.url,
          "alicloud-flink:throttleRetryMinDelayMs": "10",
          "alicloud-flink:retryMinDelayMs": "5",
          "alicloud-flink:retryMaxDelayMs": "20",
        },
        ["alicloud:secretKey"],
      );
      const r = await getFlinkConnectors({ workspaceId: "ws", namespaceName: "retry" });
      expect(r.names).to.deep.equal([]);
      expect(emu.calls("ListCustomConnectors")).to.equal(2);
      const lines = info.getCalls().map((c) => String(c.args[0]));
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/^\[alicloud-flink\] getFlinkConnectors: ListCustomConnectors: attempt 1 .*throttl.*retrying in/i);
      expect(lines[0]).to.not.contain(emu.credentials.accessKeySecret);
    } finally {
      await emu.close();
    }
  });
});

describe("getFlinkConnectorsOutput during preview", () => {
  before(() => setMocks(true));

  it("stays unknown, without calling the API, while an input is unknown", async () => {
    const unknownId = new UnknownResource("u").id;
    const list = sinon.stub().resolves([]);
    const result = getFlinkConnectorsOutput(
      { workspaceId: unknownId, namespaceName: "ns" },
      { service: { list } as unknown as FlinkConnectorService },
    );
    const known = await (result as unknown as { isKnown: Promise<boolean> }).isKnown;
    expect(known).to.equal(false);
    expect(list.callCount).to.equal(0);
  });
});

describe("getFlinkUdfArtifacts in a program", () => {
  it("lists a namespace's UDF artifacts with their classes and functions, from the program's stack config", async () => {
    const emu = await startEmulator();
    try {
      const jar = emu.putObject("b", "u/s.jar", buildUdfJar({ classes: [{ className: "a.Upper", base: "ScalarFunction" }] }));
      const client = new VervericaClient({ endpoint: emu.url, credentials: emu.credentials, env: {} });
      await client.createUdfArtifact({ workspaceId: "ws", namespaceName: "ns" }, { name: "strings", jarUrl: jar, dependencyJarUris: [] });
      pulumi.runtime.setAllConfig(
        {
          "alicloud:accessKey": emu.credentials.accessKeyId,
          "alicloud:secretKey": emu.credentials.accessKeySecret,
          "alicloud-flink:endpoint": emu.url,
        },
        ["alicloud:secretKey"],
      );
      const r = await getFlinkUdfArtifacts({ workspaceId: "ws", namespaceName: "ns" });
      expect(r.names).to.deep.equal(["strings"]);
      expect(r.artifacts[0]).to.deep.include({ id: "ws:ns:strings", jarUrl: jar });
      expect(r.artifacts[0].udfClasses.map((c) => c.className)).to.deep.equal(["a.Upper"]);
      expect((await getFlinkUdfArtifacts({ workspaceId: "ws", namespaceName: "ns", names: ["nope"] })).names).to.deep.equal([]);
      expect(emu.calls("GetUdfArtifacts")).to.equal(2);
    } finally {
      await emu.close();
    }
  });
});
