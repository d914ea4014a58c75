import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { ARCHIVE_LIMITS } from "./jar-archive";

/** What the emulator could get of a JAR URL: its bytes, a failure the platform would report, or nothing it can reach. */
export type JarFetch =
  | { readonly kind: "bytes"; readonly bytes: Buffer }
  | { readonly kind: "unreachable"; readonly message: string }
  /** The emulator cannot read this URL (an OSS address without an OSS directory, a host beyond this machine). */
  | { readonly kind: "out-of-reach" };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;
const DOWNLOAD_MS = 30_000;

/**
 * Gets a JAR's bytes as the platform would: `oss://bucket/key` from a directory standing in for
 * OSS (`<ossDir>/<bucket>/<key>`), `http(s)://` from this machine's loopback, each bounded in
 * size and time.
 */
export async function fetchJarBytes(url: string, ossDir: string | undefined): Promise<JarFetch> {
  const gone = (why: string): JarFetch => ({
    kind: "unreachable",
    message: `Failed to download the JAR file from ${url.split("?")[0]}: ${why}.`,
  });
  const oss = /^oss:\/\/([^/?#]+)\/([^?#]+)/.exec(url);
  if (oss) {
    if (!ossDir) return { kind: "out-of-reach" };
    let segments: string[];
    try {
      segments = [oss[1], ...oss[2].split("/")].map(decodeURIComponent);
    } catch {
      return gone("the object key is not validly encoded");
    }
    if (segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || s.includes("\0")))
      return gone("the object key is not valid");
    const path = join(ossDir, ...segments);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return gone("the object does not exist");
    if (info.size > ARCHIVE_LIMITS.maxBytes) return gone(`the object is larger than ${ARCHIVE_LIMITS.maxBytes} bytes`);
    return { kind: "bytes", bytes: await readFile(path) };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return gone("the address is not a URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return gone("the address is not accessible to the platform");
  if (!LOOPBACK.test(u.hostname)) return { kind: "out-of-reach" };
  try {
    const res = await fetch(u, { redirect: "error", signal: AbortSignal.timeout(DOWNLOAD_MS) });
    if (res.status !== 200) {
      await res.body?.cancel();
      return gone(`the server answered HTTP ${res.status}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body ?? []) {
      size += (c as Uint8Array).length;
      if (size > ARCHIVE_LIMITS.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        return gone(`the file is larger than ${ARCHIVE_LIMITS.maxBytes} bytes`);
      }
      chunks.push(Buffer.from(c as Uint8Array));
    }
    return { kind: "bytes", bytes: Buffer.concat(chunks) };
  } catch {
    return gone("the download failed");
  }
}
