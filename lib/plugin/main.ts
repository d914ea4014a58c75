#!/usr/bin/env node
import * as grpc from "@grpc/grpc-js";
import { engineAddress } from "./main-args";
import { startServer } from "./server";
import { pluginVersion } from "./version";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated stubs */
const engineGrpc: any = require("@pulumi/pulumi/proto/engine_grpc_pb");
const enginePb: any = require("@pulumi/pulumi/proto/engine_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * `pulumi-resource-alicloud-flink`: the native provider plugin. The engine starts it with its
 * own address as the first argument and reads the port from the first line printed; progress
 * lines go to the engine's log (stderr when there is no engine, as in tests).
 */

function engineLog(address: string | undefined): (line: string, urn?: string) => void {
  if (!address) return (line) => process.stderr.write(`${line}\n`);
  const client = new engineGrpc.EngineClient(address, grpc.credentials.createInsecure());
  // One Log call at a time: concurrent calls may reach the engine out of order, and the user
  // reads these lines as a sequence. Never blocks the provider's own work.
  let sent: Promise<void> = Promise.resolve();
  return (line, urn) => {
    const req = new enginePb.LogRequest();
    req.setSeverity(enginePb.LogSeverity.INFO);
    req.setMessage(line);
    if (urn) req.setUrn(urn);
    sent = sent.then(
      () =>
        new Promise<void>((resolve) =>
          client.log(req, (err: Error | null) => {
            if (err) process.stderr.write(`${line}\n`);
            resolve();
          }),
        ),
    );
  };
}

async function main(): Promise<void> {
  const log = engineLog(engineAddress(process.argv.slice(2)));
  const { port, server } = await startServer({
    version: pluginVersion(),
    pluginDownloadURL: process.env.PULUMI_ALICLOUD_FLINK_PLUGIN_DOWNLOAD_URL || undefined,
    log,
  });
  process.stdout.write(`${port}\n`);
  const stop = (): void => server.tryShutdown(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`pulumi-resource-alicloud-flink: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
