import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startEmulator } from "../lib/emulator/server";

export interface UploadRow {
  readonly jar: string;
  readonly bytes: number;
  readonly checkMs: number;
  readonly uploadMs: number;
  readonly puts: number;
  readonly calls: Record<string, number>;
  readonly baseMiB: number;
  readonly peakMiB: number;
}

/** The largest real JAR test:jars cached (or BENCH_JAR), uploaded once through the emulator by a fresh process. */
export async function uploadRow(repo: string): Promise<UploadRow | undefined> {
  const cache = join(repo, ".tmp", "real-jars");
  const jars = existsSync(cache)
    ? readdirSync(cache)
        .filter((f) => f.endsWith(".jar"))
        .map((f) => join(cache, f))
    : [];
  const jar = process.env.BENCH_JAR ?? jars.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!jar) return undefined;
  const emu = await startEmulator();
  try {
    // Asynchronously: a synchronous child would block the emulator's event loop.
    const { stdout: out } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, "upload-child.js"), emu.url, emu.credentials.accessKeyId, emu.credentials.accessKeySecret, jar],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    return { jar: jar.split("/").pop()!, ...(JSON.parse(out) as Omit<UploadRow, "jar">) };
  } finally {
    await emu.close();
  }
}
