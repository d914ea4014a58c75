/**
 * `npm run test:live`: the acceptance suite against Alibaba Cloud (opt-in), or with
 * `-- --compare REPORT.json`, the same probes against the emulator, held against a live report.
 * Without ALICLOUD_FLINK_LIVE=1 and the variables below it says it was skipped and exits 0.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VervericaConnectorClient } from "../lib/client/connector-client";
import { startEmulator } from "../lib/emulator/server";
import {
  compareProbes,
  RefusedToStart,
  runAcceptance,
  runProbes,
  type AcceptanceReport,
  type AcceptanceTarget,
} from "../tests/support/acceptance";
import { REPO } from "../tests/support/consumer";
import { parseCommand } from "../lib/cli/args";

const REQUIRED = [
  "ALICLOUD_FLINK_LIVE_WORKSPACE",
  "ALICLOUD_FLINK_LIVE_NAMESPACE",
  "ALICLOUD_FLINK_LIVE_JAR_URL_1",
  "ALICLOUD_FLINK_LIVE_JAR_URL_2",
  "ALICLOUD_FLINK_LIVE_CONNECTOR",
] as const;

/** Environment the provider host and the client may read credentials and the region from. */
function credentialEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] =>
        e[1] !== undefined && /^(ALIBABA_CLOUD_|ALICLOUD_)/.test(e[0]) && !e[0].startsWith("ALICLOUD_FLINK_LIVE"),
    ),
  );
}

function summary(report: AcceptanceReport): string {
  const lines = [`Probes (${report.target.kind}, ${report.target.endpoint}):`];
  for (const p of report.probes) {
    lines.push(
      `  ${p.probe.padEnd(26)} ${p.outcome.padEnd(8)} HTTP ${String(p.httpStatus ?? "-").padEnd(4)} ${(p.errorCode ?? p.detail ?? "").padEnd(36)} → ${p.kind ?? "success"}`,
    );
  }
  const failed = report.checks.filter((c) => !c.ok);
  lines.push(`Checks: ${report.checks.length - failed.length} passed, ${failed.length} failed`);
  for (const c of failed) lines.push(`  FAIL ${c.check}: ${c.detail}`);
  return lines.join("\n");
}

async function compare(file: string): Promise<number> {
  const reference = JSON.parse(readFileSync(file, "utf8")) as AcceptanceReport;
  const [jar1, jar2, bad] = reference.target.jarUrls;
  const name = reference.target.connectorName;
  const emu = await startEmulator({
    jars: { [jar1]: { connectors: [{ name }] }, [jar2]: { connectors: [{ name }] }, [bad]: { error: "unreachable" } },
  });
  try {
    const target: AcceptanceTarget = {
      kind: "emulator",
      endpoint: emu.url,
      workspaceId: reference.target.workspaceId,
      namespaceName: reference.target.namespaceName,
      connectorName: name,
      jarUrl1: jar1,
      jarUrl2: jar2,
      badJarUrl: bad,
      client: { endpoint: emu.url, credentials: emu.credentials, env: {} },
      config: {},
    };
    const client = new VervericaConnectorClient(target.client);
    await client.register(target, jar1);
    const differences = compareProbes(reference.probes, await runProbes(target, client));
    console.log(
      differences.length
        ? `The emulator differs from ${file}:\n  ${differences.join("\n  ")}`
        : `The emulator answers every probe as ${file} records.`,
    );
    return differences.length ? 1 : 0;
  } finally {
    await emu.close();
  }
}

async function live(): Promise<number> {
  const missing = [
    ...(process.env.ALICLOUD_FLINK_LIVE === "1" ? [] : ["ALICLOUD_FLINK_LIVE=1"]),
    ...REQUIRED.filter((k) => !process.env[k]),
  ];
  if (missing.length) {
    console.log(
      `Live acceptance tests skipped: set ${missing.join(", ")} (and credentials as usual). See the README, "Live acceptance tests".`,
    );
    return 0;
  }
  const env = process.env as Record<string, string>;
  const jar1 = env.ALICLOUD_FLINK_LIVE_JAR_URL_1;
  const endpoint = env.ALICLOUD_FLINK_ENDPOINT;
  const region = env.ALIBABA_CLOUD_REGION_ID ?? env.ALICLOUD_REGION;
  const target: AcceptanceTarget = {
    kind: "live",
    endpoint: endpoint ?? `ververica.${region ?? "?"}.aliyuncs.com`,
    workspaceId: env.ALICLOUD_FLINK_LIVE_WORKSPACE,
    namespaceName: env.ALICLOUD_FLINK_LIVE_NAMESPACE,
    connectorName: env.ALICLOUD_FLINK_LIVE_CONNECTOR,
    jarUrl1: jar1,
    jarUrl2: env.ALICLOUD_FLINK_LIVE_JAR_URL_2,
    badJarUrl: env.ALICLOUD_FLINK_LIVE_BAD_JAR_URL ?? jar1.replace(/[^/]*$/, "does-not-exist-0.0.jar"),
    client: { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), env: process.env },
    config: {
      ...(endpoint ? { "alicloud-flink:endpoint": endpoint } : {}),
      ...(region ? { "alicloud:region": region } : {}),
    },
    hostEnv: { ...credentialEnv(), ...(process.env.HOME ? { HOME: process.env.HOME } : {}) },
    consumer: "live",
  };
  let interrupted: (() => Promise<void>) | undefined;
  process.once("SIGINT", () => {
    console.log("Interrupted: cleaning up what the suite created…");
    void (interrupted?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  try {
    const report = await runAcceptance(target, (l) => console.log(l), { onInterrupt: (c) => (interrupted = c) });
    const dir = join(REPO, ".tmp");
    mkdirSync(dir, { recursive: true });
    const file = env.ALICLOUD_FLINK_LIVE_REPORT ?? join(dir, `live-report-${report.startedAt.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`${summary(report)}\nReport (redacted): ${file}`);
    return report.checks.every((c) => c.ok) ? 0 : 1;
  } catch (e) {
    if (e instanceof RefusedToStart) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const { values } = parseCommand(process.argv.slice(2), { compare: { type: "string" } }, "Usage: npm run test:live [-- --compare REPORT]");
  process.exit(values.compare !== undefined ? await compare(values.compare) : await live());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
});
