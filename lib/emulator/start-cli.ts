import { FileConnectorStore } from "./file-store";
import { startEmulator, type EmulatorOptions } from "./server";
import type { EmulatorKey } from "./types";

export const START_USAGE = `Usage: alicloud-flink emulator [start] [--port N] [--key ID:SECRET[:STS_TOKEN]]... [--state FILE]
                              [--business-errors http|200] [--qps N] [--latency MS] [--token TOKEN]

Starts a local Ververica (Realtime Compute for Apache Flink) connector API on 127.0.0.1.
  --key      an accepted AccessKey pair (repeatable); without one, a pair is generated and printed
  --state    keep connectors in FILE across restarts
  --qps      the account's quota: calls beyond it are throttled (Throttling.User)
  --latency  milliseconds added to every call, like a remote service
  --token    the control token of the /_emulator/ routes (default: generated and printed)`;

function parseStartArgs(argv: readonly string[]): EmulatorOptions & { stateFile?: string } {
  const keys: EmulatorKey[] = [];
  const out: { port: number; businessErrorStatus: "http" | "200"; qps?: number; latencyMs?: number; controlToken?: string; stateFile?: string } = { port: 0, businessErrorStatus: "http" };
  const num = (flag: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`${flag} takes a number of at least ${min}, got "${v}"\n\n${START_USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n\n${START_USAGE}`);
      return v;
    };
    if (a === "--port") out.port = num(a, next(), 0);
    else if (a === "--key") {
      const [accessKeyId, accessKeySecret, securityToken] = next().split(":");
      if (!accessKeyId || !accessKeySecret) throw new Error(`--key takes ID:SECRET[:STS_TOKEN]\n\n${START_USAGE}`);
      keys.push(securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret });
    } else if (a === "--business-errors") {
      const v = next();
      if (v !== "http" && v !== "200") throw new Error(`--business-errors takes http or 200\n\n${START_USAGE}`);
      out.businessErrorStatus = v;
    } else if (a === "--state") out.stateFile = next();
    else if (a === "--qps") out.qps = num(a, next(), 0.001);
    else if (a === "--latency") out.latencyMs = num(a, next(), 0);
    else if (a === "--token") out.controlToken = next();
    else throw new Error(`Unknown argument ${a}\n\n${START_USAGE}`);
  }
  if (!Number.isInteger(out.port) || out.port > 65535) throw new Error(`--port must be 0..65535\n\n${START_USAGE}`);
  return { ...out, keys };
}

/** `alicloud-flink emulator start`: runs until SIGINT or SIGTERM. */
export async function runEmulatorStart(argv: readonly string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(START_USAGE);
    return;
  }
  const { stateFile, ...options } = parseStartArgs(argv);
  const emu = await startEmulator({ ...options, ...(stateFile ? { store: new FileConnectorStore(stateFile) } : {}) });
  const c = emu.credentials;
  console.log(`Ververica connector API emulator listening on ${emu.url}${stateFile ? ` (connectors kept in ${stateFile})` : ""}

Point a Pulumi program at it:
  pulumi config set alicloud-flink:endpoint ${emu.url}
  pulumi config set alicloud:accessKey ${c.accessKeyId}
  pulumi config set --secret alicloud:secretKey '<the secret below>'

or through the environment:
  export ALIBABA_CLOUD_ACCESS_KEY_ID=${c.accessKeyId}
  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${c.accessKeySecret}

Change it from another terminal (alicloud-flink emulator --help lists the commands):
  export ALICLOUD_FLINK_EMULATOR_URL=${emu.url}
  export ALICLOUD_FLINK_EMULATOR_TOKEN=${emu.controlToken}

Any JAR URL ending in <name>-<version>.jar or <name>.jar registers a connector named <name>.
Press Ctrl+C to stop.`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      emu.close().then(resolve, resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
