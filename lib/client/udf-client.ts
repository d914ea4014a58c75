import type { NamespaceRef } from "../model/connector";
import type { UdfApi, UdfArtifact, UdfArtifactRef, UdfArtifactSpec, UdfFunction, UdfWriteAnswer } from "../model/udf";
import { encodePathParam, VervericaConnectorClient } from "./connector-client";
import { parseUdfArtifacts, parseUdfFunction, udfWriteParser } from "./udf-wire";

const base = (ns: string): string => `/api/v2/namespaces/${encodePathParam(ns)}/udfartifacts`;
const body = (spec: UdfArtifactSpec): Record<string, unknown> => ({
  name: spec.name,
  jarUrl: spec.jarUrl,
  dependencyJarUris: [...spec.dependencyJarUris],
});

/**
 * The Ververica client with the UDF artifact and function operations beside the connector ones,
 * on the same request path (signing, `workspace` header, pacing, bounded answers, normalized
 * errors), sent as the official SDK sends them (ververica-artifacts-api.md).
 */
export class VervericaClient extends VervericaConnectorClient implements UdfApi {
  createUdfArtifact(ref: NamespaceRef, spec: UdfArtifactSpec): Promise<UdfWriteAnswer> {
    return this.call(ref, {
      operation: "CreateUdfArtifact",
      method: "POST",
      pathname: base(ref.namespaceName),
      body: body(spec),
      udfArtifactName: spec.name,
      jarUrl: spec.jarUrl,
      parse: udfWriteParser("createSuccess"),
    });
  }

  updateUdfArtifact(ref: NamespaceRef, spec: UdfArtifactSpec): Promise<UdfWriteAnswer> {
    return this.call(ref, {
      operation: "UpdateUdfArtifact",
      method: "PUT",
      pathname: `${base(ref.namespaceName)}/${encodePathParam(spec.name)}`,
      body: body(spec),
      udfArtifactName: spec.name,
      jarUrl: spec.jarUrl,
      parse: udfWriteParser("updateSuccess"),
    });
  }

  deleteUdfArtifact(ref: UdfArtifactRef): Promise<UdfWriteAnswer> {
    return this.call(ref, {
      operation: "DeleteUdfArtifact",
      method: "DELETE",
      pathname: `${base(ref.namespaceName)}/${encodePathParam(ref.udfArtifactName)}`,
      udfArtifactName: ref.udfArtifactName,
      parse: udfWriteParser("deleteSuccess"),
    });
  }

  getUdfArtifacts(ref: NamespaceRef, udfArtifactName?: string): Promise<UdfArtifact[]> {
    return this.call(ref, {
      operation: "GetUdfArtifacts",
      method: "GET",
      pathname: base(ref.namespaceName),
      ...(udfArtifactName !== undefined ? { query: { udfArtifactName }, udfArtifactName } : {}),
      parse: parseUdfArtifacts,
    });
  }

  registerUdfFunction(ref: UdfArtifactRef, className: string, functionName: string): Promise<UdfFunction> {
    return this.call(ref, {
      operation: "RegisterUdfFunction",
      method: "POST",
      pathname: `${base(ref.namespaceName)}/function%3AregisterUdfFunction`,
      query: { className, functionName, udfArtifactName: ref.udfArtifactName },
      udfArtifactName: ref.udfArtifactName,
      functionName,
      parse: parseUdfFunction,
    });
  }

  async deleteUdfFunction(ref: UdfArtifactRef, className: string, functionName: string): Promise<void> {
    await this.call(ref, {
      operation: "DeleteUdfFunction",
      method: "DELETE",
      pathname: `${base(ref.namespaceName)}/function/${encodePathParam(functionName)}`,
      query: { className, udfArtifactName: ref.udfArtifactName },
      udfArtifactName: ref.udfArtifactName,
      functionName,
      parse: () => undefined,
    });
  }
}
