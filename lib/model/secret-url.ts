import { inspect } from "node:util";

/**
 * A URL that is a credential while it is valid (a pre-signed OSS URL: its query is the
 * signature). Whatever prints, logs or serializes it sees only where it points, never the query;
 * `reveal()` is for the one request that uses it.
 */
export class SecretUrl {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** Scheme, host and path: safe to show. */
  get shown(): string {
    try {
      const u = new URL(this.#value);
      return `${u.protocol}//${u.host}${u.pathname}${u.search ? "?[REDACTED]" : ""}`;
    } catch {
      return "[a pre-signed URL]";
    }
  }

  toString(): string {
    return this.shown;
  }

  toJSON(): string {
    return this.shown;
  }

  [inspect.custom](): string {
    return `SecretUrl(${this.shown})`;
  }
}
