import { startEmulator, type Emulator } from "../../lib/emulator/server";
import { FAULT_KINDS, seeded, type FaultKind } from "../../lib/emulator/faults";
import { ConnectorOperationError, type OperationFacts, type Presence } from "../../lib/errors/operation-error";
import { captureProgram, prepareConsumer } from "./consumer";
import { ossDirWith } from "./oss";
import { runCommand, type CommandStep, type ResourceState } from "./engine";

/**
 * A seeded fault campaign: the packed provider in the real dynamic-provider host (a new host per
 * `pulumi` command, as the engine starts one), against the emulator with about a fifth of all
 * requests faulted in every way the emulator knows, including "hold the request past the
 * client's timeout, then carry it out". Random creates, updates, refreshes and deletes over a
 * few dozen connectors in two namespaces; after every command, once every held request has
 * been carried out, what the engine recorded is held against what the platform has.
 */

export interface CampaignOptions {
  readonly seed: number;
  /** Operations in all. */
  readonly ops: number;
  /** alicloud-flink:maxAttempts. */
  readonly maxAttempts: number;
  /** Share of requests faulted. Defaults to 0.2. */
  readonly faultRate?: number;
  /** Connectors per namespace. Defaults to 12. */
  readonly connectorsPerNamespace?: number;
  /** Steps the engine runs at once within one command. Defaults to 8. */
  readonly parallel?: number;
  /** The request timeout given to the provider. Defaults to 300 ms; held requests are held 1.5 times as long. */
  readonly requestTimeoutMs?: number;
  /** The scratch consumer project (under .tmp) to install the packed package into. Defaults to "consumer". */
  readonly consumer?: string;
  /** How the emulator answers business errors: named codes, or as the SDK docs show them. Defaults to "named". */
  readonly answers?: "named" | "documented";
}

export type ViolationKind =
  /** A step reported success (or a refresh found it) but the platform does not have the connector. */
  | "lost"
  /** The platform has a connector the state does not track. */
  | "orphan"
  /** The state says one JAR, the platform registered another, after a step that reported success. */
  | "mismatch"
  /** A failure's facts say present or absent, and the platform says otherwise. */
  | "contradiction"
  /** The state still has a connector after a successful delete, or the final clean-up left something. */
  | "leftover";

export interface Violation {
  readonly kind: ViolationKind;
  readonly connector: string;
  readonly detail: string;
}

export interface CampaignReport {
  readonly options: Required<CampaignOptions>;
  readonly operations: Record<"create" | "update" | "refresh" | "delete" | "same", number>;
  readonly failed: number;
  readonly partial: number;
  readonly requests: number;
  readonly faults: Record<FaultKind, number>;
  readonly violations: readonly Violation[];
  readonly wallMs: number;
}

const WORKSPACE = "campaign-ws";
const NAMESPACES = ["ns-a", "ns-b"] as const;

interface Target {
  readonly resource: string;
  readonly namespaceName: string;
  readonly connectorName: string;
  /** Every connector its JAR registers: one, or (every third target) two, like the Kafka SQL connector JAR. */
  readonly names: readonly string[];
}

type Op = "create" | "update" | "refresh" | "delete" | "same";

interface Outcome {
  readonly target: Target;
  readonly op: Op;
  readonly jarUrl?: string;
  readonly error?: string;
  readonly facts?: OperationFacts;
}

/** Whether, by a failure's facts, the connector (or, given a name, that connector of the set) is on the platform now. */
export function claimedPresence(f: OperationFacts, name?: string): Presence {
  const each = name !== undefined ? f.connectors?.[name] : undefined;
  const old = each ? each.old : f.oldConnector;
  const neu = each ? each.new : f.newConnector;
  if (f.operation === "delete") return old ?? "unknown";
  if (f.operation === "create") return old === "present" ? "present" : (neu ?? "unknown");
  if (neu === "present" || old === "present") return "present";
  if (neu === "unknown" || old === "unknown" || f.restored === "unknown") return "unknown";
  if (neu === "partial" || old === "partial") return "partial";
  return "absent";
}

const JARS = "oss://campaign-bkt/jars";
const jarUrl = (name: string, version: number): string => `${JARS}/${name}-${version}.0.jar`;

