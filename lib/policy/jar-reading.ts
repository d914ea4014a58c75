import Credential from "@alicloud/credentials";
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { resolveCredentialSource, type Env, type StaticCredentials } from "../client/credentials";
import { getOssObject, ossObjectOf } from "../client/oss-get";
import { readSettings } from "../config/settings";
import { fetchJar, shown } from "../jar/fetch-jar";
import { DEFAULT_JAR_LIMITS, readConnectorJar, readJarBytes } from "../jar/read-jar";
import type { JarReport } from "../model/jar-report";
import { nativeConfig } from "../plugin/native-config";
import type { Declared } from "./declared";

/**
 * The JAR of a declared FlinkConnector, read for the policy pack with the package's reader
 * (bounded; nothing in it runs): a `jarFile` from the project directory, an `https://` URL, or an
 * `oss://` object with the stack's credentials (the resource's provider configuration, then the
 * environment and the default credential chain, as the provider reads them). Each JAR is read
 * once per process, whatever number of rules ask.
 */

export interface ReadingOptions {
  /**
   * Where a relative jarFile is found: the project directory. A pack runs in its own folder, so
   * without this a relative jarFile is left to the provider's check (which applies these rules).
   */
  readonly projectDirectory?: string;
  /** A path-style OSS endpoint for oss:// JARs (a proxy, the emulator); by default the bucket's region's. */
  readonly ossEndpoint?: string;
  readonly maxJarBytes?: number;
  readonly timeoutMs?: number;
  readonly env?: Env;
}

/** A JAR read, or why it is not (not applicable: nothing to read here); a failure to read throws, with the reason. */
export type JarRead = { readonly report: JarReport } | { readonly skipped: string };

const cache = new Map<string, Promise<JarRead>>();

/** Reads the declared JAR, for the engine's Java `javaVersion`. `provider` is the resource's provider inputs, when it has one. */
export function readDeclaredJar(
  d: Declared,
  provider: Record<string, unknown> | undefined,
  javaVersion: number,
  options: ReadingOptions = {},
): Promise<JarRead> {
  const where = d.jarFile ? `file:${d.jarFile}` : `url:${d.jarUrl ?? ""}`;
  const key = JSON.stringify([where, javaVersion, options.projectDirectory, options.ossEndpoint, provider?.region]);
  let read = cache.get(key);
  if (!read) {
    read = readOnce(d, provider, javaVersion, options);
    cache.set(key, read);
    read.catch(() => cache.delete(key));
  }
  return read;
}

async function readOnce(
  d: Declared,
  provider: Record<string, unknown> | undefined,
  javaVersion: number,
  o: ReadingOptions,
): Promise<JarRead> {
  const env = o.env ?? process.env;
  const max = o.maxJarBytes ?? DEFAULT_JAR_LIMITS.maxJarBytes;
  const report = (bytes: Buffer): JarRead => ({ report: readConnectorJar(bytes, { javaVersion, maxJarBytes: max }) });
  if (d.jarFile) {
    const path = isAbsolute(d.jarFile) ? d.jarFile : resolve(o.projectDirectory ?? process.cwd(), d.jarFile);
    if (!existsSync(path))
      return {
        skipped: `jarFile ${d.jarFile} is not found from ${o.projectDirectory ?? "here"}; the provider's check reads it at preview`,
      };
    return report(await readJarBytes(path, max));
  }
  if (!d.jarUrl) return { skipped: "no JAR is declared (an imported resource keeps the JAR it was registered from)" };
  const object = ossObjectOf(d.jarUrl);
  if (!object) return report(await fetchJar(d.jarUrl, { maxBytes: max, ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) }));
  const { settings } = readSettings(nativeConfig(provider ?? {}, {}), env, "plugin");
  const text = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);
  const credentials = await credentialsFor(
    {
      accessKeyId: text(settings.values.accessKey),
      accessKeySecret: text(settings.values.secretKey),
      securityToken: text(settings.values.securityToken),
    },
    env,
  );
  const region = text(settings.values.region);
  try {
    const bytes = await getOssObject(object, {
      credentials,
      maxBytes: max,
      ...(o.ossEndpoint ? { endpoint: o.ossEndpoint } : {}),
      ...(region ? { region } : {}),
      ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    });
    return report(bytes);
  } catch (e) {
    throw new Error(`Cannot read ${shown(d.jarUrl)} with the stack's credentials: ${(e as Error).message}`, { cause: e });
  }
}

/** The provider's explicit keys, else the environment's, else the default credential chain. */
async function credentialsFor(explicit: Partial<StaticCredentials>, env: Env): Promise<StaticCredentials> {
  const source = resolveCredentialSource(explicit, env);
  if (source.kind === "static") return source.credentials;
  const found = await new Credential().getCredential();
  if (!found.accessKeyId || !found.accessKeySecret) throw new Error("no Alibaba Cloud credentials were found to read it with");
  return {
    accessKeyId: found.accessKeyId,
    accessKeySecret: found.accessKeySecret,
    ...(found.securityToken ? { securityToken: found.securityToken } : {}),
  };
}
