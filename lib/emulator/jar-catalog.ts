import type { EmulatedConnector, JarConnectorSpec, JarSpec } from "./types";

export type JarOutcome =
  | { readonly ok: true; readonly connectors: readonly JarConnectorSpec[] }
  | { readonly ok: false; readonly error: "unreachable" | "invalid"; readonly message: string };

/**
 * Says what registering a JAR URL yields. Declared URLs win. An undeclared URL whose file is
 * `<name>-<version>.jar` or `<name>.jar` yields one connector named and typed `<name>`;
 * anything else is not a JAR the platform can parse.
 */
export class JarCatalog {
  private readonly jars = new Map<string, JarSpec>();

  constructor(initial: Readonly<Record<string, JarSpec>> = {}) {
    for (const [url, spec] of Object.entries(initial)) this.declare(url, spec);
  }

  declare(url: string, spec: JarSpec): void {
    this.jars.set(url, spec);
  }

  resolve(url: string): JarOutcome {
    const spec = this.jars.get(url);
    if (spec) {
      return "error" in spec
        ? { ok: false, error: spec.error, message: spec.message ?? defaultMessage(spec.error, url) }
        : { ok: true, connectors: spec.connectors };
    }
    if (!/^(oss|https?):\/\/[^/]+\/./.test(url)) {
      return { ok: false, error: "unreachable", message: defaultMessage("unreachable", url) };
    }
    const name = nameFromFile(url);
    if (!name) return { ok: false, error: "invalid", message: defaultMessage("invalid", url) };
    return { ok: true, connectors: [{ name, type: name }] };
  }
}

/** `acme-sink-1.2.0.jar` -> `acme-sink`; `acme-sink.jar` -> `acme-sink`; otherwise undefined. */
export function nameFromFile(url: string): string | undefined {
  const file = decodeURIComponent(url.split(/[?#]/)[0].split("/").pop() ?? "");
  const m = /^(.+?)(?:-(\d[\w.+-]*))?\.jar$/i.exec(file);
  return m ? m[1] : undefined;
}

function defaultMessage(kind: "unreachable" | "invalid", url: string): string {
  return kind === "unreachable"
    ? `Failed to download the JAR file from ${url}: the address is not accessible to the platform.`
    : `The file at ${url} is not a valid connector JAR: no connector factory was found.`;
}

/** Completes a JAR's declaration into what the platform would report. */
export function materialize(spec: JarConnectorSpec, user: { id: string; name: string }): EmulatedConnector {
  return {
    name: spec.name,
    type: spec.type ?? spec.name,
    source: spec.source ?? false,
    sink: spec.sink ?? true,
    lookup: spec.lookup ?? false,
    supportedFormats: [...(spec.supportedFormats ?? [])],
    dependencies: [...(spec.dependencies ?? [])],
    properties: (spec.properties ?? []).map((p) => ({ ...p })),
    creator: user.id,
    creatorName: user.name,
    modifier: user.id,
    modifierName: user.name,
  };
}