export async function runCampaign(input: CampaignOptions, log: (line: string) => void = () => undefined): Promise<CampaignReport> {
  const options: Required<CampaignOptions> = {
    faultRate: 0.2,
    connectorsPerNamespace: 12,
    parallel: 8,
    requestTimeoutMs: 300,
    consumer: "consumer",
    answers: "named",
    ...input,
  };
  const t0 = Date.now();
  const random = seeded(options.seed ^ 0x9e3779b9);
  const hold = Math.round(options.requestTimeoutMs * 1.5);
  // Real JARs, written as the program first declares each version.
  const oss = ossDirWith({});
  const written = new Set<string>();
  const ensureJar = (t: Target, version: number): string => {
    const url = jarUrl(t.connectorName, version);
    if (!written.has(url)) ossDirWith({ [url]: { connectors: t.names.map((name) => ({ name })) } }, oss);
    written.add(url);
    return url;
  };
  const emu: Emulator = await startEmulator({ ossDir: oss, answers: options.answers });
  const dir = prepareConsumer(options.consumer);
  const [captured] = await captureProgram(
    dir,
    `return [new flink.FlinkConnector("probe", { workspaceId: "${WORKSPACE}", namespaceName: "ns-a", connectorName: "probe", jarUrl: "${JARS}/probe-1.0.jar" })];`,
  );
  const providerText = String(captured.inputs.__provider);
  const config: Record<string, string> = {
    "alicloud:accessKey": emu.credentials.accessKeyId,
    "alicloud:secretKey": emu.credentials.accessKeySecret,
    "alicloud-flink:endpoint": emu.url,
    "alicloud-flink:maxAttempts": String(options.maxAttempts),
    "alicloud-flink:retryMinDelayMs": "5",
    "alicloud-flink:retryMaxDelayMs": "40",
    "alicloud-flink:requestTimeoutMs": String(options.requestTimeoutMs),
    "alicloud-flink:registerTimeoutMs": String(options.requestTimeoutMs),
    "alicloud-flink:waitTimeoutMs": String(options.requestTimeoutMs * 4),
  };
  const targets: Target[] = NAMESPACES.flatMap((ns) =>
    Array.from({ length: options.connectorsPerNamespace }, (_, i) => {
      const connectorName = `${ns.slice(-1)}${String(i).padStart(2, "0")}`;
      const names = i % 3 === 0 ? [connectorName, `${connectorName}-upsert`] : [connectorName];
      return { resource: `${ns}-${connectorName}`, namespaceName: ns, connectorName, names };
    }),
  );
  const inputs = (t: Target, version: number): Record<string, unknown> => ({
    workspaceId: WORKSPACE,
    namespaceName: t.namespaceName,
    ...(t.names.length > 1 ? { connectorNames: [...t.names] } : { connectorName: t.connectorName }),
    jarUrl: ensureJar(t, version),
    adoptExisting: false,
    contentVersion: "",
    __provider: providerText,
  });

  const operations: CampaignReport["operations"] = { create: 0, update: 0, refresh: 0, delete: 0, same: 0 };
  const violations: Violation[] = [];
  /** The JAR version each resource's program currently declares. */
  const declared = new Map<string, number>();
  /** Resources whose last step succeeded, so the state must match the platform exactly. */
  const certain = new Set<string>();
  let failed = 0;
  let partial = 0;
  const state = new Map<string, ResourceState>();

  const present = (t: Target): string[] =>
    emu
      .connectors(WORKSPACE, t.namespaceName)
      .map((c) => c.name)
      .filter((n) => t.names.includes(n));
  /** The platform has every connector of the target's JAR. */
  const platformHas = (t: Target): boolean => present(t).length === t.names.length;
  /** The platform has one or more of them. */
  const platformHasAny = (t: Target): boolean => present(t).length > 0;

  async function command(steps: Array<{ target: Target; op: Op }>, faults: boolean): Promise<Outcome[]> {
    emu.faults.randomize(faults ? { seed: Math.floor(random() * 2 ** 31), rate: options.faultRate, delayMs: hold } : undefined);
    const byName = new Map(steps.map((s) => [s.target.resource, s]));
    const versions = new Map(steps.map((s) => [s.target.resource, declared.get(s.target.resource) ?? 1]));
    try {
      const { outcomes } = await runCommand({
        cwd: dir,
        project: "flink-consumer",
        state,
        config,
        secretKeys: ["alicloud:secretKey"],
        parallel: options.parallel,
        steps: steps.map(({ target, op }): CommandStep =>
          op === "refresh" || op === "delete"
            ? { kind: op === "delete" ? "destroy" : "refresh", name: target.resource }
            : { kind: "up", name: target.resource, inputs: inputs(target, versions.get(target.resource) ?? 1) },
        ),
      });
      return outcomes.map((o) => {
        const { target, op } = byName.get(o.step.name)!;
        operations[op] += 1;
        const jar = jarUrl(target.connectorName, versions.get(target.resource) ?? 1);
        return o.error
          ? { target, op, jarUrl: jar, error: o.error, facts: ConnectorOperationError.factsIn(o.error) }
          : { target, op, jarUrl: jar };
      });
    } finally {
      emu.faults.randomize(undefined);
      await emu.idle();
    }
  }

  function judge(outcomes: readonly Outcome[]): void {
    for (const o of outcomes) {
      const t = o.target;
      const s = state.get(t.resource);
      const onPlatform = platformHas(t);
      const platformJar = emu.jarOf(WORKSPACE, t.namespaceName, t.connectorName);
      const v = (kind: ViolationKind, detail: string): void => {
        const trail = (): string =>
          emu.requests
            .filter(
              (x) =>
                x.namespaceName === t.namespaceName &&
                (t.names.includes(x.connectorName ?? "") || x.jarUrl?.includes(`/${t.connectorName}-`)),
            )
            .map(
              (x) =>
                `${x.seq} ${x.action} ${x.status}${x.fault ? ` ${x.fault}` : ""}${x.code ? ` ${x.code}` : ""}${x.jarUrl ? ` ${x.jarUrl.split("/").pop()}` : ""}`,
            )
            .slice(-24)
            .join("; ");
        const full = process.env.CAMPAIGN_DEBUG && o.error ? `\n      full error: ${o.error}\n      requests: ${trail()}` : "";
        violations.push({ kind, connector: t.resource, detail: `${o.op}: ${detail}${full}` });
      };
      if (o.error) {
        failed += 1;
        if (s?.initErrors?.length) partial += 1;
        certain.delete(t.resource);
        const f = o.facts;
        if (f) {
          // What a failure says is present or absent must be so, for each connector of the JAR.
          for (const name of t.names) {
            const claim = claimedPresence(f, t.names.length > 1 ? name : undefined);
            const has = present(t).includes(name);
            if (claim === "present" && !has)
              v("contradiction", `facts say ${name} is present, the platform does not have it (${o.error.slice(0, 160)})`);
            if (claim === "absent" && has)
              v(
                "contradiction",
                `facts say ${name} is absent, the platform has it from ${String(emu.jarOf(WORKSPACE, t.namespaceName, name))} (${o.error.slice(0, 160)})`,
              );
          }
          if (f.restored === true && onPlatform && s && platformJar !== s.outputs.jarUrl)
            v("mismatch", `restored, but the state says ${String(s.outputs.jarUrl)} and the platform ${String(platformJar)}`);
        }
        continue;
      }
      if (o.op === "delete") {
        certain.delete(t.resource);
        if (s) v("leftover", "the state still has it after a successful delete");
        if (platformHasAny(t)) v("orphan", `delete reported success but the platform still has ${present(t).join(", ")}`);
        continue;
      }
      if (o.op === "refresh") {
        if (s && !platformHasAny(t)) v("lost", "refresh kept it, the platform does not have it");
        if (!s && platformHasAny(t)) v("orphan", "refresh dropped it, the platform has it");
        const seen = ((s?.outputs.connectors as Array<{ name: string }> | undefined) ?? []).map((c) => c.name).sort();
        if (s && seen.join() !== present(t).sort().join())
          v("mismatch", `refresh recorded ${seen.join(", ")}, the platform has ${present(t).join(", ")}`);
        if (s) certain.add(t.resource);
        else certain.delete(t.resource);
        continue;
      }
      // create, update, same: success means the platform has every connector, from the declared JAR.
      certain.add(t.resource);
      if (!onPlatform) v("lost", `reported success, the platform has ${present(t).join(", ") || "none"} of ${t.names.join(", ")}`);
      for (const name of present(t)) {
        const jar = emu.jarOf(WORKSPACE, t.namespaceName, name);
        if (s && jar !== undefined && jar !== s.outputs.jarUrl)
          v("mismatch", `state says ${String(s.outputs.jarUrl)}, platform registered ${name} from ${jar}`);
      }
    }
    // Whatever the steps said: nothing on the platform that the state does not track.
    for (const t of targets) {
      if (platformHasAny(t) && !state.has(t.resource)) once("orphan", t, `${present(t).join(", ")} on the platform, not in the state`);
      // What the state says is there must be: all of a JAR's connectors after a write, what the last refresh recorded after one.
      const recorded = (state.get(t.resource)?.outputs.connectors as Array<{ name: string }> | undefined)?.map((c) => c.name) ?? t.names;
      const missing = recorded.filter((n) => !present(t).includes(n));
      if (certain.has(t.resource) && state.has(t.resource) && missing.length)
        once("lost", t, `the last step succeeded, the platform does not have ${missing.join(", ")}`);
    }
  }
  /** A violation found by the sweep over every connector, recorded once per kind and connector. */
  const once = (kind: ViolationKind, t: Target, detail: string): void => {
    if (!violations.some((x) => x.kind === kind && x.connector === t.resource)) violations.push({ kind, connector: t.resource, detail });
  };

  try {
    let done = 0;
    while (done < options.ops) {
      const batch = Math.min(options.parallel * 2, options.ops - done);
      const shuffled = [...targets].sort(() => random() - 0.5).slice(0, batch);
      const steps = shuffled.map((target) => {
        if (!state.has(target.resource)) {
          declared.set(target.resource, declared.get(target.resource) ?? 1);
          return { target, op: "create" as const };
        }
        const r = random();
        if (r < 0.35) {
          declared.set(target.resource, (declared.get(target.resource) ?? 1) + 1);
          return { target, op: "update" as const };
        }
        if (r < 0.6) return { target, op: "refresh" as const };
        if (r < 0.85) return { target, op: "delete" as const };
        return { target, op: "same" as const };
      });
      judge(await command(steps, true));
      done += steps.length;
      log(`  after ${done} operations: ${violations.length} violation(s), ${failed} failed step(s)`);
    }
    // Convergence, without faults: refresh everything, then destroy what is left.
    const tracked = targets.filter((t) => state.has(t.resource));
    judge(
      await command(
        tracked.map((target) => ({ target, op: "refresh" as const })),
        false,
      ),
    );
    const remaining = targets.filter((t) => state.has(t.resource));
    const finals = await command(
      remaining.map((target) => ({ target, op: "delete" as const })),
      false,
    );
    judge(finals);
    for (const o of finals)
      if (o.error)
        violations.push({ kind: "leftover", connector: o.target.resource, detail: `final destroy failed: ${o.error.slice(0, 200)}` });
    for (const ns of NAMESPACES) {
      for (const c of emu.connectors(WORKSPACE, ns))
        violations.push({ kind: "leftover", connector: `${ns}-${c.name}`, detail: "on the platform after the final destroy" });
    }
  } finally {
    await emu.close();
  }

  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  for (const r of emu.requests) if (r.fault) faults[r.fault] += 1;
  return { options, operations, failed, partial, requests: emu.requests.length, faults, violations, wallMs: Date.now() - t0 };
}

/** One line per figure, for the console and the closing note. */
export function formatReport(r: CampaignReport): string {
  const byKind = (kinds: Record<string, number>): string =>
    Object.entries(kinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
  const violationKinds: Record<string, number> = { lost: 0, orphan: 0, mismatch: 0, contradiction: 0, leftover: 0 };
  for (const v of r.violations) violationKinds[v.kind] += 1;
  const ops = Object.values(r.operations).reduce((a, b) => a + b, 0);
  return [
    `seed ${r.options.seed}, maxAttempts ${r.options.maxAttempts}, errors ${r.options.answers}: ${ops} steps (${byKind(r.operations)}), ${r.failed} failed (${r.partial} partial, tracked by id), ${r.requests} requests, ${(r.wallMs / 1000).toFixed(1)} s`,
    `  faults injected: ${byKind(r.faults)}`,
    `  violations: ${byKind(violationKinds)}`,
    ...r.violations.slice(0, 20).map((v) => `    ${v.kind} ${v.connector}: ${v.detail}`),
  ].join("\n");
}
