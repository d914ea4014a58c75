import { hasBrand } from "./brand";
import type { ErrorKind } from "./classify";
import { redact } from "./redact";

const BRAND = Symbol.for("pulumi-alicloud-flink.ConnectorOperationError");

/**
 * What an operation knows about a connector on the platform after it failed. For the connectors
 * of a JAR that registers several, `partial` says some are there and some are not (the facts'
 * `connectors` say which).
 */
export type Presence = "present" | "absent" | "unknown" | "partial";

/** One connector's part in a failure, for a JAR that registers several. */
export interface ConnectorPresence {
  readonly old?: Presence;
  readonly new?: Presence;
}

/** The lifecycle operation that failed. */
export type LifecycleOperation = "create" | "update" | "delete";

/** The step of the operation that failed. */
export type Phase =
  /** create: the List that looks for a connector of that name before registering. */
  | "check-existing"
  /** create: registering the JAR. */
  | "register"
  /** create/update: the JAR registered another connector than `connectorName`. */
  | "verify-name"
  /** update: deleting the registration of the previous JAR. */
  | "delete-old"
  /** update: registering the new JAR. */
  | "register-new"
  /** delete: deleting the connector. */
  | "delete"
  /** create/update of a `jarFile`: reading it again, or uploading it through the platform. */
  | "upload";

/**
 * Facts an operation kept from the answers it got. They are what the platform told us, not a
 * guess: "unknown" is used exactly when an answer was lost and no later answer settled it.
 */
export interface OperationFacts {
  readonly operation: LifecycleOperation;
  /** `workspaceId:namespaceName:connectorName`. */
  readonly connectorId: string;
  readonly phase: Phase;
  /**
   * update: the registration of the previous JAR (present after a restore). delete: the
   * connector. create: a connector of that name that was there before (set when one was).
   */
  readonly oldConnector?: Presence;
  /** create/update: the registration this operation attempted. */
  readonly newConnector?: Presence;
  /** update: whether the previous JAR was registered again after the new one failed. */
  readonly restored?: boolean | "unknown";
  /** The JAR the failing step used. */
  readonly jarUrl?: string;
  /** The underlying failure, redacted (a FlinkApiError's message, a wait timeout...). */
  readonly cause: string;
  /** The API error code of the underlying failure, when there was one. */
  readonly causeCode?: string;
  /** Its classification (`conflict`, `throttling`, `invalid-input`...), when it was an API error. */
  readonly causeKind?: ErrorKind;
  /** The restore's own failure, when a restore was tried and failed. */
  readonly restoreCause?: string;
  /**
   * update: connectors the restored JAR registered that it did not before (its content changed
   * behind the same URL), removed again, or left when removing them failed.
   */
  readonly strays?: { readonly removed: readonly string[]; readonly left: readonly string[] };
  /** For a JAR that registers several connectors: each one's presence, by name. */
  readonly connectors?: Readonly<Record<string, ConnectorPresence>>;
  /** Catalog tables (`catalog.database.table`) created with connectors this operation deleted. */
  readonly tables?: readonly string[];
}

/** Our own cause code: create found a connector of that name that this stack does not manage. */
export const UNMANAGED_CONNECTOR_EXISTS = "UnmanagedConnectorExists";

const VERB: Record<LifecycleOperation, string> = { create: "Creating", update: "Updating", delete: "Deleting" };

const PHASE: Record<Phase, string> = {
  "check-existing": "looking for an existing connector of that name",
  register: "registering the JAR",
  "verify-name": "checking the connector the JAR registered",
  "delete-old": "removing the registration of the previous JAR",
  "register-new": "registering the new JAR",
  delete: "deleting the connector",
  upload: "uploading the JAR file",
};

function state(label: string, p: Presence | undefined, each?: Record<string, Presence | undefined>): string | undefined {
  if (p === undefined) return undefined;
  const detail =
    each && Object.keys(each).length > 1
      ? ` (${Object.entries(each)
          .filter(([, v]) => v !== undefined)
          .map(([n, v]) => `${n}: ${v}`)
          .join(", ")})`
      : "";
  return p === "unknown" ? `${label}: unknown (an answer was lost)${detail}` : `${label}: ${p}${detail}`;
}

function per(f: OperationFacts, which: "old" | "new"): Record<string, Presence | undefined> | undefined {
  return f.connectors ? Object.fromEntries(Object.entries(f.connectors).map(([n, c]) => [n, c[which]])) : undefined;
}

/** What an API failure of each kind means, in the words of the step that met it. */
const KIND: Record<ErrorKind, string> = {
  "invalid-input": "the platform refused it",
  conflict: "a connector of that type is already registered",
  auth: "the credentials were refused",
  throttling: "the API kept throttling this account",
  transient: "the service or the network kept failing",
  "not-found": "the platform said it was not found",
  unknown: "the platform refused it",
};

/** The same, for the upload of a `jarFile` (OSS answers it, not the API). */
const UPLOAD_KIND: Partial<Record<ErrorKind, string>> = {
  auth: "OSS refused the pre-signed upload",
  transient: "the upload kept failing",
};

