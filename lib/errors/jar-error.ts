import { hasBrand } from "./brand";

const BRAND = Symbol.for("pulumi-alicloud-flink.JarReadError");

/** Why a JAR could not be read. */
export type JarProblem =
  /** Bigger than the reader's size limit. */
  | "too-large"
  /** Not a zip archive, or a zip whose directory is cut short or inconsistent. */
  | "malformed-zip"
  /** An entry that inflates past its limit, or all entries together past the total (a zip bomb). */
  | "inflates-too-far"
  /** More entries than the reader's limit. */
  | "too-many-entries"
  /** A compression method other than stored (0) or deflate (8), or an encrypted entry. */
  | "unsupported-entry"
  /** A class file the JAR lists that is not a valid class file. */
  | "malformed-class"
  /** The JAR could not be fetched or opened. */
  | "unreadable";

/**
 * A JAR that the reader refuses to read further. Raised in bounded time and memory; the message
 * says what was wrong and what to do. Nothing of the JAR is ever executed.
 */
export class JarReadError extends Error {
  override readonly name = "JarReadError" as const;
  readonly problem: JarProblem;
  /** The entry it concerns, when one does. */
  readonly entry?: string;

  constructor(problem: JarProblem, message: string, options?: { entry?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.problem = problem;
    if (options?.entry !== undefined) this.entry = options.entry;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isInstance(value: unknown): value is JarReadError {
    return hasBrand(value, BRAND);
  }
}
