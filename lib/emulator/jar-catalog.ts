import { readFile } from "node:fs/promises";
import { parseConnectorJar } from "./jar-connectors";
import { fetchJarBytes } from "./jar-fetch";
import type { EmulatedConnector, JarConnectorSpec, JarSpec } from "./types";

export type JarOutcome =
  | { readonly ok: true; readonly connectors: readonly JarConnectorSpec[]; readonly how: "declared" | "read" | "file-name" }
  | { readonly ok: false; readonly error: "unreachable" | "invalid"; readonly message: string };

/**
 * Says what registering a JAR URL yields, as the platform decides it: from the JAR itself. Declared
 * URLs (tests) win; then the JAR's bytes, from the OSS directory or a loopback download, read for
 * its table factories. Only a URL whose bytes the emulator cannot reach at all (an OSS address
 * without `ossDir`, a host beyond this machine) falls back to a convention the real platform never
 * uses: `<name>-<version>.jar` or `<name>.jar` yields one connector `<name>`.
 */
export class JarCatalog {
  private readonly jars = new Map<string, JarSpec>();

  constructor(
    initial: Readonly<Record<string, JarSpec>> = {},
    private readonly ossDir?: string,
    private readonly engine: { readonly javaVersion?: number; readonly uploaded?: (url: string) => string | undefined } = {},
  ) {
    for (const [url, spec] of Object.entries(initial)) this.declare(url, spec);
  }

  declare(url: string, spec: JarSpec): void {
    this.jars.set(url, spec);
  }

  async resolve(url: string): Promise<JarOutcome> {
    const spec = this.jars.get(url);
    if (spec) {
      return "error" in spec
        ? { ok: false, error: spec.error, message: spec.message ?? defaultMessage(spec.error, url) }
        : { ok: true, connectors: spec.connectors, how: "declared" };
    }
    if (!/^(oss|https?):\/\/[^/]+\/./.test(url)) return { ok: false, error: "unreachable", message: defaultMessage("unreachable", url) };
    const file = this.engine.uploaded?.(url);
    const fetched = file ? { kind: "bytes" as const, bytes: await readFile(file) } : await fetchJarBytes(url, this.ossDir);
    if (fetched.kind === "unreachable") return { ok: false, error: "unreachable", message: fetched.message };
    if (fetched.kind === "bytes") {
      const parsed = parseConnectorJar(fetched.bytes, this.engine.javaVersion);
      if (!parsed.ok)
        return { ok: false, error: "invalid", message: `The file at ${url.split("?")[0]} is not a valid connector JAR: ${parsed.reason}.` };
      return { ok: true, connectors: parsed.connectors.map((c) => ({ ...c, type: c.name })), how: "read" };
    }
    const name = nameFromFile(url);
    if (!name) return { ok: false, error: "invalid", message: defaultMessage("invalid", url) };
    return { ok: true, connectors: [{ name, type: name }], how: "file-name" };
  }
}

/**
 * The fallback convention's connector name: the version starts at the first `-` followed by
 * `<digits>.<digits>`; without one, the whole file stem is the name.
 * `acme-sink-1.2.0.jar` -> `acme-sink`; `conn-1-1.0.0.jar` -> `conn-1`; `conn-1.jar` -> `conn-1`;
 * `ververica-connector-kafka-1.17-vvr-8.0.4-1.jar` -> `ververica-connector-kafka`; not a .jar -> undefined.
 */
export function nameFromFile(url: string): string | undefined {
  let file: string;
  try {
    file = decodeURIComponent(url.split(/[?#]/)[0].split("/").pop() ?? "");
  } catch {
    return undefined;
  }
  const stem = /^(.+)\.jar$/i.exec(file)?.[1];
  if (!stem) return undefined;
  const version = /-\d+\.\d/.exec(stem);
  const name = version ? stem.slice(0, version.index) : stem;
  return name === "" ? undefined : name;
}

function defaultMessage(kind: "unreachable" | "invalid", fullUrl: string): string {
  const url = fullUrl.split("?")[0];
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
