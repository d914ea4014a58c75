import { JarReadError } from "../errors/jar-error";
import { isLoopbackHost } from "../model/loopback";

export interface FetchJarOptions {
  /** Bytes the JAR may have. */
  readonly maxBytes: number;
  /** The whole download must end within this. Defaults to 120 s. */
  readonly timeoutMs?: number;
  /** Sent to the URL itself, never after a redirect (an Authorization is for that host). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A refusal's body is read this far, for an error code (OSS's XML); never more. */
const MAX_ERROR_BODY = 4096;

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
      res = await fetch(target, { redirect: "manual", signal, ...(hop === 0 && options.headers ? { headers: options.headers } : {}) });
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
      const code = await errorCode(res);
      throw new JarReadError("unreadable", `Cannot download ${shown(target)}: the server answered HTTP ${res.status}${code}.`);
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

/** ` (Code)` of an XML error document (OSS's `<Error><Code>AccessDenied</Code>…`), from at most 4 KiB of the body; "" when none. */
async function errorCode(res: Response): Promise<string> {
  let text = "";
  try {
    for await (const chunk of res.body ?? []) {
      text += Buffer.from(chunk as Uint8Array).toString("utf8");
      if (text.length >= MAX_ERROR_BODY) break;
    }
  } catch {
    return "";
  } finally {
    await res.body?.cancel().catch(() => undefined);
  }
  const code = /<Code>([A-Za-z0-9._-]{1,64})<\/Code>/.exec(text.slice(0, MAX_ERROR_BODY))?.[1];
  return code ? ` (${code})` : "";
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
