import { captureProgram } from "../tests/support/consumer";

const WORKSPACE = "bench-ws";
const NAMESPACE = "bench-ns";

/** Stack config that turns pacing off: an opening window no command fills. */
export const PACING_OFF: Readonly<Record<string, string>> = { "alicloud-flink:initialRequestsPerSecond": "100000" };

/**
 * The inputs of bench connector `i` at JAR `version`, as the engine hands them to the host: the
 * `__provider` of the packed package, captured once from a real program in `dir`.
 */
export async function benchInputs(dir: string): Promise<(i: number, version: number) => Record<string, unknown>> {
  const [captured] = await captureProgram(
    dir,
    `return [new flink.FlinkConnector("probe", { workspaceId: "${WORKSPACE}", namespaceName: "${NAMESPACE}", connectorName: "probe", jarUrl: "oss://bench/probe-1.0.jar" })];`,
  );
  const provider = String(captured.inputs.__provider);
  return (i, version) => ({
    workspaceId: WORKSPACE,
    namespaceName: NAMESPACE,
    connectorName: `conn-${i}`,
    jarUrl: `oss://bench/conn-${i}-${version}.0.jar`,
    adoptExisting: false,
    contentVersion: "",
    __provider: provider,
  });
}
