import { parseArgs } from "node:util";
import { FileConnectorStore } from "./file-store";
import { startEmulator, type EmulatorOptions, type RequestRecord } from "./server";
import type { EmulatorKey } from "./types";

export const START_USAGE = `Usage: alicloud-flink emulator [start] [--port N] [--key ID:SECRET[:STS_TOKEN]]... [--state FILE]
                              [--oss-dir DIR] [--builtin-names refuse|accept] [--answers named|documented]
                              [--business-errors http|200] [--qps N] [--latency MS] [--throttle-latency MS]
                              [--engine-java-version N] [--upload-jar-url oss|https] [--upload-no-overwrite]
                              [--token TOKEN] [--quiet]

Starts a local Ververica (Realtime Compute for Apache Flink) connector API on 127.0.0.1.
  --key      an accepted AccessKey pair (repeatable); without one, a pair is generated and printed
  --state    keep connectors in FILE across restarts
  --oss-dir  a directory standing in for OSS: oss://bucket/key is DIR/bucket/key, and Register
             reads that JAR's table factories as the platform does
  --builtin-names  refuse (default) or accept a JAR whose connector has a built-in connector's name
  --answers  named (default) or documented: business errors as the SDK docs show them (HTTP 200,
             numeric errorCode, Chinese message)
  --qps      the account's quota: calls beyond it are throttled (Throttling.User)
  --latency  milliseconds added to every call, like a remote service
  --throttle-latency  milliseconds before a throttling answer of --qps (default: --latency)
  --engine-java-version  the engine's Java (8 by default): how multi-release JARs read, which classes load
  --upload-jar-url  the jarUrl GetPreSignedUrlForPutObject answers: oss:// (default) or https://
  --upload-no-overwrite  refuse a PUT over an uploaded object (409 FileAlreadyExists)
  --token    the control token of the /_emulator/ routes (default: generated and printed)
  --quiet    do not print a line per request`;

const START_OPTIONS = {
  port: { type: "string" },
  key: { type: "string", multiple: true },
  state: { type: "string" },
  "oss-dir": { type: "string" },
  "builtin-names": { type: "string" },
  answers: { type: "string" },
  "business-errors": { type: "string" },
  qps: { type: "string" },
  latency: { type: "string" },
  "throttle-latency": { type: "string" },
  token: { type: "string" },
  quiet: { type: "boolean" },
  "engine-java-version": { type: "string" },
  "upload-jar-url": { type: "string" },
  "upload-no-overwrite": { type: "boolean" },
} as const;

/** `emulator start`'s arguments, through `node:util.parseArgs` (the emulator imports only itself). */
function parseStartArgs(argv: readonly string[]): EmulatorOptions & { stateFile?: string; quiet?: boolean } {
  let values: {
    [K in keyof typeof START_OPTIONS]?: K extends "key" ? string[] : K extends "quiet" | "upload-no-overwrite" ? boolean : string;
  };
  try {
    values = parseArgs({ args: [...argv], options: START_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new Error(`${(e as Error).message.split(". To specify a positional")[0]}\n\n${START_USAGE}`);
  }
  const num = (flag: keyof typeof START_OPTIONS, min: number): number | undefined => {
    const v = values[flag] as string | undefined;
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < min)
      throw new Error(`--${flag} takes a number of at least ${min}, got "${v}"\n\n${START_USAGE}`);
    return n;
  };
  const choice = <T extends string>(flag: keyof typeof START_OPTIONS, allowed: readonly T[]): T | undefined => {
    const v = values[flag] as string | undefined;
    if (v !== undefined && !(allowed as readonly string[]).includes(v))
      throw new Error(`--${flag} takes ${allowed.join(" or ")}\n\n${START_USAGE}`);
    return v as T | undefined;
  };
  const keys: EmulatorKey[] = (values.key ?? []).map((k) => {
    const [accessKeyId, accessKeySecret, securityToken] = k.split(":");
    if (!accessKeyId || !accessKeySecret) throw new Error(`--key takes ID:SECRET[:STS_TOKEN]\n\n${START_USAGE}`);
    return securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret };
  });
  const port = num("port", 0) ?? 0;
  if (!Number.isInteger(port) || port > 65535) throw new Error(`--port must be 0..65535\n\n${START_USAGE}`);
  const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return defined({
    port,
    businessErrorStatus: choice("business-errors", ["http", "200"] as const) ?? "http",
    builtinNames: choice("builtin-names", ["refuse", "accept"] as const),
    answers: choice("answers", ["named", "documented"] as const),
    stateFile: values.state,
    ossDir: values["oss-dir"],
    qps: num("qps", 0.001),
    latencyMs: num("latency", 0),
    throttleLatencyMs: num("throttle-latency", 0),
    controlToken: values.token,
    engineJavaVersion: num("engine-java-version", 8),
    uploads: defined({
      jarUrlStyle: choice("upload-jar-url", ["oss", "https"] as const),
      overwrite: values["upload-no-overwrite"] ? false : undefined,
    }),
    quiet: values.quiet,
    keys,
  });
}

