#!/usr/bin/env node
import { startEmulator, type EmulatorOptions } from "./server";
import type { EmulatorKey } from "./types";

const USAGE = `Usage: alicloud-flink-emulator [--port N] [--key ID:SECRET[:STS_TOKEN]]... [--business-errors http|200]

Starts a local Ververica (Realtime Compute for Apache Flink) connector API on 127.0.0.1.
Without --key, one key pair is generated and printed.`;

function parseArgs(argv: string[]): EmulatorOptions {
  const keys: EmulatorKey[] = [];
  let port = 0;
  let businessErrorStatus: "http" | "200" = "http";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n\n${USAGE}`);
      return v;
    };
    if (a === "--port") port = Number(next());
    else if (a === "--key") {
      const [accessKeyId, accessKeySecret, securityToken] = next().split(":");
      if (!accessKeyId || !accessKeySecret) throw new Error(`--key takes ID:SECRET[:STS_TOKEN]\n\n${USAGE}`);
      keys.push(securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret });
    } else if (a === "--business-errors") {
      const v = next();
      if (v !== "http" && v !== "200") throw new Error(`--business-errors takes http or 200\n\n${USAGE}`);
      businessErrorStatus = v;
    } else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown argument ${a}\n\n${USAGE}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535\n\n${USAGE}`);
  return { port, keys, businessErrorStatus };
}

async function main(): Promise<void> {
  const emu = await startEmulator(parseArgs(process.argv.slice(2)));
  const c = emu.credentials;
  console.log(`Ververica connector API emulator listening on ${emu.url}

Point a Pulumi program at it:
  pulumi config set alicloud-flink:endpoint ${emu.url}
  pulumi config set alicloud:accessKey ${c.accessKeyId}
  pulumi config set --secret alicloud:secretKey '<the secret below>'

or through the environment:
  export ALIBABA_CLOUD_ACCESS_KEY_ID=${c.accessKeyId}
  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${c.accessKeySecret}

Any JAR URL ending in <name>-<version>.jar or <name>.jar registers a connector named <name>.
Press Ctrl+C to stop.`);
  const stop = (): void => {
    emu.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
});
