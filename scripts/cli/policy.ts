import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { startEmulator } from "../../lib/emulator";
import { buildConnectorJar, type ConnectorJarSpec } from "../../lib/emulator/fixtures/connector-jar";
import { POLICY_NAMES } from "../../lib/policy";
import { yamlProject, type PulumiCli } from "./harness";
import { REPO } from "../standalone/node-binaries";

type Step = (name: string, run: () => Promise<void> | void) => Promise<boolean>;
const expect = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(what);
};
const WS = "c0ffee00000001";

/**
 * The policy pack under the real CLI: `pulumi preview --policy-pack` of a YAML program of native
 * FlinkConnectors whose JARs the pack reads (over http from a loopback server, from the
 * emulator's OSS with the stack's credentials, from a local jarFile), each rule once violated and
 * once satisfied, an input unknown at preview not judged. The pack is the folder a user writes;
 * the Node.js language host that runs a pack folder (`@pulumi/pulumi`'s run-policy-pack, in the
 * pack's folder) is not served here, so `--policy-pack` names an executable beside it that runs
 * that same program there, which the CLI starts as it starts the host (a binary policy pack).
 */
export async function policySteps(cli: PulumiCli, root: string, step: Step): Promise<void> {
  const jars = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const jar = jars.get(req.url ?? "");
    res.writeHead(jar ? 200 : 404).end(jar ?? "");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  const serve = (name: string, spec: ConnectorJarSpec, host = "127.0.0.1"): string => {
    jars.set(`/jars/${name}`, buildConnectorJar(spec));
    return `http://${host}:${port}/jars/${name}`;
  };
  const emu = await startEmulator({});
  const ossJar = emu.putObject("team-jars", "connectors/acme-oss-1.0.jar", buildConnectorJar({ connectors: [{ name: "acme-oss" }] }));
  const project = join(root, "project");
  const pack = join(root, "pack");
  try {
    const launcher = writePack(pack, emu.ossEndpoint);
    const connector = (name: string, props: Record<string, string>, extra = ""): string =>
      `  ${name}:\n    type: alicloud-flink:index:FlinkConnector\n    properties:\n      workspaceId: ${WS}\n` +
      Object.entries({ namespaceName: "default-namespace", ...props })
        .map(([k, v]) => `      ${k}: ${v.startsWith("${") ? v : JSON.stringify(v)}\n`)
        .join("") +
      extra;
    writeFileSync(join(root, "local.jar"), buildConnectorJar({ connectors: [{ name: "acme-local" }] }));
    const satisfied = [
      connector("good", { connectorName: "acme-good", jarUrl: serve("good.jar", { connectors: [{ name: "acme-good" }] }) }),
      connector("good-oss", { connectorName: "acme-oss", jarUrl: ossJar }),
      connector("local", { jarFile: join(root, "local.jar") }),
      // Unknown at preview (the upload's URL): not judged.
      connector("follower", { namespaceName: "team-b", connectorName: "acme-local", jarUrl: "${local.uploadedJarUrl}" }),
    ].join("");
    const violating = [
      connector("misnamed", { connectorName: "acme-misnamed", jarUrl: serve("other.jar", { connectors: [{ name: "acme-other" }] }) }),
      connector("builtin", { connectorName: "kafka", jarUrl: serve("kafka.jar", { connectors: [{ name: "kafka" }] }) }),
      connector("fat", {
        connectorName: "acme-fat",
        jarUrl: serve("fat.jar", { connectors: [{ name: "acme-fat" }], bundle: ["org/apache/flink/table/factories/FactoryUtil"] }),
      }),
      connector("modern", {
        connectorName: "acme-modern",
        jarUrl: serve("modern.jar", { connectors: [{ name: "acme-modern" }], javaVersion: 17 }),
      }),
      connector("elsewhere", { connectorName: "acme-far", jarUrl: serve("far.jar", { connectors: [{ name: "acme-far" }] }, "localhost") }),
      // Two providers, so no one plugin instance sees both: only the stack policy does.
      connector("twin-a", { connectorName: "acme-twin", jarUrl: serve("twin.jar", { connectors: [{ name: "acme-twin" }] }) }),
      connector(
        "twin-b",
        { connectorName: "acme-twin", jarUrl: `http://127.0.0.1:${port}/jars/twin.jar` },
        "    options:\n      provider: ${other}\n",
      ),
    ].join("");
    const other = `  other:\n    type: pulumi:providers:alicloud-flink\n    properties:\n      endpoint: ${emu.url}\n`;
    const write = (resources: string): string => yamlProject(project, "cli-policy", `resources:\n${other}${resources}`);
    writeFileSync(
      join(root, "policy-config.json"),
      JSON.stringify({ [POLICY_NAMES.location]: { allowedBuckets: ["team-jars"], allowedHosts: ["127.0.0.1"] } }),
    );
    const preview = (o: { expectCode?: "nonzero" | 0 } = {}) =>
      cli.run(["preview", "--policy-pack", launcher, "--policy-pack-config", join(root, "policy-config.json")], project, {
        ...o,
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: emu.credentials.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: emu.credentials.accessKeySecret,
        },
      });
    await step("policy pack: each rule violated once, as the CLI prints it; nothing called but the pack's reads", async () => {
      write(satisfied + violating);
      await cli.run(["stack", "init", "dev"], project);
      await cli.run(["config", "set", "alicloud-flink:endpoint", emu.url], project);
      await cli.run(["config", "set", "alicloud-flink:accessKey", emu.credentials.accessKeyId], project);
      await cli.run(["config", "set", "alicloud-flink:secretKey", "--secret"], project, { stdin: emu.credentials.accessKeySecret });
      emu.clearRequests();
      const r = await preview({ expectCode: "nonzero" });
      const policies = r.text.slice(r.text.indexOf("Policies:"));
      console.log(policies.replace(/^/gm, "      "));
      const wanted: Array<[string, string]> = [
        [POLICY_NAMES.names, "misnamed"],
        [POLICY_NAMES.builtin, "builtin"],
        [POLICY_NAMES.runtime, "fat"],
        [POLICY_NAMES.classes, "modern"],
        [POLICY_NAMES.location, "elsewhere"],
        [POLICY_NAMES.unique, "twin-a"],
        [POLICY_NAMES.unique, "twin-b"],
      ];
      for (const [policy, resource] of wanted)
        expect(
          new RegExp(`\\[mandatory\\]\\s+${policy}\\s+\\(alicloud-flink:index:FlinkConnector: ${resource}\\)`).test(policies),
          `no ${policy} violation of ${resource}`,
        );
      const flagged = [...policies.matchAll(/\(alicloud-flink:index:FlinkConnector: ([a-z-]+)\)/g)].map((m) => m[1]);
      expect(flagged.length === wanted.length, `violations of ${flagged.join(", ")}, not exactly the ${wanted.length} wanted`);
      expect(emu.calls("GetObject") === 1, `the pack read the oss:// JAR ${emu.calls("GetObject")} times, not once`);
      expect(emu.calls("RegisterCustomConnector") + emu.calls("DeleteCustomConnector") === 0, "a preview wrote");
    });
    await step("policy pack: a program that meets every rule previews clean under it", async () => {
      write(satisfied);
      const r = await preview();
      expect(!/\[mandatory\]|\[advisory\]/.test(r.text), `a satisfied program has violations:\n${r.text}`);
    });
    await step("policy pack: a rule configured advisory warns and no longer fails the preview; no secret key in any output", async () => {
      write(satisfied + violating.split("  fat:")[0].split("  builtin:")[0]);
      writeFileSync(
        join(root, "policy-config.json"),
        JSON.stringify({
          [POLICY_NAMES.location]: { allowedBuckets: ["team-jars"], allowedHosts: ["127.0.0.1"] },
          [POLICY_NAMES.names]: "advisory",
        }),
      );
      const r = await preview();
      expect(/\[advisory\]\s+flink-jar-declares-its-connectors\s+\(alicloud-flink:index:FlinkConnector: misnamed\)/.test(r.text), r.text);
      const leaked = cli.transcript.filter((t) => t.includes(emu.credentials.accessKeySecret)).map((t) => t.split("\n")[0]);
      expect(leaked.length === 0, `the secret key is in the output of ${leaked.join("; ")}`);
    });
  } finally {
    await emu.close();
    server.close();
  }
}