function emuJarLine(ossDir: string | undefined): string {
  return ossDir
    ? `Register reads each JAR as the platform does: oss://BUCKET/KEY is ${ossDir}/BUCKET/KEY, http:// URLs on
this machine are downloaded; a JAR registers one connector per table factory identifier in it.`
    : `Without --oss-dir, oss:// JARs cannot be read: as a stand-in (the real platform never does this), a URL
ending in <name>-<version>.jar or <name>.jar registers one connector named <name>. http:// URLs on this
machine are downloaded and read as the platform does.`;
}

const SHORT: Record<string, string> = {
  RegisterCustomConnector: "Register",
  ListCustomConnectors: "List",
  DeleteCustomConnector: "Delete",
  GetPreSignedUrlForPutObject: "UploadUrl",
  PutObject: "PutObject",
};

/** One line per request: time, action, namespace/connector, status, milliseconds, and what a Register registered. */
export function requestLine(r: RequestRecord): string {
  const what = `${r.namespaceName ?? "-"}${r.connectorName ? `/${r.connectorName}` : ""}`;
  const extra = [r.code, r.fault ? `fault ${r.fault}` : undefined, r.connectors ? `registered ${r.connectors.join(", ")}` : undefined]
    .filter(Boolean)
    .join("  ");
  return (
    `${r.at.slice(11, 23)}  ${(r.action ? SHORT[r.action] : `${r.method} ${r.path}`).padEnd(8)} ` +
    `${what.padEnd(40)} ${String(r.status).padEnd(7)} ${String(r.ms).padStart(5)} ms${extra ? `  ${extra}` : ""}`
  );
}

/**
 * What `emulator start` prints first: the config of both providers (the native plugin reads every
 * setting under `alicloud-flink:`, the npm package's dynamic provider the credentials under
 * `alicloud:`), the environment, and the control variables. The key names are checked against the
 * package's settings by a spec (the emulator imports only itself).
 */
export function startBanner(o: { url: string; accessKeyId: string; secret?: string; controlToken: string; stateFile?: string }): string {
  const secret = o.secret ?? "<the secret you passed with --key>";
  return `Ververica connector API emulator listening on ${o.url}${o.stateFile ? ` (connectors kept in ${o.stateFile})` : ""}

Point a program that uses the plugin (YAML, Python, Go, or an SDK) at it:
  pulumi config set alicloud-flink:endpoint ${o.url}
  pulumi config set alicloud-flink:accessKey ${o.accessKeyId}
  pulumi config set --secret alicloud-flink:secretKey '${secret}'

or a TypeScript program that uses the npm package's FlinkConnector (dynamic provider):
  pulumi config set alicloud-flink:endpoint ${o.url}
  pulumi config set alicloud:accessKey ${o.accessKeyId}
  pulumi config set --secret alicloud:secretKey '${secret}'

or either through the environment:
  export ALICLOUD_FLINK_ENDPOINT=${o.url}
  export ALIBABA_CLOUD_ACCESS_KEY_ID=${o.accessKeyId}
  export ALIBABA_CLOUD_ACCESS_KEY_SECRET='${secret}'

Change it from another terminal (alicloud-flink emulator --help lists the commands):
  export ALICLOUD_FLINK_EMULATOR_URL=${o.url}
  export ALICLOUD_FLINK_EMULATOR_TOKEN=${o.controlToken}
`;
}

/** `alicloud-flink emulator start`: runs until SIGINT or SIGTERM. */
export async function runEmulatorStart(argv: readonly string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(START_USAGE);
    return;
  }
  const { stateFile, quiet, ...options } = parseStartArgs(argv);
  const generated = !options.keys?.length;
  const emu = await startEmulator({
    ...options,
    ...(stateFile ? { store: new FileConnectorStore(stateFile) } : {}),
    ...(quiet ? {} : { onRequest: (r) => console.log(requestLine(r)) }),
  });
  const c = emu.credentials;
  console.log(
    startBanner({
      url: emu.url,
      accessKeyId: c.accessKeyId,
      secret: generated ? c.accessKeySecret : undefined,
      controlToken: emu.controlToken,
      stateFile,
    }),
  );
  console.log(`${emuJarLine(options.ossDir)}\nPress Ctrl+C to stop.`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      emu.close().then(resolve, resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
