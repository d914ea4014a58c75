/**
 * pulumi-alicloud-flink: custom connectors of Alibaba Cloud Realtime Compute for Apache Flink
 * (Ververica, OpenAPI 2022-07-18) as code, plus a local emulator of that API.
 */
export { VervericaConnectorClient, API_VERSION, type ClientOptions, type ChainCredential } from "./client/connector-client";
export type { StaticCredentials } from "./client/credentials";
export type { Timeouts } from "./client/timeouts";
export { DEFAULT_TIMEOUTS } from "./client/timeouts";
export type { Connector, ConnectorApi, ConnectorProperty, NamespaceRef, Operation, TableMeta } from "./client/types";
export { classify, type Classification, type ErrorKind, type FailureFacts } from "./errors/classify";
export { ConfigurationError } from "./errors/configuration-error";
export { FlinkApiError } from "./errors/flink-api-error";
export { WaitTimeoutError } from "./errors/wait-timeout-error";
export { ConnectorOperationError, type OperationFacts, type Presence, type Phase, type LifecycleOperation } from "./errors/operation-error";
export { WriteFailure } from "./errors/write-failure";
export {
  FlinkConnectorService,
  type CallCounts,
  type ConnectorRef,
  type DeleteResult,
  type RegisterArgs,
  type RegisterResult,
  type ServiceOptions,
} from "./service/connector-service";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./service/retry-policy";
export { DEFAULT_WAIT_POLICY, type WaitPolicy } from "./service/poll";
export { startEmulator, type Emulator, type EmulatorOptions, type RequestRecord } from "./emulator/server";
export type { FaultKind, FaultSpec } from "./emulator/faults";
export type { EmulatedConnector, EmulatorKey, JarSpec, JarConnectorSpec } from "./emulator/types";
export { FlinkConnector, type FlinkConnectorArgs } from "./resource/flink-connector";
export {
  getFlinkConnectors,
  getFlinkConnectorsOutput,
  filterConnectors,
  type FlinkConnectorInfo,
  type GetFlinkConnectorsArgs,
  type GetFlinkConnectorsOptions,
  type GetFlinkConnectorsOutputArgs,
  type GetFlinkConnectorsResult,
} from "./resource/get-flink-connectors";
export { FlinkConnectorProvider, type ProviderDeps } from "./provider/provider";
export { CONFIG_KEYS } from "./provider/settings";
export type { FlinkConnectorInputs, FlinkConnectorOutputs } from "./provider/types";
