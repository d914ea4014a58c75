import type { UdfArtifact } from "../model/udf";

/**
 * A FlinkUdfArtifact's inputs and outputs, and how a state (ours, or one read back) decodes:
 * bounded, anything unexpected dropped, never executed.
 */

/** Class name to the function names registered for it. */
export type FunctionMap = Readonly<Record<string, readonly string[]>>;

export interface FlinkUdfArtifactInputs {
  readonly workspaceId: string;
  readonly namespaceName: string;
  /** The artifact's name on the platform. */
  readonly name: string;
  /** The JAR URL registered: the declared one, or a jarFile's upload. */
  readonly jarUrl: string;
  readonly jarFile?: string;
  readonly jarSha256?: string;
  readonly dependencyJarUris: readonly string[];
  /** Undefined: every UDF class of the JAR, under its simple class name. */
  readonly functions?: FunctionMap;
}

export interface UdfClassInfo {
  readonly className: string;
  readonly classType: string;
  readonly functionNames: readonly string[];
}

export interface FlinkUdfArtifactOutputs {
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly name: string;
  /** As declared ("" for a jarFile). */
  readonly jarUrl: string;
  readonly jarFile: string;
  readonly jarSha256: string;
  /** The URL the platform has the JAR at (a jarFile's upload, or jarUrl). */
  readonly uploadedJarUrl: string;
  readonly dependencyJarUris: readonly string[];
  /** The functions registered, by class. */
  readonly functions: FunctionMap;
  /** The artifact's classes as the platform reports them, with their functions. */
  readonly udfClasses: readonly UdfClassInfo[];
  readonly artifactType: string;
  readonly creator: string;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export const UDF_REPLACE_KEYS = ["workspaceId", "namespaceName", "name"] as const;
export const UDF_UPDATE_KEYS = ["jarUrl", "jarSha256", "dependencyJarUris", "functions"] as const;

const MAX = 10_000;
const text = (v: unknown): string => (typeof v === "string" ? v.slice(0, 4096) : "");
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.slice(0, MAX).filter((x): x is string => typeof x === "string") : []);

/** A function map from anything (a state, an input): string keys to sorted, unique string lists. */
export function functionMapOf(v: unknown): FunctionMap | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .slice(0, MAX)
      .map(([k, names]) => [k, [...new Set(texts(names))].sort()]),
  );
}

/** The simple name a class's function gets by default (the docs: "the same as the class name"). */
export const defaultFunctionName = (className: string): string => className.split(/[.$]/).pop() ?? className;

/** The functions of an artifact as the platform reports them. */
export function functionsOf(a: UdfArtifact): FunctionMap {
  return Object.fromEntries(a.udfClasses.filter((c) => c.functionNames.length).map((c) => [c.className, [...c.functionNames]]));
}

/** Inputs from checked inputs or a state (outputs over inputs). */
export function decodeUdf(props: Readonly<Record<string, unknown>>): FlinkUdfArtifactInputs {
  const jarFile = text(props.jarFile);
  const jarUrl = jarFile ? text(props.uploadedJarUrl) || "" : text(props.jarUrl);
  const functions = functionMapOf(props.functions);
  return {
    workspaceId: text(props.workspaceId),
    namespaceName: text(props.namespaceName),
    name: text(props.name),
    jarUrl,
    ...(jarFile ? { jarFile } : {}),
    ...(text(props.jarSha256) ? { jarSha256: text(props.jarSha256) } : {}),
    dependencyJarUris: texts(props.dependencyJarUris),
    ...(functions ? { functions } : {}),
  };
}

/** The outputs of an artifact the platform reports, for these inputs. */
export function udfOutputs(i: FlinkUdfArtifactInputs, a: UdfArtifact): FlinkUdfArtifactOutputs {
  return {
    workspaceId: i.workspaceId,
    namespaceName: i.namespaceName,
    name: i.name,
    jarUrl: i.jarFile ? "" : i.jarUrl || a.jarUrl,
    jarFile: i.jarFile ?? "",
    jarSha256: i.jarSha256 ?? "",
    uploadedJarUrl: a.jarUrl,
    dependencyJarUris: [...a.dependencyJarUris],
    functions: functionsOf(a),
    udfClasses: a.udfClasses.map((c) => ({ className: c.className, classType: c.classType, functionNames: [...c.functionNames] })),
    artifactType: a.artifactType,
    creator: a.creator,
    createdAt: a.createdAt,
    modifiedAt: a.modifiedAt,
  };
}

export const udfIdOf = (i: { workspaceId: string; namespaceName: string; name: string }): string =>
  `${i.workspaceId}:${i.namespaceName}:${i.name}`;
