import { readFile, stat } from "node:fs/promises";
import { JarReadError } from "../errors/jar-error";
import type { Capability, JarConnector, JarOtherFactory, JarReport, UnresolvedFactory } from "../model/jar-report";
import { ACC_ABSTRACT, ACC_INTERFACE, ClassFormatError, parseClass, type ClassFile } from "./class-file";
import { Evaluator } from "./evaluate";
import { lookupOf } from "./lookup";
import { CATALOG_FACTORIES, FORMAT_FACTORY, MODULE_FACTORY, SINK_FACTORY, SOURCE_FACTORY, supertypes } from "./supertypes";
import { HIDDEN_CHARACTERS } from "../model/text";
import { bundledRuntime, classVersionsOf, flinkVersionsOf, missingPackages } from "./rules";
import { parseServices } from "./services";
import { JarView } from "./view";
import { EntryReader, readDirectory, type ZipLimits } from "./zip";

/** Limits on what one JAR may cost to read, and the Java it is read at. */
export interface JarReaderOptions extends Partial<ZipLimits> {
  /** Bytes the JAR file may have. Defaults to 256 MiB (real connector JARs are up to about 30 MiB). */
  readonly maxJarBytes?: number;
  /**
   * The Java version of the engine that loads the JAR (a multi-release JAR reads differently on
   * Java 8 and on 9+). Defaults to 8.
   */
  readonly javaVersion?: number;
}

export const DEFAULT_JAR_LIMITS: Required<Omit<JarReaderOptions, "javaVersion">> = {
  maxJarBytes: 256 * 1024 * 1024,
  maxEntries: 200_000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalInflatedBytes: 128 * 1024 * 1024,
};
export const DEFAULT_JAVA_VERSION = 8;

export const FACTORY_SERVICES = "META-INF/services/org.apache.flink.table.factories.Factory";
const IDENTIFIER = { name: "factoryIdentifier", descriptor: "()Ljava/lang/String;" };

const either = (values: readonly Capability[]): Capability =>
  values.includes(true) ? true : values.includes("unknown") ? "unknown" : false;

const visible = (s: string): string => s.replace(HIDDEN_CHARACTERS, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);

const malformedClass = (what: string, e: ClassFormatError, entry?: string): JarReadError =>
  new JarReadError(
    "malformed-class",
    `${what} (${e.message}); the platform could not load it either. Rebuild the JAR.`,
    entry === undefined ? { cause: e } : { entry, cause: e },
  );

