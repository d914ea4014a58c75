import type { Action } from "./faults";

/** The connector operations and the upload URL, by method and path, as the SDK sends them. */
interface Route {
  readonly action: Action;
  readonly namespaceName: string;
  /** The path's connector, UDF artifact or function name. */
  readonly connectorName?: string;
}

const ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; action: Action }> = [
  { method: "POST", pattern: /^\/api\/v2\/namespaces\/([^/]+)\/connectors(?:%3A|%3a|:)register$/, action: "RegisterCustomConnector" },
  { method: "GET", pattern: /^\/api\/v2\/namespaces\/([^/]+)\/connectors$/, action: "ListCustomConnectors" },
  { method: "DELETE", pattern: /^\/api\/v2\/namespaces\/([^/]+)\/connectors\/([^/]+)$/, action: "DeleteCustomConnector" },
  {
    method: "GET",
    pattern: /^\/artifacts\/v2\/namespaces\/([^/]+)\/getPreSignedUrlForPutObject$/,
    action: "GetPreSignedUrlForPutObject",
  },
  {
    method: "POST",
    pattern: /^\/api\/v2\/namespaces\/([^/]+)\/udfartifacts\/function(?:%3A|%3a|:)registerUdfFunction$/,
    action: "RegisterUdfFunction",
  },
  { method: "DELETE", pattern: /^\/api\/v2\/namespaces\/([^/]+)\/udfartifacts\/function\/([^/]+)$/, action: "DeleteUdfFunction" },
  { method: "POST", pattern: /^\/api\/v2\/namespaces\/([^/]+)\/udfartifacts$/, action: "CreateUdfArtifact" },
  { method: "GET", pattern: /^\/api\/v2\/namespaces\/([^/]+)\/udfartifacts$/, action: "GetUdfArtifacts" },
  { method: "PUT", pattern: /^\/api\/v2\/namespaces\/([^/]+)\/udfartifacts\/([^/]+)$/, action: "UpdateUdfArtifact" },
  { method: "DELETE", pattern: /^\/api\/v2\/namespaces\/([^/]+)\/udfartifacts\/([^/]+)$/, action: "DeleteUdfArtifact" },
];

export function route(method: string, rawPath: string): Route | "malformed" | undefined {
  for (const r of ROUTES) {
    const m = r.method === method ? r.pattern.exec(rawPath) : null;
    if (m) {
      try {
        return { action: r.action, namespaceName: decodeURIComponent(m[1]), connectorName: m[2] ? decodeURIComponent(m[2]) : undefined };
      } catch {
        return "malformed";
      }
    }
  }
  return undefined;
}