/**
 * The pack a user writes (PulumiPolicy.yaml, package.json, index.js), with this package and
 * @pulumi/policy installed; returns the executable that runs it as the language host would.
 */
function writePack(pack: string, ossEndpoint: string): string {
  mkdirSync(join(pack, "node_modules"), { recursive: true });
  writeFileSync(join(pack, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: Flink connector JARs, read at preview.\n");
  writeFileSync(join(pack, "package.json"), JSON.stringify({ name: "flink-policies", version: "1.0.0", main: "index.js" }));
  writeFileSync(
    join(pack, "index.js"),
    `const { PolicyPack } = require("@pulumi/policy");\n` +
      `const { flinkPolicies } = require("pulumi-alicloud-flink/policy");\n` +
      `new PolicyPack("alicloud-flink", { policies: flinkPolicies({ ossEndpoint: ${JSON.stringify(ossEndpoint)} }) });\n`,
  );
  symlinkSync(REPO, join(pack, "node_modules", "pulumi-alicloud-flink"));
  symlinkSync(join(REPO, "node_modules", "@pulumi"), join(pack, "node_modules", "@pulumi"));
  const launcher = join(pack, "run-pack");
  const runner = join(pack, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
  // The CLI passes the engine's address; the pack runs in its folder (PolicyPack reads ./package.json).
  writeFileSync(
    launcher,
    `#!/bin/sh\ncd ${JSON.stringify(pack)} && exec ${JSON.stringify(process.execPath)} ${JSON.stringify(runner)} "$1" .\n`,
  );
  chmodSync(launcher, 0o755);
  return launcher;
}
