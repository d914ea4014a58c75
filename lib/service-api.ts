/**
 * `pulumi-alicloud-flink/service`: the Ververica connector API without Pulumi. The service adds
 * retries, pacing, List sharing and writes that never act twice to the client's three calls.
 */
export {
  FlinkConnectorService,
  type CallCounts,
  type DeleteResult,
  type RegisterArgs,
  type RegisterResult,
  type ServiceOptions,
} from "./service/connector-service";
export type { ConnectorServicePort } from "./service/types";
export { VervericaConnectorClient, API_VERSION, type ChainCredential, type ClientOptions } from "./client/connector-client";
export type { StaticCredentials } from "./client/credentials";
export { DEFAULT_TIMEOUTS, type Timeouts } from "./client/timeouts";
export type { RateLimitOptions } from "./client/rate-limiter";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./service/retry-policy";
export { DEFAULT_WAIT_POLICY, type WaitPolicy } from "./service/poll";
export type { Connector, ConnectorApi, ConnectorProperty, ConnectorRef, NamespaceRef, Operation, TableMeta } from "./model/connector";
export { ConfigurationError } from "./errors/configuration-error";
export { FlinkApiError } from "./errors/flink-api-error";
export { WriteFailure } from "./errors/write-failure";
