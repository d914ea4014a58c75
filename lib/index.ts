/**
 * pulumi-alicloud-flink: custom connectors of Alibaba Cloud Realtime Compute for Apache Flink
 * (Ververica, OpenAPI 2022-07-18) as code. This entry is what Pulumi programs use: the resource,
 * the list function, their types and the errors they raise. The emulator is
 * `pulumi-alicloud-flink/emulator`; the API service and client for use without Pulumi are
 * `pulumi-alicloud-flink/service`.
 */
export { FlinkConnector, type FlinkConnectorArgs, type FlinkConnectorCommonArgs } from "./resource/flink-connector";
export {
  getFlinkConnectors,
  getFlinkConnectorsOutput,
  type FlinkConnectorInfo,
  type GetFlinkConnectorsArgs,
  type GetFlinkConnectorsOptions,
  type GetFlinkConnectorsOutputArgs,
  type GetFlinkConnectorsResult,
} from "./resource/get-flink-connectors";
export {
  FlinkUdfArtifact,
  getFlinkUdfArtifacts,
  type FlinkUdfArtifactArgs,
  type FlinkUdfArtifactInfo,
  type GetFlinkUdfArtifactsArgs,
  type GetFlinkUdfArtifactsResult,
} from "./resource/flink-udf-artifact";
export { UdfOperationError, type UdfFacts, type UdfPhase, type NamedClass } from "./errors/udf-operation-error";
export { readUdfJar } from "./jar/udf-classes";
export type { JarUdfClass, UdfClassType, UdfJarReport, UnknownUdfCandidate } from "./model/udf";
export { jarContentVersion } from "./resource/jar-content-version";
export { inspectConnectorJar, describeWarning, type JarInspection, type JarWarning } from "./jar/inspect";
export type { JarReaderOptions } from "./jar/read-jar";
export type { Capability, JarConnector, JarOtherFactory, JarReport, UnresolvedFactory } from "./model/jar-report";
export { JarReadError, type JarProblem } from "./errors/jar-error";
export type {
  Connector,
  ConnectorInfo,
  ConnectorPlatformFields,
  ConnectorProperty,
  ConnectorRef,
  NamespaceRef,
  Operation,
  TableMeta,
} from "./model/connector";
export type { ErrorKind } from "./errors/classify";
export { ConfigurationError } from "./errors/configuration-error";
export { FlinkApiError } from "./errors/flink-api-error";
export {
  ConnectorOperationError,
  type ConnectorPresence,
  type LifecycleOperation,
  type OperationFacts,
  type PartialState,
  type Phase,
  type Presence,
} from "./errors/operation-error";
export { WriteFailure } from "./errors/write-failure";
