import { hasBrand } from "./brand";

const BRAND = Symbol.for("pulumi-alicloud-flink.WriteFailure");

/**
 * A Register or Delete the service gave up on, with what the answers proved about its effect:
 * `"no"`, nothing was changed (every answer was a refusal, or a lost request was seen not to
 * take effect); `"unknown"`, an answer was lost and nothing later settled it.
 */
export class WriteFailure extends Error {
  override readonly name = "WriteFailure" as const;
  readonly applied: "no" | "unknown";
  /** Requests sent for this write, the first included. */
  readonly attempts: number;

  constructor(applied: "no" | "unknown", cause: Error, attempts: number) {
    super(cause.message, { cause });
    this.applied = applied;
    this.attempts = attempts;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isInstance(value: unknown): value is WriteFailure {
    return hasBrand(value, BRAND);
  }
}
