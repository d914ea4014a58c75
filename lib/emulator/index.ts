/** `pulumi-alicloud-flink/emulator`: a local Ververica connector API, for tests and offline work. */
export { startEmulator, EMULATED_API_VERSION, type Emulator, type EmulatorOptions, type RequestRecord } from "./server";
export type { ControlApi } from "./control";
export type { FaultKind, FaultSpec, RandomFaults } from "./faults";
export type { ConnectorStore, StoredConnector } from "./store";
export type { EmulatedConnector, EmulatorKey, JarConnectorSpec, JarSpec, TableRecord } from "./types";
export { buildConnectorJar, type ConnectorJarSpec, type FixtureConnector } from "./fixtures/connector-jar";
