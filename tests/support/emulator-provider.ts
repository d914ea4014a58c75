import type { Emulator } from "../../lib/emulator/server";
import { FlinkConnectorProvider } from "../../lib/provider/provider";
import { KEY_ID, SECRET } from "./fixtures";

/**
 * The dynamic provider as the host runs it, configured against `emu` with its key and short
 * retry waits: the real service and client over HTTP, nothing stubbed.
 */
export async function providerOn(emu: Emulator, log: (line: string) => void = () => undefined): Promise<FlinkConnectorProvider> {
  const provider = new FlinkConnectorProvider({ env: () => ({}), log });
  const config: Record<string, string> = {
    "alicloud:accessKey": KEY_ID,
    "alicloud:secretKey": SECRET,
    "alicloud-flink:endpoint": emu.url,
    "alicloud-flink:retryMinDelayMs": "5",
    "alicloud-flink:retryMaxDelayMs": "20",
  };
  await provider.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } });
  return provider;
}
