import { ConfigurationError } from "../errors/configuration-error";
import { isLoopbackHost } from "../model/loopback";
import { LIBRARY_ADVICE, type ClientAdvice } from "./credentials";

/** Where requests go: what openapi-client needs as `endpoint` and `protocol`. */
export interface ResolvedEndpoint {
  /** host[:port], sent as the signed `host` header. */
  readonly host: string;
  readonly protocol: "HTTP" | "HTTPS";
}

/** The regional public endpoint, exactly as the official SDK's endpoint map has it. */
export function regionalEndpoint(region: string): string {
  return `ververica.${region}.aliyuncs.com`;
}

const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * Resolves the endpoint: an explicit one (a URL with scheme, or host[:port]) wins, else the
 * regional endpoint. HTTPS unless the URL says http://, which is allowed only to a loopback
 * address unless `allowInsecureHttp` is set. Pure: throws ConfigurationError on bad input.
 */
export function resolveEndpoint(
  opts: {
    endpoint?: string;
    region?: string;
    allowInsecureHttp?: boolean;
  },
  advice: Pick<ClientAdvice, "region" | "allowInsecureHttp"> = LIBRARY_ADVICE,
): ResolvedEndpoint {
  const raw = opts.endpoint?.trim();
  if (raw) {
    const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
    let url: URL;
    try {
      url = new URL(hasScheme ? raw : `https://${raw}`);
    } catch {
      throw new ConfigurationError(
        "endpoint",
        `The endpoint "${raw}" is not a valid URL or host[:port]. Use e.g. ` +
          `"https://ververica.cn-hangzhou.aliyuncs.com" or "http://127.0.0.1:8080" for the emulator.`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ConfigurationError("endpoint", `The endpoint "${raw}" must use http:// or https://, not ${url.protocol}//.`);
    }
    if ((url.pathname && url.pathname !== "/") || url.search || url.username || url.password) {
      throw new ConfigurationError(
        "endpoint",
        `The endpoint "${raw}" must be a scheme, host and optional port only, without a path, query or user info.`,
      );
    }
    if (url.protocol === "http:" && !opts.allowInsecureHttp && !isLoopbackHost(url.hostname)) {
      throw new ConfigurationError(
        "endpoint",
        `Refusing plain HTTP to "${url.host}": requests carry signed credentials. Use https://, ` +
          `or a loopback address (127.0.0.1) for the emulator, or ${advice.allowInsecureHttp}.`,
      );
    }
    return { host: url.host, protocol: url.protocol === "http:" ? "HTTP" : "HTTPS" };
  }
  const region = opts.region?.trim();
  if (!region) {
    throw new ConfigurationError("region", `No region or endpoint is configured. ${advice.region}`);
  }
  if (!REGION_PATTERN.test(region)) {
    throw new ConfigurationError(
      "region",
      `The region "${region}" is not a region ID. Use an ID such as "cn-hangzhou" or "ap-southeast-1".`,
    );
  }
  return { host: regionalEndpoint(region), protocol: "HTTPS" };
}
