import type { EngineSettings } from "../config/settings";
import { JarReadError } from "../errors/jar-error";
import { majorOf } from "../jar/inspect";
import { readUdfJar } from "../jar/udf-classes";
import type { NamespaceRef } from "../model/connector";
import { nameProblem, problemWords } from "../model/names";
import type { UdfArtifact } from "../model/udf";
import { checkJarUrl, type CheckFailure } from "./check";
import { readJarFile } from "./jar-file";
import { checkJarFilePath } from "./jar-file-path";
import { defaultFunctionName, functionMapOf, type FunctionMap } from "./udf-types";
import { absent, shown, UNKNOWN } from "./words";

/**
 * A FlinkUdfArtifact's check, in the words of the inputs: names, exactly one JAR, the dependency
 * URLs, the functions; a `jarFile` read for its UDF classes (declared classes must be in it; no
 * functions declared: every class under its simple name); and, when the classes are known, one
 * GetUdfArtifacts: a class or function name another artifact of the namespace already has is
 * refused naming that artifact (the platform's `collidingClasses`, before `up`).
 */

const ARTIFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
type Props = Record<string, unknown>;

export interface UdfCheckDeps {
  readonly engine: EngineSettings;
  /** The artifacts of a namespace (the collision check); absent: not checked. */
  readonly artifacts?: (ref: NamespaceRef) => Promise<UdfArtifact[]>;
  /** The state's inputs: the same artifact, JAR and functions as these need no second look. */
  readonly olds?: Props;
}

export interface UdfCheck {
  readonly inputs: Props;
  readonly failures: CheckFailure[];
  readonly notes: string[];
}

function functionFailures(v: unknown): CheckFailure[] {
  if (absent(v) || v === UNKNOWN) return [];
  const fail = (reason: string): CheckFailure[] => [{ property: "functions", reason }];
  if (typeof v !== "object" || v === null || Array.isArray(v))
    return fail('functions maps class names to function names, e.g. { "com.acme.udf.Upper": ["UPPER"] }.');
  const seen = new Map<string, string>();
  for (const [cls, names] of Object.entries(v as Props)) {
    if (!CLASS_NAME.test(cls)) return fail(`functions: ${shown(cls)} is not a Java class name (e.g. "com.acme.udf.Upper").`);
    if (names === UNKNOWN) continue;
    if (!Array.isArray(names) || names.length === 0)
      return fail(`functions[${shown(cls)}] must list at least one function name, e.g. ["${defaultFunctionName(cls)}"].`);
    for (const n of names) {
      if (n === UNKNOWN) continue;
      if (typeof n !== "string" || !FUNCTION_NAME.test(n))
        return fail(`functions[${shown(cls)}]: ${shown(String(n))} is not a function name (a letter or _, then letters, digits or _).`);
      if (seen.has(n) && seen.get(n) !== cls)
        return fail(`functions: "${n}" is declared for ${seen.get(n)} and ${cls}; a function name is one function.`);
      seen.set(n, cls);
    }
  }
  return [];
}

