/**
 * Classes of Flink's own runtime that a custom connector JAR must not bundle: Alibaba Cloud's
 * "Manage custom connectors" page requires Flink dependencies in `provided` scope ("uploading JAR
 * files at the runtime layer causes dependency conflicts"). One or two classes of each module
 * that only that module holds, so that a connector's own classes under `org/apache/flink/...`
 * (Kafka's `org/apache/flink/streaming/connectors/kafka/`, Hive's `org/apache/flink/table/catalog/hive/`)
 * are never taken for the runtime.
 */
export const RUNTIME_MARKERS: Readonly<Record<string, readonly string[]>> = {
  "flink-core": ["org/apache/flink/configuration/Configuration.class", "org/apache/flink/api/common/ExecutionConfig.class"],
  "flink-runtime": ["org/apache/flink/runtime/jobgraph/JobGraph.class"],
  "flink-streaming-java": [
    "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
    "org/apache/flink/streaming/api/datastream/DataStream.class",
  ],
  "flink-table-common": ["org/apache/flink/table/factories/FactoryUtil.class", "org/apache/flink/table/data/RowData.class"],
  "flink-table-api-java": ["org/apache/flink/table/api/TableEnvironment.class"],
  "flink-table-api-java-bridge": ["org/apache/flink/table/api/bridge/java/StreamTableEnvironment.class"],
  "flink-table-runtime": ["org/apache/flink/table/runtime/operators/TableStreamOperator.class"],
  "flink-table-planner": ["org/apache/flink/table/planner/delegation/PlannerBase.class"],
};

/**
 * Packages the engine provides to every JAR, so that a class a connector references there need
 * not be bundled: the JDK's, Flink's (the engine's lib holds its modules; which ones exactly is
 * not settled by the bytes, so none of them is reported), and the logging API Flink ships.
 */
export const PROVIDED_PACKAGES: readonly string[] = [
  "java/",
  "javax/",
  "jdk/",
  "sun/",
  "com/sun/",
  "org/w3c/",
  "org/xml/",
  "org/ietf/",
  "org/apache/flink/",
  "org/slf4j/",
  "org/apache/logging/log4j/",
  "org/apache/log4j/",
];
