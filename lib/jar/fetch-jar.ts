import { JarReadError } from "../errors/jar-error";
import { isLoopbackHost } from "../model/loopback";

export interface FetchJarOptions {
  /** Bytes the JAR may have. */
  readonly maxBytes: number;
  /** The whole download must end within this. Defaults to 120 s. */
  readonly timeoutMs?: number;
}

const MAX_REDIRECTS = 5;

/**
 * Downloads a JAR over HTTPS (plain HTTP only from this machine's loopback), bounded in size and
 * time; redirects are followed up to five times and never from HTTPS to HTTP. Credentials in the
 * URL (a pre-signed query) are never echoed in errors.
 */
export async function fetchJar(url: string, options: FetchJarOptions): Promise<Buffer> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 120_000);
  let target = checked(url, url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: Response;
    try {
      res = await fetch(target, { redirect: "manual", signal });
    } catch (e) {
      const why =
        (e as Error).name === "TimeoutError"
          ? "it took too long"
          : ((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message);
      throw new JarReadError("unreadable", `Cannot download ${shown(target)}: ${why}.`, { cause: e });
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      await res.body?.cancel();
      target = checked(new URL(res.headers.get("location")!, target).toString(), url);
      continue;
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new JarReadError("unreadable", `Cannot download ${shown(target)}: the server answered HTTP ${res.status}.`);
    }
    const declared = Number(res.headers.get("content-length") ?? NaN);
    if (declared > options.maxBytes) {
      await res.body?.cancel();
      throw new JarReadError("too-large", `${shown(target)} has ${declared} bytes, more than the limit of ${options.maxBytes}.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += (chunk as Uint8Array).length;
      if (size > options.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw new JarReadError("too-large", `${shown(target)} sends more than the limit of ${options.maxBytes} bytes.`);
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  }
  throw new JarReadError("unreadable", `Cannot download ${shown(url)}: more than ${MAX_REDIRECTS} redirects.`);
}

/** The URL without its query and credentials, for messages. */
export function shown(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "the given URL";
  }
}

function checked(url: string, original: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new JarReadError("unreadable", `${shown(original)} is not a URL, nor a file path.`);
  }
  if (u.protocol === "https:" || (u.protocol === "http:" && isLoopbackHost(u.hostname))) return u.toString();
  if (u.protocol === "oss:") {
    throw new JarReadError(
      "unreadable",
      `${shown(url)} is an OSS address, which this command cannot read: ` +
        "download the object (ossutil cp) and pass the file, or pass a pre-signed https:// URL.",
    );
  }
  throw new JarReadError("unreadable", `${shown(url)} is not an https:// URL (plain http is only allowed to this machine's loopback).`);
}