/** Reads a connector JAR's bytes and says which connectors the platform will register from it. Nothing is executed. */
export function readConnectorJar(bytes: Buffer, options: JarReaderOptions = {}): JarReport {
  const limits = { ...DEFAULT_JAR_LIMITS, ...options };
  if (bytes.length > limits.maxJarBytes) {
    throw new JarReadError(
      "too-large",
      `The JAR has ${bytes.length} bytes, more than the limit of ${limits.maxJarBytes}; connector ` +
        `JARs are rarely over 30 MiB. Raise maxJarBytes if this one really is a connector.`,
    );
  }
  const { entries, duplicates } = readDirectory(bytes, limits);
  const reader = new EntryReader(bytes, limits);
  const view = new JarView(entries, reader, options.javaVersion ?? DEFAULT_JAVA_VERSION);
  const classVersions = classVersionsOf(view);
  const facts = {
    javaVersion: view.javaVersion,
    multiRelease: view.multiRelease,
    runtime: bundledRuntime((p) => view.entry(p) !== undefined),
    flinkVersions: flinkVersionsOf(entries, reader),
    duplicateEntries: duplicates,
    ...(classVersions ? { classVersions } : {}),
  };
  const empty = { connectors: [], others: [], unresolved: [], missingPackages: [], ...facts };
  const services = entries.get(FACTORY_SERVICES);
  if (!services) return { ...empty, hasFactoryServices: false };
  const listing = parseServices(reader.read(services));
  if (!listing.ok)
    return {
      ...empty,
      hasFactoryServices: true,
      servicesError: { line: listing.line, text: visible(listing.text), reason: listing.reason },
    };

  const parsed = new Map<string, ClassFile | undefined>();
  const classes = (name: string): ClassFile | undefined => {
    if (parsed.has(name)) return parsed.get(name);
    const entry = view.entry(`${name}.class`);
    let cls: ClassFile | undefined;
    if (entry) {
      try {
        cls = parseClass(reader.read(entry));
      } catch (e) {
        if (e instanceof ClassFormatError) throw malformedClass(`${entry.name} is not a valid class file`, e, entry.name);
        throw e;
      }
    }
    parsed.set(name, cls);
    return cls;
  };
  const evaluator = new Evaluator(classes);
  const pieces: JarConnector[] = [];
  const others: JarOtherFactory[] = [];
  const unresolved: UnresolvedFactory[] = [];
  const loaded: string[] = [];

  for (const factory of listing.names) {
    const internal = factory.replace(/\./g, "/");
    const cls = classes(internal);
    if (!cls) {
      unresolved.push({ factory, reason: "it is listed in the services file but its class is not in the JAR" });
      continue;
    }
    if (cls.access & (ACC_ABSTRACT | ACC_INTERFACE)) {
      unresolved.push({ factory, reason: "it is abstract or an interface, so it cannot be instantiated" });
      continue;
    }
    loaded.push(internal);
    const types = supertypes(internal, classes);
    const id = evaluator.call(internal, IDENTIFIER.name, IDENTIFIER.descriptor);
    const identifier = id.k === "str" ? id.v : undefined;
    const isSource = types.all.has(SOURCE_FACTORY);
    const isSink = types.all.has(SINK_FACTORY);
    const open: Capability = types.unknown.length ? "unknown" : false;
    if (isSource || isSink) {
      if (identifier === undefined) {
        unresolved.push({
          factory,
          reason: `its factoryIdentifier() could not be read: ${id.k === "unknown" ? id.why : `it returns a ${id.k}`}`,
        });
        continue;
      }
      const source: Capability = isSource || open;
      pieces.push({
        name: identifier,
        source,
        sink: isSink || open,
        lookup: isSource ? lookupIn(factory, internal, classes) : source,
        factories: [factory],
      });
      continue;
    }
    const kind = types.all.has(FORMAT_FACTORY)
      ? "format"
      : CATALOG_FACTORIES.some((c) => types.all.has(c))
        ? "catalog"
        : types.all.has(MODULE_FACTORY)
          ? "module"
          : undefined;
    if (kind) others.push({ kind, factory, ...(identifier === undefined ? {} : { identifier }) });
    else if (types.unknown.length) {
      unresolved.push({
        factory,
        reason:
          `it extends or implements ${types.unknown.map((t) => t.replace(/\//g, ".")).join(", ")}, ` +
          `which the JAR does not hold, so whether it is a table connector cannot be told`,
      });
    } else others.push({ kind: "other", factory, ...(identifier === undefined ? {} : { identifier }) });
  }

  const byName = new Map<string, JarConnector[]>();
  for (const p of pieces) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const connectors = [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, ps]) => ({
      name,
      source: either(ps.map((p) => p.source)),
      sink: either(ps.map((p) => p.sink)),
      lookup: either(ps.map((p) => p.lookup)),
      factories: ps.flatMap((p) => p.factories),
    }));
  return {
    ...facts,
    connectors,
    others,
    unresolved,
    hasFactoryServices: true,
    missingPackages: needed(loaded, classes, (n) => view.entry(`${n}.class`) !== undefined),
  };
}

/** What the loaded factories need from outside the JAR and the engine; a class the reader cannot parse ends the walk there. */
function needed(factories: readonly string[], classes: (name: string) => ClassFile | undefined, has: (name: string) => boolean): string[] {
  const tolerant = (name: string): ClassFile | undefined => {
    try {
      return classes(name);
    } catch {
      return undefined;
    }
  };
  return missingPackages(factories, tolerant, has);
}

function lookupIn(factory: string, internal: string, classes: (name: string) => ClassFile | undefined): Capability {
  try {
    return lookupOf(internal, classes);
  } catch (e) {
    if (e instanceof ClassFormatError) throw malformedClass(`The code of ${factory} is not valid bytecode`, e);
    throw e;
  }
}

/** A JAR file's bytes, refusing a missing file, a directory, or one over `max` bytes before reading it. */
export async function readJarBytes(path: string, max: number = DEFAULT_JAR_LIMITS.maxJarBytes): Promise<Buffer> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    throw new JarReadError(
      "unreadable",
      `Cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Check the path.`,
      { cause: e },
    );
  }
  if (!info.isFile()) throw new JarReadError("unreadable", `${path} is not a file. Give the path of a JAR file.`);
  if (info.size > max)
    throw new JarReadError(
      "too-large",
      `${path} has ${info.size} bytes, more than the limit of ${max}; connector JARs are rarely over 30 MiB.`,
    );
  return readFile(path);
}

/** Reads a connector JAR from a file, refusing one over the size limit before reading it. */
export async function readConnectorJarFile(path: string, options: JarReaderOptions = {}): Promise<JarReport> {
  return readConnectorJar(await readJarBytes(path, options.maxJarBytes), options);
}
