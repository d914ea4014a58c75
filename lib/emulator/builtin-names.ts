/**
 * The connector names the emulated platform has built in (the values of `'connector' = '...'` on
 * Alibaba Cloud's "Supported connectors" pages for VVR 8.x and 11.x). The emulator keeps its own
 * list, apart from the package's, as it keeps its own reading of everything else.
 */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set(
  (
    "mysql mysql-cdc rds hologres kafka upsert-kafka odps continuous-odps sls datahub mq mq5 mns starrocks doris clickhouse " +
    "adb3.0 adbpg polardbo postgres-cdc sqlserver-cdc polardbx-cdc oceanbase mongodb jdbc ots lindorm cloudhbase redis tair " +
    "elasticsearch elasticsearch-6 elasticsearch-7 elasticsearch-8 influxdb milvus filesystem paimon iceberg hudi fluss " +
    "print blackhole datagen faker"
  ).split(" "),
);
