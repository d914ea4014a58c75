import { randomBytes } from "node:crypto";
import { VervericaConnectorClient, type ClientOptions } from "../../lib/client/connector-client";
import type { ErrorKind } from "../../lib/errors/classify";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { ConnectorOperationError } from "../../lib/errors/operation-error";
import { redact } from "../../lib/errors/redact";
import type { ConnectorRef } from "../../lib/model/connector";
import { FlinkConnectorService } from "../../lib/service/connector-service";
import { captureProgram, prepareConsumer } from "./consumer";
import { EngineDriver } from "./engine";

/**
 * The acceptance suite: the package's lifecycle through the real provider host, and probes
 * that record how the platform answers the cases the docs leave open. It runs against Alibaba
 * Cloud (`npm run test:live`) and, unchanged, against the emulator inside `npm test`.
 */

export interface AcceptanceTarget {
  readonly kind: "live" | "emulator";
  /** Where requests go, for the report (no credentials). */
  readonly endpoint: string;
  readonly workspaceId: string;
  readonly namespaceName: string;
  /** The connector both JARs register. */
  readonly connectorName: string;
  readonly jarUrl1: string;
  readonly jarUrl2: string;
  /** A JAR URL the platform cannot use. */
  readonly badJarUrl: string;
  /** Options of the probes' client: endpoint or region, and credentials (explicit, or from `env`). */
  readonly client: ClientOptions;
  /** Stack config the provider host is configured with, and which of its keys are secret. */
  readonly config: Record<string, string>;
  readonly secretKeys?: string[];
  /** Environment the provider host gets (credentials from the environment or the default chain). */
  readonly hostEnv?: Record<string, string>;
  /** The scratch project (under .tmp) the packed package is installed into. */
  readonly consumer?: string;
}

export type ProbeName =
  "register-existing-type" | "delete-missing-connector" | "register-bad-jar" | "list-missing-namespace" | "wrong-signature";

/** One probe: what the platform answered, redacted, and how our client classified it. */
export interface ProbeRecord {
  readonly probe: ProbeName;
  readonly operation: string;
  /** "refused": an error answer; "accepted": a success answer. */
  readonly outcome: "refused" | "accepted";
  readonly httpStatus?: number;
  readonly errorCode?: string;
  /** At most 300 characters of the platform's message, redacted. */
  readonly message?: string;
  readonly requestId?: string;
  /** Our classification of the answer. */
  readonly kind?: ErrorKind;
  /** For an accepted answer: what it meant (e.g. "replaced the existing connector"). */
  readonly detail?: string;
}

