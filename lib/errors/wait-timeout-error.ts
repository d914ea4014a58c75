import { hasBrand } from "./brand";

const BRAND = Symbol.for("pulumi-alicloud-flink.WaitTimeoutError");

/** A bounded wait ("visible after register", "gone after delete") ran out of time. */
export class WaitTimeoutError extends Error {
  override readonly name = "WaitTimeoutError" as const;
  readonly waitedMs: number;
  readonly polls: number;

  constructor(what: string, waitedMs: number, polls: number) {
    super(
      `Timed out after ${waitedMs} ms (${polls} checks) waiting until ${what}. The platform may be slow to reflect the change; run the operation again, or raise waits.timeoutMs (config alicloud-flink:waitTimeoutMs).`,
    );
    this.waitedMs = waitedMs;
    this.polls = polls;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isInstance(value: unknown): value is WaitTimeoutError {
    return hasBrand(value, BRAND);
  }
}
