import { hasBrand } from "./brand";
import type { ErrorKind } from "./classify";
import type { PartialState, Presence } from "./operation-error";
import { redact } from "./redact";

const BRAND = Symbol.for("pulumi-alicloud-flink.UdfOperationError");

/** The step of a UDF artifact's create, update or delete that failed. */
export type UdfPhase = "upload" | "create-artifact" | "update-artifact" | "register-function" | "delete-function" | "delete-artifact";

/** A class the platform named in its answer, and who has it. */
export interface NamedClass {
  readonly className: string;
  readonly udfArtifactName: string;
  readonly functionNames: readonly string[];
}

/** What a UDF operation knows after it failed: what the platform said, never a guess. */
export interface UdfFacts {
  readonly operation: "create" | "update" | "delete";
  /** `workspaceId:namespaceName:name`. */
  readonly artifactId: string;
  readonly phase: UdfPhase;
  /** The artifact on the platform now. */
  readonly artifact: Presence;
  /** update: which JAR the artifact has now ("old": the update was refused or not sent). */
  readonly jar?: "old" | "new" | "unknown";
  /** Functions (`className/functionName`) and where each is now. */
  readonly functions?: Readonly<Record<string, Presence>>;
  /** The platform's `collidingClasses`: classes of the JAR another artifact of the namespace registers. */
  readonly collidingClasses?: readonly NamedClass[];
  /** The platform's `missingClasses`: classes functions name that the new JAR lacks. */
  readonly missingClasses?: readonly NamedClass[];
  /** The platform's `referencedClasses`: classes still referenced, so the artifact was not deleted. */
  readonly referencedClasses?: readonly NamedClass[];
  /** The platform's own message of a refusal. */
  readonly platformMessage?: string;
  readonly cause: string;
  readonly causeCode?: string;
  readonly causeKind?: ErrorKind;
}

const VERB = { create: "Creating", update: "Updating", delete: "Deleting" } as const;
const PHASE: Record<UdfPhase, string> = {
  upload: "uploading the JAR file",
  "create-artifact": "creating the UDF artifact",
  "update-artifact": "updating the UDF artifact's JAR",
  "register-function": "registering a function",
  "delete-function": "deleting a function",
  "delete-artifact": "deleting the UDF artifact",
};

const classes = (cs: readonly NamedClass[]): string =>
  cs
    .map(
      (c) => `${c.className} (artifact ${c.udfArtifactName}${c.functionNames.length ? `, functions ${c.functionNames.join(", ")}` : ""})`,
    )
    .join("; ");

function nextStep(f: UdfFacts): string {
  if (f.collidingClasses?.length)
    return "A class can belong to one artifact of a namespace: remove it from this JAR, or delete it from the other artifact first.";
  if (f.missingClasses?.length)
    return "Keep those classes in the new JAR, or remove their functions from the program (they are deleted before the JAR changes).";
  if (f.referencedClasses?.length)
    return "Delete those functions (in the console, or the resource that registered them), then run the command again.";
  if (f.artifact === "unknown" || Object.values(f.functions ?? {}).includes("unknown"))
    return "Run `pulumi refresh` to record what the platform has, then `pulumi up` again.";
  return "Fix the cause and run the command again.";
}

/** A UDF artifact's create, update or delete that failed; its message is made from its facts. */
export class UdfOperationError extends Error {
  override readonly name = "UdfOperationError" as const;
  readonly facts: UdfFacts;
  readonly partial?: PartialState;
  readonly id?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly reasons?: readonly string[];

  constructor(facts: UdfFacts, partial?: PartialState) {
    const safe = { ...facts, cause: redact(facts.cause) };
    super(UdfOperationError.describe(safe));
    this.facts = safe;
    if (partial) {
      this.partial = partial;
      this.id = partial.id;
      this.properties = partial.properties;
      this.reasons = [this.message];
    }
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isInstance(value: unknown): value is UdfOperationError {
    return hasBrand(value, BRAND);
  }

  private static describe(f: UdfFacts): string {
    const lines = [`${VERB[f.operation]} UDF artifact ${f.artifactId} failed while ${PHASE[f.phase]}: ${f.platformMessage ?? f.cause}`];
    if (f.collidingClasses?.length) lines.push(`Colliding classes: ${classes(f.collidingClasses)}.`);
    if (f.missingClasses?.length) lines.push(`Classes the new JAR lacks that functions name: ${classes(f.missingClasses)}.`);
    if (f.referencedClasses?.length) lines.push(`Classes still referenced: ${classes(f.referencedClasses)}.`);
    const now = [`artifact: ${f.artifact === "unknown" ? "unknown (an answer was lost)" : f.artifact}`];
    if (f.jar) now.push(`JAR: ${f.jar}`);
    for (const [fn, p] of Object.entries(f.functions ?? {})) now.push(`function ${fn}: ${p}`);
    lines.push(`On the platform now: ${now.join(", ")}.`, nextStep(f));
    return `${lines.join(" ")}\n${JSON.stringify({ udfFacts: f })}`;
  }
}