export interface CheckRecord {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface AcceptanceReport {
  readonly target: {
    readonly kind: string;
    readonly endpoint: string;
    readonly workspaceId: string;
    readonly namespaceName: string;
    readonly connectorName: string;
    readonly jarUrls: readonly string[];
  };
  readonly startedAt: string;
  readonly probes: readonly ProbeRecord[];
  readonly checks: readonly CheckRecord[];
}

/** The suite refused to start: it never touches a connector it did not create. */
export class RefusedToStart extends Error {
  override readonly name = "RefusedToStart" as const;
}

const excerpt = (s: string): string => redact(s).slice(0, 300);

/** Runs one probe call and records the answer. */
async function probe(
  name: ProbeName,
  operation: string,
  call: () => Promise<unknown>,
  accepted: (r: unknown) => string,
): Promise<ProbeRecord> {
  try {
    const r = await call();
    return { probe: name, operation, outcome: "accepted", detail: accepted(r) };
  } catch (e) {
    if (!FlinkApiError.isInstance(e))
      return { probe: name, operation, outcome: "refused", message: excerpt(e instanceof Error ? e.message : String(e)) };
    return {
      probe: name,
      operation,
      outcome: "refused",
      httpStatus: e.httpStatus,
      errorCode: e.code,
      message: excerpt(e.detail),
      ...(e.requestId ? { requestId: e.requestId } : {}),
      kind: e.kind,
    };
  }
}

/** The probes alone (also what `--compare` runs against the emulator). The connector must exist. */
export async function runProbes(target: AcceptanceTarget, client: VervericaConnectorClient): Promise<ProbeRecord[]> {
  const ref = { workspaceId: target.workspaceId, namespaceName: target.namespaceName };
  const suffix = randomBytes(4).toString("hex");
  const names = (r: unknown): string => `answered with ${(r as { name: string }[]).map((c) => c.name).join(", ") || "nothing"}`;
  // The real AccessKey ID with a wrong secret, so that the signature, not the key, is what fails.
  const keyId =
    target.client.credentials?.accessKeyId ??
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID ??
    process.env.ALICLOUD_ACCESS_KEY ??
    "LTAIunknownkey00";
  const wrongKey = new VervericaConnectorClient({
    ...target.client,
    credentials: { accessKeyId: keyId, accessKeySecret: `wrong-${suffix}` },
    rateLimit: false,
  });
  const registerBad = async (): Promise<unknown> => {
    const made = await client.register(ref, target.badJarUrl);
    // Accepted after all: remove what it registered, so that the suite leaves nothing behind.
    for (const c of made) if (c.name !== target.connectorName) await client.delete(ref, c.name).catch(() => undefined);
    return made;
  };
  return [
    await probe(
      "register-existing-type",
      "RegisterCustomConnector",
      () => client.register(ref, target.jarUrl1),
      (r) => `${names(r)}: the existing connector was replaced, not refused`,
    ),
    await probe(
      "delete-missing-connector",
      "DeleteCustomConnector",
      () => client.delete(ref, `${target.connectorName}-missing-${suffix}`),
      () => "success for a connector that does not exist",
    ),
    await probe("register-bad-jar", "RegisterCustomConnector", registerBad, names),
    await probe(
      "list-missing-namespace",
      "ListCustomConnectors",
      () => client.list({ ...ref, namespaceName: `missing-${suffix}` }),
      (r) => `${(r as unknown[]).length} connectors`,
    ),
    await probe(
      "wrong-signature",
      "ListCustomConnectors",
      () => wrongKey.list(ref),
      () => "accepted a request signed with a wrong secret",
    ),
  ];
}

/** What our client must make of the platform's answers, whichever codes it uses. */
function classificationChecks(probes: readonly ProbeRecord[]): CheckRecord[] {
  const p = (n: ProbeName): ProbeRecord => probes.find((x) => x.probe === n)!;
  const check = (name: string, ok: boolean, detail: string): CheckRecord => ({ check: name, ok, detail });
  const existing = p("register-existing-type");
  const missing = p("delete-missing-connector");
  const bad = p("register-bad-jar");
  const sig = p("wrong-signature");
  return [
    // Whatever codes the service uses: the provider recognises "already there" by looking, and a delete of a missing connector by looking.
    check(
      "a type registered twice is refused and not retried (or replaced)",
      existing.outcome === "accepted" || (existing.kind !== "transient" && existing.kind !== "throttling" && existing.kind !== "auth"),
      `${existing.outcome} ${existing.errorCode ?? ""} → ${existing.kind ?? existing.detail}`,
    ),
    check(
      "deleting a missing connector is refused and not retried (or success)",
      missing.outcome === "accepted" || (missing.kind !== "transient" && missing.kind !== "throttling"),
      `${missing.outcome} ${missing.errorCode ?? ""} → ${missing.kind ?? "success"}`,
    ),
    check(
      "a JAR the platform cannot use is refused, and not retried",
      bad.outcome === "refused" && bad.kind !== "throttling" && bad.kind !== "transient",
      `${bad.errorCode ?? bad.detail} → ${bad.kind ?? ""}`,
    ),
    check("a wrong signature is an auth failure", sig.kind === "auth", `${sig.errorCode ?? sig.detail} → ${sig.kind ?? ""}`),
  ];
}

/**
 * The whole suite. Throws RefusedToStart when the connector already exists. Cleans up what it
 * created whatever happens; `interrupt`, when given, is where a caller hooks its own cleanup in
 * (it resolves once cleanup is done).
 */
export async function runAcceptance(
  target: AcceptanceTarget,
  log: (line: string) => void = () => undefined,
  interrupt?: { onInterrupt: (cleanup: () => Promise<void>) => void },
): Promise<AcceptanceReport> {
  const ref: ConnectorRef = { workspaceId: target.workspaceId, namespaceName: target.namespaceName, connectorName: target.connectorName };
  const client = new VervericaConnectorClient(target.client);
  const service = new FlinkConnectorService({ ...target.client, retry: { maxAttempts: 3 } });
  const startedAt = new Date().toISOString();
  if (await service.get(ref)) {
    throw new RefusedToStart(
      `Connector "${target.connectorName}" already exists in namespace "${target.namespaceName}": the suite only touches connectors it creates. Delete it, or choose another namespace.`,
    );
  }
  let created = false;
  const cleanup = async (): Promise<void> => {
    if (!created) return;
    const gone = await service.delete(ref).then(
      () => true,
      () => false,
    );
    log(gone ? `cleanup: ${target.connectorName} is gone` : `cleanup FAILED: delete ${target.connectorName} in the Flink console`);
  };
  interrupt?.onInterrupt(cleanup);

  const checks: CheckRecord[] = [];
  const check = (name: string, ok: boolean, detail = ""): void => {
    checks.push({ check: name, ok, detail: excerpt(detail) });
    log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${excerpt(detail)}` : ""}`);
  };
  const dir = prepareConsumer(target.consumer ?? "acceptance");
  const [captured] = await captureProgram(
    dir,
    `return [new flink.FlinkConnector("subject", ${JSON.stringify({ workspaceId: ref.workspaceId, namespaceName: ref.namespaceName, connectorName: ref.connectorName, jarUrl: target.jarUrl1 })})];`,
  );
  const inputs = (jarUrl: string, patch: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...captured.inputs,
    jarUrl,
    ...patch,
  });
  const engine = new EngineDriver(dir, "flink-acceptance", new Map(), target.hostEnv ?? {});
  let probes: ProbeRecord[] = [];
  await engine.start();
  try {
    await engine.configure(target.config, target.secretKeys ?? []);
    created = true; // from here on, the connector may exist because of us
    const present = async (): Promise<boolean> => (await service.get(ref)) !== undefined;

    const create = await engine.up("subject", inputs(target.jarUrl1));
    check("create registers the connector", create.op === "create" && !create.error && (await present()), create.error ?? "");
    probes = await runProbes(target, client);
    check("the connector survives the probes", await present());
    const missingDelete = await service.delete({ ...ref, connectorName: `${ref.connectorName}-never-there` }).then(
      (r) => r.existed === false,
      () => false,
    );
    check("the service deletes a connector that is not there as success, whatever the answer's code", missingDelete);
    const same = await engine.up("subject", inputs(target.jarUrl1));
    check("a second up with no change does nothing", same.op === "same", same.error ?? same.op);
    const update = await engine.up("subject", inputs(target.jarUrl2));
    check("a JAR change updates in place", update.op === "update" && !update.error && (await present()), update.error ?? "");
    const refresh = await engine.refresh("subject");
    check("refresh keeps a connector that is there", refresh.op === "refresh");
    await client.delete(ref, ref.connectorName);
    const gone = await engine.refresh("subject");
    check("refresh drops a connector deleted out of band", gone.op === "gone");
    await client.register(ref, target.jarUrl2);
    const adopted = await engine.up("subject", inputs(target.jarUrl2, { adoptExisting: true }));
    check("adoptExisting takes an existing connector under management", adopted.op === "create" && !adopted.error, adopted.error ?? "");
    const bad = await engine.up("subject", inputs(target.badJarUrl, { adoptExisting: true }));
    const facts = ConnectorOperationError.factsIn(bad.error ?? "");
    check(
      "an update to a bad JAR fails and restores the previous JAR",
      facts?.restored === true && (await present()),
      bad.error ?? "it did not fail",
    );
    const destroyed = await engine.destroy("subject").catch((e: Error) => ({ op: "failed", error: e.message }));
    check(
      "destroy deletes the connector",
      destroyed.op === "delete" && !(await present()),
      "error" in destroyed ? String(destroyed.error) : "",
    );
    for (const c of classificationChecks(probes)) check(c.check, c.ok, c.detail);
  } finally {
    await engine.stop();
    await cleanup();
  }
  return {
    target: {
      kind: target.kind,
      endpoint: target.endpoint,
      workspaceId: target.workspaceId,
      namespaceName: target.namespaceName,
      connectorName: target.connectorName,
      jarUrls: [target.jarUrl1, target.jarUrl2, target.badJarUrl].map((u) => redact(u)),
    },
    startedAt,
    probes,
    checks,
  };
}

/** Where the emulator's answers to the probes differ from a report's. */
export function compareProbes(reference: readonly ProbeRecord[], emulator: readonly ProbeRecord[]): string[] {
  const out: string[] = [];
  for (const r of reference) {
    const e = emulator.find((x) => x.probe === r.probe);
    if (!e) {
      out.push(`${r.probe}: the emulator was not probed`);
      continue;
    }
    for (const field of ["outcome", "httpStatus", "errorCode"] as const) {
      if (r[field] !== e[field])
        out.push(`${r.probe}: ${field} is ${JSON.stringify(r[field])} on the reference, ${JSON.stringify(e[field])} on the emulator`);
    }
  }
  return out;
}
