import { createHmac } from "node:crypto";
import { isLoopbackHost } from "../model/loopback";
import { fetchJar } from "../jar/fetch-jar";
import type { StaticCredentials } from "./credentials";

/**
 * Reads an `oss://<bucket>/<key>` object with an AccessKey, as OSS's GetObject takes it: the
 * bucket's host in its region (`<bucket>.oss-<region>.aliyuncs.com`), or a path-style endpoint
 * given for a proxy or an emulator (`<endpoint>/<bucket>/<key>`; plain http only to loopback),
 * signed with OSS's header signature (HMAC-SHA1 over the method, Content-MD5, Content-Type, Date,
 * the `x-oss-` headers and the resource). Bounded like any JAR download; the signature is sent in
 * a header, never in a URL, and no error shows it.
 */

export interface OssObject {
  readonly bucket: string;
  readonly key: string;
}

/** `oss://bucket/path/to.jar` as bucket and key, or undefined when it is not one. */
export function ossObjectOf(url: string): OssObject | undefined {
  const m = /^oss:\/\/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\/(.+)$/.exec(url);
  return m ? { bucket: m[1], key: m[2] } : undefined;
}

export interface OssGetOptions {
  readonly credentials: StaticCredentials;
  /** The bucket's region, e.g. "cn-hangzhou"; not needed with `endpoint`. */
  readonly region?: string;
  /** A path-style endpoint (`http://127.0.0.1:8080/_oss`): for an emulator or a proxy. */
  readonly endpoint?: string;
  readonly maxBytes: number;
  readonly timeoutMs?: number;
  /** The request's time (tests). */
  readonly now?: () => Date;
}

/** The URL and headers of a signed GetObject. Pure; throws an Error saying what is missing. */
export function signedGet(object: OssObject, options: Omit<OssGetOptions, "maxBytes">): { url: string; headers: Record<string, string> } {
  const key = object.key.split("/").map(encodeURIComponent).join("/");
  let url: string;
  if (options.endpoint) {
    const base = new URL(options.endpoint);
    if (base.protocol !== "https:" && !(base.protocol === "http:" && isLoopbackHost(base.hostname)))
      throw new Error(`The OSS endpoint ${base.origin} must be https:// (http:// only to a loopback host).`);
    url = `${base.origin}${base.pathname.replace(/\/+$/, "")}/${object.bucket}/${key}`;
  } else {
    if (!options.region || !/^[a-z0-9-]{1,64}$/.test(options.region))
      throw new Error(`Reading oss://${object.bucket}/${object.key} needs the bucket's region (a region or an OSS endpoint).`);
    url = `https://${object.bucket}.oss-${options.region}.aliyuncs.com/${key}`;
  }
  const date = (options.now?.() ?? new Date()).toUTCString();
  const token = options.credentials.securityToken;
  const ossHeaders = token ? `x-oss-security-token:${token}\n` : "";
  const toSign = `GET\n\n\n${date}\n${ossHeaders}/${object.bucket}/${object.key}`;
  const signature = createHmac("sha1", options.credentials.accessKeySecret).update(toSign).digest("base64");
  return {
    url,
    headers: {
      date,
      authorization: `OSS ${options.credentials.accessKeyId}:${signature}`,
      ...(token ? { "x-oss-security-token": token } : {}),
    },
  };
}

/** GetObject of an `oss://` object, bounded; a refusal says OSS's code (AccessDenied, NoSuchKey, ...). */
export async function getOssObject(object: OssObject, options: OssGetOptions): Promise<Buffer> {
  const { url, headers } = signedGet(object, options);
  return fetchJar(url, { maxBytes: options.maxBytes, headers, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
}
