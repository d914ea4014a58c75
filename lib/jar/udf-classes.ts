import { JarReadError } from "../errors/jar-error";
import type { JarUdfClass, UdfClassType, UdfJarReport, UnknownUdfCandidate } from "../model/udf";
import { ACC_ABSTRACT, ACC_INTERFACE, ClassFormatError, parseClassHeader, type ClassHeader } from "./class-file";
import { DEFAULT_JAR_LIMITS, DEFAULT_JAVA_VERSION, type JarReaderOptions } from "./read-jar";
import { classVersionsOf } from "./rules";
import { JarView } from "./view";
import { EntryReader, readDirectory } from "./zip";

/**
 * The user-defined functions a JAR holds, as the engine's class loader sees them: public,
 * non-abstract classes (not interfaces) whose super class chain reaches one of Flink's six UDF
 * base classes, through the JAR's own (possibly abstract) classes. A chain that leaves the JAR
 * by another class is "unknown" (that class may extend a UDF base, or not): reported apart,
 * never guessed. Nothing in the JAR runs; nothing lists UDFs in META-INF/services, so every
 * class is read, bounded by the zip's limits.
 */

const FUNCTIONS = "org/apache/flink/table/functions/";
export const UDF_BASES: Readonly<Record<string, UdfClassType>> = {
  [`${FUNCTIONS}ScalarFunction`]: "ScalarFunction",
  [`${FUNCTIONS}TableFunction`]: "TableFunction",
  [`${FUNCTIONS}AggregateFunction`]: "AggregateFunction",
  [`${FUNCTIONS}TableAggregateFunction`]: "TableAggregateFunction",
  [`${FUNCTIONS}AsyncScalarFunction`]: "AsyncScalarFunction",
  [`${FUNCTIONS}AsyncTableFunction`]: "AsyncTableFunction",
};
/**
 * Flink's own classes that UDFs extend from outside a JAR, and what they are: a JAR does not hold
 * them (they are provided), so their place in the hierarchy is known here, not read. Any other
 * class outside the JAR leaves the chain unknown.
 */
const FLINK_SUPERS: Readonly<Record<string, UdfClassType | "none">> = {
  [`${FUNCTIONS}TemporalTableFunction`]: "TableFunction",
  [`${FUNCTIONS}UserDefinedFunction`]: "none",
  [`${FUNCTIONS}ImperativeAggregateFunction`]: "none",
  [`${FUNCTIONS}FunctionDefinition`]: "none",
};
const ACC_PUBLIC = 0x0001;
/** A super class chain is never this long in a real JAR; a longer one is a loop or a hostile file. */
const MAX_CHAIN = 64;

/** Where a chain of super classes ends. */
type ChainEnd = { kind: "udf"; type: UdfClassType } | { kind: "none" } | { kind: "outside"; at: string };

/**
 * Every class is read to find UDFs (a connector read inflates only what its factories need), so
 * all entries together may inflate to this much by default: a large shaded JAR's classes fit, and
 * a zip bomb still stops here.
 */
export const UDF_SCAN_TOTAL_INFLATED = 1024 * 1024 * 1024;

/** Reads a JAR's bytes and says which UDF classes it holds. */
export function readUdfJar(bytes: Buffer, options: JarReaderOptions = {}): UdfJarReport {
  const limits = { ...DEFAULT_JAR_LIMITS, maxTotalInflatedBytes: UDF_SCAN_TOTAL_INFLATED, ...options };
  if (bytes.length > limits.maxJarBytes)
    throw new JarReadError("too-large", `The JAR has ${bytes.length} bytes, more than the limit of ${limits.maxJarBytes}.`);
  const { entries } = readDirectory(bytes, limits);
  const view = new JarView(entries, new EntryReader(bytes, limits), options.javaVersion ?? DEFAULT_JAVA_VERSION);
  const classVersions = classVersionsOf(view);
  return { ...udfClassesOf(view), javaVersion: view.javaVersion, ...(classVersions ? { classVersions } : {}) };
}

/** The UDF classes of a JAR view. */
export function udfClassesOf(view: JarView): { classes: JarUdfClass[]; unknown: UnknownUdfCandidate[] } {
  const parsed = new Map<string, ClassHeader | undefined>();
  const load = (name: string): ClassHeader | undefined => {
    if (parsed.has(name)) return parsed.get(name);
    const entry = view.entry(`${name}.class`);
    let cls: ClassHeader | undefined;
    if (entry) {
      try {
        cls = parseClassHeader(view.reader.read(entry));
      } catch (e) {
        if (!(e instanceof ClassFormatError)) throw e;
        throw new JarReadError("malformed-class", `${entry.name} is not a valid class file (${e.message}); rebuild the JAR.`, {
          entry: entry.name,
          cause: e,
        });
      }
    }
    parsed.set(name, cls);
    return cls;
  };
  const ends = new Map<string, ChainEnd>();
  const endOf = (name: string): ChainEnd => {
    const seen: string[] = [];
    let t: string | undefined = name;
    let end: ChainEnd = { kind: "none" };
    while (t !== undefined && seen.length < MAX_CHAIN) {
      const known = ends.get(t);
      if (known) {
        end = known;
        break;
      }
      seen.push(t);
      if (UDF_BASES[t]) {
        end = { kind: "udf", type: UDF_BASES[t] };
        break;
      }
      const cls = load(t);
      if (!cls) {
        const known = FLINK_SUPERS[t];
        end =
          known && known !== "none"
            ? { kind: "udf", type: known }
            : known === "none" || /^javax?\//.test(t)
              ? { kind: "none" }
              : { kind: "outside", at: t };
        break;
      }
      t = cls.superName;
    }
    for (const s of seen) ends.set(s, end);
    return end;
  };
  const classes: JarUdfClass[] = [];
  const unknown: UnknownUdfCandidate[] = [];
  for (const path of view.classPaths().sort()) {
    const name = path.slice(0, -".class".length);
    const cls = load(name);
    if (!cls || (cls.access & ACC_PUBLIC) === 0 || (cls.access & (ACC_ABSTRACT | ACC_INTERFACE)) !== 0 || UDF_BASES[name]) continue;
    const end = cls.superName === undefined ? ({ kind: "none" } as const) : endOf(cls.superName);
    const className = name.replace(/\//g, ".");
    if (end.kind === "udf") classes.push({ className, classType: end.type });
    else if (end.kind === "outside") unknown.push({ className, outside: end.at.replace(/\//g, ".") });
  }
  return { classes, unknown };
}
