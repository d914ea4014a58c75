import { hasBrand } from "./brand";

const BRAND = Symbol.for("pulumi-alicloud-flink.ConfigurationError");

/**
 * The package is not configured well enough to call the API: a missing credential or region,
 * an endpoint that is not allowed. Raised before any request is sent.
 */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError" as const;
  /** Which setting is wrong or missing, e.g. "credentials", "region", "endpoint". */
  readonly setting: string;

  constructor(setting: string, message: string, options?: { cause?: Error }) {
    super(message, options);
    this.setting = setting;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isInstance(value: unknown): value is ConfigurationError {
    return hasBrand(value, BRAND);
  }
}