/** What the user should do next, from the facts alone. */
function nextStep(f: OperationFacts): string {
  if (f.causeCode === UNMANAGED_CONNECTOR_EXISTS) {
    return (
      "Set `adoptExisting: true` on this FlinkConnector to take it under management without registering " +
      "it again (its JAR is assumed to be this one's `jarUrl`), or delete it in the Flink console first."
    );
  }
  if (f.newConnector === "unknown" || f.oldConnector === "unknown" || f.restored === "unknown") {
    return "Run `pulumi refresh` to record what the platform has, then `pulumi up` again.";
  }
  if (f.newConnector === "partial" || f.oldConnector === "partial") {
    return f.operation === "delete"
      ? "Run the command again: it deletes the connectors that are left."
      : "Some of the JAR's connectors are on the platform and some are not. Run " +
          "`pulumi up` again: it removes those left and registers the JAR again.";
  }
  const inspect =
    f.causeKind === "invalid-input" || f.phase === "verify-name"
      ? " (`alicloud-flink inspect-jar` shows the connectors a JAR registers)"
      : "";
  if (f.operation === "update" && f.restored === true)
    return `The connector works with the previous JAR. Fix the new JAR${inspect} and run \`pulumi up\` again.`;
  if (f.operation === "update" && f.oldConnector === "absent" && f.newConnector === "absent") {
    return "The connector is absent from the namespace. Fix the cause and run `pulumi up` again: it registers the connector.";
  }
  if (f.operation === "delete") return "Nothing was deleted. Fix the cause and run the command again.";
  return `Fix the cause${inspect} and run \`pulumi up\` again.`;
}

/** What the state must keep after a failure that may have left connectors: the resource's id and outputs. */
export interface PartialState {
  readonly id: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * A create, update or delete that failed. Its message is generated from its facts, so the two
 * can never disagree; the facts are also appended as JSON, so tools that only see the message
 * (the engine shows nothing else) can still read them. When connectors may exist, `partial`
 * holds the state to keep, and `id`, `properties` and `reasons` mirror it: that is how Pulumi's
 * dynamic-provider host recognises a resource "created but failed to initialize".
 */
export class ConnectorOperationError extends Error {
  override readonly name = "ConnectorOperationError" as const;
  readonly facts: OperationFacts;
  readonly partial?: PartialState;
  readonly id?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly reasons?: readonly string[];

  constructor(facts: OperationFacts, partial?: PartialState) {
    const safe: OperationFacts = {
      ...facts,
      cause: redact(facts.cause),
      ...(facts.restoreCause !== undefined ? { restoreCause: redact(facts.restoreCause) } : {}),
      ...(facts.jarUrl !== undefined ? { jarUrl: redact(facts.jarUrl) } : {}),
    };
    super(ConnectorOperationError.describe(safe));
    this.facts = safe;
    if (partial) {
      this.partial = partial;
      this.id = partial.id;
      this.properties = partial.properties;
      this.reasons = [this.message];
    }
    Object.defineProperty(this, BRAND, { value: true });
  }
  static isInstance(value: unknown): value is ConnectorOperationError {
    return hasBrand(value, BRAND);
  }

  /** Reads the facts back from a message (for example one that crossed the provider host). */
  static factsIn(message: string): OperationFacts | undefined {
    const m = /\[facts: (\{.*\})\]\s*$/s.exec(message);
    if (!m) return undefined;
    try {
      return JSON.parse(m[1]) as OperationFacts;
    } catch {
      return undefined;
    }
  }

  private static describe(f: OperationFacts): string {
    const states = [
      state(
        f.operation === "update" ? "previous registration" : f.operation === "create" ? "existing connector" : "connector",
        f.oldConnector,
        per(f, "old"),
      ),
      state(f.operation === "delete" ? "connector" : "new registration", f.newConnector, per(f, "new")),
      f.restored === undefined
        ? undefined
        : `previous JAR registered again: ${f.restored === "unknown" ? "unknown" : f.restored ? "yes" : "no"}`,
    ].filter((x): x is string => x !== undefined);
    // An API failure is named by its code and kind here; its full text is in the facts, once.
    const words =
      f.phase === "upload" ? (UPLOAD_KIND[f.causeKind ?? "unknown"] ?? KIND[f.causeKind ?? "unknown"]) : KIND[f.causeKind ?? "unknown"];
    const cause = f.causeKind && f.causeCode ? `${words} (${f.causeCode}; the cause is in the facts below)` : f.cause;
    const restore = f.restoreCause ? " Registering the previous JAR again failed too (restoreCause)." : "";
    const strays = !f.strays
      ? ""
      : ` The previous JAR also registered ${[...f.strays.removed, ...f.strays.left].join(", ")}, ` +
        `which it did not before (its content changed behind its URL)` +
        (f.strays.left.length
          ? `: ${f.strays.left.join(", ")} could not be removed and must be deleted in the Flink console.`
          : "; removed again.");
    const tables = f.tables?.length ? ` Catalog tables created with the deleted connectors: ${f.tables.join(", ")}.` : "";
    return (
      `${VERB[f.operation]} connector ${f.connectorId} failed while ` +
      `${PHASE[f.phase]}${f.jarUrl ? ` (${f.jarUrl})` : ""}: ${cause.replace(/\.\s*$/, "")}.${restore} ` +
      `Now: ${states.join("; ")}.${strays}${tables} ${nextStep(f)} [facts: ${JSON.stringify(f)}]`
    );
  }
}
