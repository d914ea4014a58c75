import { choiceOf, numberOf, parseCommand } from "./args";

/**
 * `alicloud-flink emulator <command>`: out-of-band changes to a running emulator, through its
 * control routes (/_emulator/...), from another terminal or a test script.
 */
export const CONTROL_USAGE = `Usage: alicloud-flink emulator <command> [options]
  start ...                                   start an emulator (see: alicloud-flink emulator start --help)
  connectors --workspace W --namespace N      list the connectors of a namespace (with the JAR each came from)
  put --workspace W --namespace N --connector NAME [--type T] [--source] [--sink] [--lookup]
                                              add or change a connector out of band (naming a kind
                                              makes the others false; --no-source, --no-sink and
                                              --no-lookup turn one off)
  delete --workspace W --namespace N --connector NAME
                                              delete a connector out of band
  jar --jar-url URL (--connector NAME [--type T] [--[no-]source] [--[no-]sink] [--[no-]lookup] [--formats a,b] [--property key=default]...
                     | --error unreachable|invalid [--message TEXT])
                                              declare what registering a JAR URL yields
  fault --kind KIND [--action ACTION] [--times N] [--delay-ms N] [--status N]
                                              queue a fault (throttle, internal-error, unavailable, reset,
                                              delay, drop-after-commit, non-json); "fault --clear" drops them
  requests [--clear]                          print the request log (or clear it)
  uploads                                     list the objects uploaded through pre-signed URLs
Every command takes --url URL and --token TOKEN, or ALICLOUD_FLINK_EMULATOR_URL and
ALICLOUD_FLINK_EMULATOR_TOKEN (both printed by "start").`;

type Flags = Map<string, string[]>;

const text = { type: "string" } as const;
const flag = { type: "boolean" } as const;
const CONTROL_OPTIONS = {
  url: text,
  token: text,
  workspace: text,
  namespace: text,
  connector: text,
  type: text,
  source: flag,
  sink: flag,
  lookup: flag,
  "no-source": flag,
  "no-sink": flag,
  "no-lookup": flag,
  formats: text,
  property: { type: "string", multiple: true },
  "jar-url": text,
  error: text,
  message: text,
  kind: text,
  action: text,
  times: text,
  "delay-ms": text,
  status: text,
  clear: flag,
} as const;

/** Every option given, by name (a flag as "true"), through `node:util.parseArgs`. */
function parseFlags(argv: readonly string[]): Flags {
  const { values } = parseCommand(argv, CONTROL_OPTIONS, CONTROL_USAGE);
  const flags: Flags = new Map();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) flags.set(k, (Array.isArray(v) ? v : [v]).map(String));
  return flags;
}

const one = (f: Flags, k: string): string | undefined => f.get(k)?.[0];
const need = (f: Flags, k: string): string => {
  const v = one(f, k);
  if (!v || v === "true") throw new Error(`--${k} is required\n\n${CONTROL_USAGE}`);
  return v;
};

async function call(f: Flags, method: string, path: string, body?: unknown): Promise<unknown> {
  const url = one(f, "url") ?? process.env.ALICLOUD_FLINK_EMULATOR_URL;
  const token = one(f, "token") ?? process.env.ALICLOUD_FLINK_EMULATOR_TOKEN;
  if (!url || !token)
    throw new Error(
      "Which emulator? Pass --url and --token, or set ALICLOUD_FLINK_EMULATOR_URL " +
        "and ALICLOUD_FLINK_EMULATOR_TOKEN (printed when it starts).",
    );
  const res = await fetch(new URL(`/_emulator/${path}`, url), {
    method,
    headers: { "x-emulator-token": token, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
    redirect: "error",
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  const why = answer.error;
  if (!res.ok)
    throw new Error(`The emulator refused: ${typeof why === "string" ? why : why === undefined ? res.status : JSON.stringify(why)}`);
  return answer;
}

const KINDS = ["source", "sink", "lookup"] as const;

function connectorSpec(f: Flags): Record<string, unknown> {
  const properties = (f.get("property") ?? []).map((p) => {
    const [key, ...rest] = p.split("=");
    return { key, defaultValue: rest.join("="), description: "", required: false, definesFormat: false, sensitive: false };
  });
  // Naming a kind (--source) means the connector is that; the kinds not named are then false.
  const named = KINDS.some((k) => f.has(k));
  const kinds = Object.fromEntries(
    KINDS.flatMap((k) => (f.has(`no-${k}`) ? [[k, false]] : f.has(k) ? [[k, true]] : named ? [[k, false]] : [])),
  );
  return {
    name: need(f, "connector"),
    ...(one(f, "type") ? { type: one(f, "type") } : {}),
    ...kinds,
    ...(one(f, "formats") ? { supportedFormats: need(f, "formats").split(",") } : {}),
    ...(properties.length ? { properties } : {}),
  };
}

/** Runs one control command; returns what to print. */
export async function runEmulatorControl(command: string, argv: readonly string[]): Promise<string> {
  const f = parseFlags(argv);
  const scope = (): string => `workspace=${encodeURIComponent(need(f, "workspace"))}&namespace=${encodeURIComponent(need(f, "namespace"))}`;
  switch (command) {
    case "connectors":
      return JSON.stringify(await call(f, "GET", `connectors?${scope()}`), null, 2);
    case "put":
      await call(f, "PUT", `connectors?${scope()}`, connectorSpec(f));
      return `put ${need(f, "connector")}`;
    case "delete":
      await call(f, "DELETE", `connectors?${scope()}&name=${encodeURIComponent(need(f, "connector"))}`);
      return `deleted ${need(f, "connector")}`;
    case "jar": {
      const error = one(f, "error");
      choiceOf("error", error, ["unreachable", "invalid"], CONTROL_USAGE);
      const spec = error ? { error, ...(one(f, "message") ? { message: one(f, "message") } : {}) } : { connectors: [connectorSpec(f)] };
      await call(f, "PUT", "jars", { url: need(f, "jar-url"), spec });
      return `declared ${need(f, "jar-url")}`;
    }
    case "fault": {
      if (f.has("clear")) {
        await call(f, "DELETE", "faults");
        return "faults cleared";
      }
      const n = (k: string): number | undefined => numberOf(k, one(f, k), 0, CONTROL_USAGE);
      const spec = {
        kind: need(f, "kind"),
        ...(one(f, "action") ? { action: one(f, "action") } : {}),
        times: n("times"),
        delayMs: n("delay-ms"),
        status: n("status"),
      };
      const r = (await call(f, "POST", "faults", spec)) as { pending: number };
      return `queued ${spec.kind}; ${r.pending} pending`;
    }
    case "uploads":
      return JSON.stringify(await call(f, "GET", "uploads"), null, 2);
    case "requests":
      if (f.has("clear")) {
        await call(f, "DELETE", "requests");
        return "request log cleared";
      }
      return JSON.stringify(await call(f, "GET", "requests"), null, 2);
    default:
      throw new Error(`Unknown command "${command}"\n\n${CONTROL_USAGE}`);
  }
}