export async function checkUdf(news: Props, deps: UdfCheckDeps): Promise<UdfCheck> {
  const failures: CheckFailure[] = [];
  const notes: string[] = [];
  const inputs: Props = { ...news };
  for (const [key, kind] of [
    ["workspaceId", "workspace"],
    ["namespaceName", "namespace"],
  ] as const) {
    const v = news[key];
    if (v === UNKNOWN) continue;
    const p = typeof v === "string" ? nameProblem(kind, v) : { kind: "empty" as const };
    if (p) failures.push({ property: key, reason: `${key} ${typeof v === "string" && v ? `"${v}" ` : ""}${problemWords(p)}.` });
  }
  if (news.name !== UNKNOWN && (typeof news.name !== "string" || !ARTIFACT_NAME.test(news.name)))
    failures.push({
      property: "name",
      reason:
        "name is the UDF artifact's name: letters, digits, '_', '.' and '-', starting with a letter or digit, at most 128 " +
        `(got ${typeof news.name === "string" ? shown(news.name) : JSON.stringify(news.name ?? null)}).`,
    });
  const fromFile = !absent(news.jarFile);
  if (fromFile) {
    const f = checkJarFilePath(news.jarFile, news.jarUrl);
    if (f) failures.push(f);
  } else {
    const j = checkJarUrl(news.jarUrl);
    if (j) failures.push({ property: "jarUrl", reason: j.replace(/register connectors/, "create a UDF artifact") });
  }
  const deps0 = news.dependencyJarUris;
  if (!absent(deps0) && deps0 !== UNKNOWN) {
    if (!Array.isArray(deps0)) failures.push({ property: "dependencyJarUris", reason: "dependencyJarUris is a list of JAR URLs." });
    else
      deps0.forEach((u, i) => {
        const p = u === UNKNOWN ? undefined : checkJarUrl(u);
        if (p) failures.push({ property: "dependencyJarUris", reason: `dependencyJarUris[${i}]: ${p.replace(/^jarUrl/, "the URL")}` });
      });
  }
  failures.push(...functionFailures(news.functions));
  if (failures.length) return { inputs, failures, notes };

  let classes: readonly string[] | undefined;
  if (fromFile && news.jarFile !== UNKNOWN) {
    const jarFile = String(news.jarFile);
    try {
      const read = await readJarFile(jarFile);
      const report = readUdfJar(read.bytes, { javaVersion: deps.engine.javaVersion });
      inputs.jarSha256 = read.sha256;
      classes = report.classes.map((c) => c.className);
      if (!classes.length)
        failures.push({
          property: "jarFile",
          reason:
            `jarFile ${jarFile} holds no UDF class ` + "(no public class extending ScalarFunction, TableFunction, AggregateFunction, ...).",
        });
      if (report.classVersions && report.classVersions.max > majorOf(report.javaVersion))
        failures.push({
          property: "jarFile",
          reason:
            `jarFile ${jarFile}: ${report.classVersions.newest} is a class file of Java ${report.classVersions.max - 44}, ` +
            `but the engine runs Java ${report.javaVersion}; compile for Java ${report.javaVersion}.`,
        });
      if (report.unknown.length)
        notes.push(
          `${jarFile}: ${report.unknown.length} class(es) extend classes outside the JAR and may be UDFs: ${report.unknown
            .slice(0, 5)
            .map((u) => u.className)
            .join(", ")}`,
        );
      const declared = functionMapOf(news.functions);
      const missing = Object.keys(declared ?? {}).filter((c) => !classes!.includes(c));
      if (missing.length)
        failures.push({
          property: "functions",
          reason: `jarFile ${jarFile} holds no UDF class ${missing.join(", ")}; its UDF classes are ${classes.join(", ") || "none"}.`,
        });
      if (!declared && classes.length) {
        const defaults: Record<string, string[]> = Object.fromEntries(classes.map((c) => [c, [defaultFunctionName(c)]]));
        const names = Object.values(defaults).flat();
        const twice = names.filter((n, i) => names.indexOf(n) !== i);
        if (twice.length)
          failures.push({
            property: "functions",
            reason: `Two UDF classes of ${jarFile} have the simple name ${twice[0]}: declare functions to name them apart.`,
          });
        else inputs.functions = defaults;
      }
    } catch (e) {
      if (!JarReadError.isInstance(e)) throw e;
      failures.push({ property: "jarFile", reason: `jarFile ${jarFile}: ${e.message}` });
    }
  }
  const functions = functionMapOf(inputs.functions);
  classes ??= functions ? Object.keys(functions) : undefined;
  if (failures.length || !classes?.length || !deps.artifacts) return { inputs, failures, notes };
  if ([news.workspaceId, news.namespaceName, news.name].includes(UNKNOWN)) return { inputs, failures, notes };
  if (deps.olds && sameArtifact(deps.olds, inputs)) return { inputs, failures, notes };
  failures.push(
    ...(await collisions(
      { workspaceId: String(news.workspaceId), namespaceName: String(news.namespaceName) },
      String(news.name),
      classes,
      functions,
      deps.artifacts,
      notes,
    )),
  );
  return { inputs, failures, notes };
}

/** The state's artifact with the same JAR and functions: what was checked then holds now. */
function sameArtifact(olds: Props, news: Props): boolean {
  const keys = ["workspaceId", "namespaceName", "name", "jarUrl", "jarSha256"];
  return (
    keys.every((k) => (olds[k] ?? "") === (news[k] ?? "")) &&
    JSON.stringify(functionMapOf(olds.functions)) === JSON.stringify(functionMapOf(news.functions))
  );
}

/** Classes and function names other artifacts of the namespace have: one GetUdfArtifacts. */
async function collisions(
  ref: NamespaceRef,
  name: string,
  classes: readonly string[],
  functions: FunctionMap | undefined,
  artifacts: (ref: NamespaceRef) => Promise<UdfArtifact[]>,
  notes: string[],
): Promise<CheckFailure[]> {
  let others: UdfArtifact[];
  try {
    others = (await artifacts(ref)).filter((a) => a.name !== name);
  } catch (e) {
    notes.push(`could not look for colliding classes before up (${(e as Error).message.split("\n")[0]}); the platform checks them at up`);
    return [];
  }
  const out: CheckFailure[] = [];
  for (const a of others)
    for (const c of a.udfClasses) {
      if (classes.includes(c.className))
        out.push({
          property: "functions",
          reason:
            `${c.className} is already in UDF artifact "${a.name}" of namespace ${ref.namespaceName}: a class belongs to one ` +
            `artifact. Remove it from this JAR, or delete it from "${a.name}" first.`,
        });
      const taken = c.functionNames.filter((f) => Object.values(functions ?? {}).some((ns) => ns.includes(f)));
      for (const f of taken)
        out.push({
          property: "functions",
          reason:
            `The function "${f}" already exists in namespace ${ref.namespaceName} ` +
            `(class ${c.className} of UDF artifact "${a.name}"): choose another name.`,
        });
    }
  return out;
}
