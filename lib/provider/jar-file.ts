import { createHash } from "node:crypto";
import { basename, resolve } from "node:path";
import type { EngineSettings } from "../config/settings";
import { JarReadError } from "../errors/jar-error";
import { BLOCKING, describeWarning, warningsFor, type EngineAdvice } from "../jar/inspect";
import { readConnectorJar, readJarBytes } from "../jar/read-jar";
import { nameSet } from "../model/names";
import type { CheckFailure } from "./check";
import { expectedNames } from "./outputs";

/** What reading a `jarFile` at check found: failures, the inputs with what the file says, and notes worth logging. */
export interface JarFileCheck {
  readonly failures: CheckFailure[];
  readonly inputs: Record<string, unknown>;
  readonly notes: string[];
  /** The connectors the file registers (empty when it could not be read). */
  readonly names: readonly string[];
}

/** A relative `jarFile` is relative to the project directory, where Pulumi runs the program and its providers. */
export const jarFilePath = (jarFile: string): string => resolve(jarFile);

/** Reads a `jarFile` as the JAR reader bounds a file (readJarBytes), with its SHA-256. */
export async function readJarFile(jarFile: string): Promise<{ bytes: Buffer; sha256: string }> {
  const bytes = await readJarBytes(jarFilePath(jarFile));
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/**
 * The object name an upload gets: the file's stem and the first 16 hex digits of its SHA-256, so
 * that a new content never overwrites the old (a refused upgrade registers the old one again).
 */
export function uploadName(jarFile: string, sha256: string): string {
  const stem =
    basename(jarFile)
      .replace(/\.jar$/i, "")
      .replace(/[^A-Za-z0-9._+-]/g, "_")
      .replace(/^\.+/, "")
      .slice(0, 200) || "connector";
  return `${stem}-${sha256.slice(0, 16)}.jar`;
}

const listed = (names: readonly string[]): string => (names.length ? names.map((n) => `"${n}"`).join(", ") : "none");

/**
 * Reads a `jarFile` at check (preview included; no API call): the connectors it registers fill
 * `connectorNames` when none are declared and must match them when some are; the platform's
 * rules refuse what registration or the engine would refuse; the content's SHA-256 becomes
 * `jarSha256`, its content version.
 */
export async function checkJarFile(news: Record<string, unknown>, engine: EngineSettings, advice: EngineAdvice): Promise<JarFileCheck> {
  const jarFile = String(news.jarFile);
  const fail = (property: string, reason: string): JarFileCheck => ({
    failures: [{ property, reason }],
    inputs: news,
    notes: [],
    names: [],
  });
  let read: { bytes: Buffer; sha256: string };
  let report;
  try {
    read = await readJarFile(jarFile);
    report = readConnectorJar(read.bytes, { javaVersion: engine.javaVersion });
  } catch (e) {
    if (JarReadError.isInstance(e)) return fail("jarFile", `jarFile ${jarFile}: ${e.message}`);
    throw e;
  }
  const warnings = warningsFor(report, engine);
  const failures: CheckFailure[] = warnings
    .filter((w) => BLOCKING.has(w.kind))
    .map((w) => ({ property: "jarFile", reason: `jarFile ${jarFile}: ${describeWarning(w, advice)}` }));
  const notes = warnings
    .filter((w) => !BLOCKING.has(w.kind) && w.kind !== "several")
    .map((w) => `${jarFile}: ${describeWarning(w, advice)}`);
  const names = report.connectors.map((c) => c.name);
  const declared = expectedNames(news);
  const inputs: Record<string, unknown> = { ...news, jarSha256: read.sha256 };
  if (declared.length === 0) {
    if (names.length) inputs.connectorNames = [...nameSet(names)];
  } else if (names.length && declared.join("\n") !== [...nameSet(names)].join("\n")) {
    failures.push({
      property: Array.isArray(news.connectorNames) ? "connectorNames" : "connectorName",
      reason:
        `jarFile ${jarFile} registers ${listed(nameSet(names))}, but the resource declares ${listed(declared)}. ` +
        `Declare exactly what the JAR registers, or leave connectorName and connectorNames out to take them from the JAR.`,
    });
  }
  return { failures, inputs, notes, names };
}
