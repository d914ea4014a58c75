import type { UdfArtifact, UdfClass, UdfFunction, UdfWriteAnswer } from "../model/udf";
import { object, optionalArray, optionalBool, optionalString, requiredString, ShapeError, strings, type Json } from "./wire-model";

/**
 * The UDF models of the SDK (`UdfArtifact`, `UdfClass`, `UdfFunction`, the write results) read
 * into our complete model: what identifies a thing must be there; descriptive fields missing
 * become "", 0 or []; anything else is a ShapeError, never taken for "nothing".
 */

const MAX_ITEMS = 100_000;

function bounded(list: unknown[], where: string): unknown[] {
  if (list.length > MAX_ITEMS) throw new ShapeError(`${where} lists ${list.length} items, more than ${MAX_ITEMS}`);
  return list;
}

function optionalNumber(o: Json, key: string, where: string): number {
  const v = o[key];
  if (v === undefined || v === null) return 0;
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new ShapeError(`${where}.${key} is not a number`);
  return n;
}

export function toUdfClass(raw: unknown, where = "udfClass"): UdfClass {
  const c = object(raw, where);
  return {
    className: requiredString(c, "className", where),
    classType: optionalString(c, "classType", where),
    functionNames: [...new Set(bounded(strings(c, "functionNames", where), where) as string[])].sort(),
    udfArtifactName: optionalString(c, "udfArtifactName", where),
  };
}

export function toUdfArtifact(raw: unknown, where = "udfArtifact"): UdfArtifact {
  const a = object(raw, where);
  return {
    name: requiredString(a, "name", where),
    jarUrl: optionalString(a, "jarUrl", where),
    artifactType: optionalString(a, "artifactType", where),
    dependencyJarUris: strings(a, "dependencyJarUris", where),
    udfClasses: bounded(optionalArray(a, "udfClasses", where), `${where}.udfClasses`)
      .map((c, i) => toUdfClass(c, `${where}.udfClasses[${i}]`))
      .sort((x, y) => (x.className < y.className ? -1 : x.className > y.className ? 1 : 0)),
    namespace: optionalString(a, "namespace", where),
    creator: optionalString(a, "creator", where),
    createdAt: optionalNumber(a, "createdAt", where),
    modifiedAt: optionalNumber(a, "modifiedAt", where),
  };
}

/** GetUdfArtifacts' `data`: a list of artifacts. */
export function parseUdfArtifacts(data: unknown): UdfArtifact[] {
  if (!Array.isArray(data)) throw new ShapeError(`data is ${data === null ? "null" : typeof data}, not a list of UDF artifacts`);
  return bounded(data, "data").map((a, i) => toUdfArtifact(a, `data[${i}]`));
}

/** The result of CreateUdfArtifact, UpdateUdfArtifact or DeleteUdfArtifact: the business answer, read from `data` itself. */
export function udfWriteParser(flag: "createSuccess" | "updateSuccess" | "deleteSuccess"): (data: unknown) => UdfWriteAnswer {
  return (data) => {
    const d = object(data, "data");
    if (d[flag] === undefined || d[flag] === null)
      throw new ShapeError(`data.${flag} is missing: the answer does not say whether it was done`);
    const classes = (key: string): UdfClass[] =>
      bounded(optionalArray(d, key, "data"), `data.${key}`).map((c, i) => toUdfClass(c, `data.${key}[${i}]`));
    const artifact = d.udfArtifact === undefined || d.udfArtifact === null ? undefined : toUdfArtifact(d.udfArtifact, "data.udfArtifact");
    return {
      success: optionalBool(d, flag, "data"),
      message: optionalString(d, "message", "data"),
      ...(artifact ? { artifact } : {}),
      collidingClasses: classes("collidingClasses"),
      missingClasses: classes("missingClasses"),
      referencedClasses: classes("referencedClasses"),
    };
  };
}

/** RegisterUdfFunction's `data`. */
export function parseUdfFunction(data: unknown): UdfFunction {
  const f = object(data, "data");
  return {
    className: requiredString(f, "className", "data"),
    functionName: requiredString(f, "functionName", "data"),
    udfArtifactName: requiredString(f, "udfArtifactName", "data"),
  };
}
