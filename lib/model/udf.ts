import type { NamespaceRef } from "./connector";

/** Flink's UDF base class a class extends (the package's reading; the platform's `classType` is its own word). */
export type UdfClassType =
  "ScalarFunction" | "TableFunction" | "AggregateFunction" | "TableAggregateFunction" | "AsyncScalarFunction" | "AsyncTableFunction";

/** A UDF class a JAR holds: public, not abstract, its super chain reaching a UDF base. */
export interface JarUdfClass {
  /** Binary name, dotted: `com.acme.udf.Upper`, `com.acme.udf.Outer$Inner`. */
  readonly className: string;
  readonly classType: UdfClassType;
}

/** A public class whose super chain leaves the JAR by a class that is not Flink's or the JDK's: it may be a UDF. */
export interface UnknownUdfCandidate {
  readonly className: string;
  /** The first super class outside the JAR. */
  readonly outside: string;
}

export interface UdfJarReport {
  /** Sorted by class name. */
  readonly classes: readonly JarUdfClass[];
  readonly unknown: readonly UnknownUdfCandidate[];
  readonly javaVersion: number;
  readonly classVersions?: { readonly min: number; readonly max: number; readonly newest: string };
}

/** A UDF class as the platform reports it in an artifact. */
export interface UdfClass {
  readonly className: string;
  /** The platform's word for it; kept as reported. */
  readonly classType: string;
  /** Sorted. */
  readonly functionNames: readonly string[];
  readonly udfArtifactName: string;
}

/** A UDF artifact as the platform reports it. */
export interface UdfArtifact {
  readonly name: string;
  readonly jarUrl: string;
  readonly artifactType: string;
  readonly dependencyJarUris: readonly string[];
  readonly udfClasses: readonly UdfClass[];
  readonly namespace: string;
  readonly creator: string;
  /** Epoch milliseconds, as reported (0 when absent). */
  readonly createdAt: number;
  readonly modifiedAt: number;
}

/** What a UDF artifact is written from. */
export interface UdfArtifactSpec {
  readonly name: string;
  readonly jarUrl: string;
  readonly dependencyJarUris: readonly string[];
}

/** One artifact of a namespace. */
export interface UdfArtifactRef extends NamespaceRef {
  readonly udfArtifactName: string;
}

/** A function registered from a class of an artifact. */
export interface UdfFunction {
  readonly className: string;
  readonly functionName: string;
  readonly udfArtifactName: string;
}

/** The business answer of a UDF artifact write (`createSuccess`/`updateSuccess`/`deleteSuccess`, and the classes it names). */
export interface UdfWriteAnswer {
  readonly success: boolean;
  readonly message: string;
  readonly artifact?: UdfArtifact;
  readonly collidingClasses: readonly UdfClass[];
  readonly missingClasses: readonly UdfClass[];
  readonly referencedClasses: readonly UdfClass[];
}

/**
 * The seam between the UDF service and the wire: the six UDF operations. `VervericaClient`
 * implements it over HTTP; unit tests stub it. Every rejection is a `FlinkApiError`.
 */
export interface UdfApi {
  createUdfArtifact(ref: NamespaceRef, spec: UdfArtifactSpec): Promise<UdfWriteAnswer>;
  updateUdfArtifact(ref: NamespaceRef, spec: UdfArtifactSpec): Promise<UdfWriteAnswer>;
  deleteUdfArtifact(ref: UdfArtifactRef): Promise<UdfWriteAnswer>;
  /** Every artifact of the namespace, or only the one named. */
  getUdfArtifacts(ref: NamespaceRef, udfArtifactName?: string): Promise<UdfArtifact[]>;
  registerUdfFunction(ref: UdfArtifactRef, className: string, functionName: string): Promise<UdfFunction>;
  deleteUdfFunction(ref: UdfArtifactRef, className: string, functionName: string): Promise<void>;
}
