import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** An object uploaded through a pre-signed URL. */
export interface UploadedObject {
  readonly jarUrl: string;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly fileName: string;
  readonly bytes: number;
  readonly sha256: string;
  /** When it was written (ISO 8601). */
  readonly at: string;
  /** How many PUTs wrote it. */
  readonly writes: number;
}

export interface UploadOptions {
  /** Where objects go: `<dir>/<bucket>/<key>` (the emulator's OSS directory when it has one). */
  readonly dir?: string;
  /** `oss` (the default): `jarUrl` is `oss://<bucket>/<key>`; `https`: the object's OSS https address. Undocumented: test both. */
  readonly jarUrlStyle?: "oss" | "https";
  /** Whether a PUT over an existing object overwrites it (the default) or is refused, 409 FileAlreadyExists. */
  readonly overwrite?: boolean;
  /** How long a pre-signed URL is valid. Defaults to 900 s. */
  readonly ttlSeconds?: number;
  readonly now: () => number;
}

/** An OSS-style answer: status and, for errors, the XML document OSS sends; an object's bytes for a GET. */
export interface OssAnswer {
  readonly status: number;
  readonly code?: string;
  readonly xml?: string;
  readonly body?: Buffer;
}

/** The headers a signed GET carries, as sent. */
export interface SignedHeaders {
  readonly date?: string;
  readonly authorization?: string;
  readonly md5?: string;
  readonly type?: string;
  /** Every `x-oss-*` header, lower-cased. */
  readonly oss: Readonly<Record<string, string>>;
}

/** How far a signed request's Date may be from the emulator's clock (OSS: RequestTimeTooSkewed). */
const MAX_SKEW_MS = 15 * 60 * 1000;

export const OSS_PREFIX = "/_oss/";
const FILE_NAME = /^[A-Za-z0-9._+-]{1,255}$/;

/** An answer as OSS words a refusal. */
export const ossError = (status: number, code: string, message: string): OssAnswer => ({
  status,
  code,
  xml:
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n` +
    `  <RequestId>${randomBytes(12).toString("hex").toUpperCase()}</RequestId>\n  <HostId>emulator.oss</HostId>\n</Error>\n`,
});

/**
 * The platform's "Upload File": GetPreSignedUrlForPutObject answers a URL signed by the
 * emulator's own OSS key (OSS's V1 query signature: HMAC-SHA1 over the method, Content-MD5,
 * Content-Type, expiry and resource), and the PUT to it writes the object, answered as OSS
 * answers (XML errors: SignatureDoesNotMatch, AccessDenied for an expired URL, FileAlreadyExists).
 */
export class Uploads {
  private readonly key = { id: `LTAIoss${randomBytes(6).toString("hex")}`, secret: randomBytes(20) };
  private readonly objects = new Map<string, UploadedObject>();
  /** The objects a pre-signed URL was issued for, by `bucket/key`: a PUT elsewhere is refused. */
  private readonly pending = new Map<string, { workspaceId: string; namespaceName: string; fileName: string; jarUrl: string }>();
  private readonly dir: string;

  constructor(private readonly options: UploadOptions) {
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), "flink-emulator-oss-"));
  }

  /** The bucket of a workspace's storage, as OSS names allow. */
  static bucketOf(workspaceId: string): string {
    return `flink-${workspaceId.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, 63);
  }

  /** A fileName the emulator accepts: a plain file name, or why not. */
  static fileNameProblem(fileName: string | undefined): string | undefined {
    if (!fileName) return "The input parameter fileName that is mandatory for processing this request is not supplied.";
    if (!FILE_NAME.test(fileName) || fileName.startsWith(".")) return `fileName ${JSON.stringify(fileName)} is not a plain file name.`;
    return undefined;
  }

  presign(workspaceId: string, namespaceName: string, fileName: string, baseUrl: string): { preSignedUrl: string; jarUrl: string } {
    const bucket = Uploads.bucketOf(workspaceId);
    const key = `artifacts/namespaces/${namespaceName}/${fileName}`;
    const expires = Math.floor(this.options.now() / 1000) + (this.options.ttlSeconds ?? 900);
    const signature = this.sign("", "", expires, bucket, key);
    const query = `OSSAccessKeyId=${this.key.id}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
    const jarUrl = this.options.jarUrlStyle === "https" ? `https://${bucket}.oss-emulator.aliyuncs.com/${key}` : `oss://${bucket}/${key}`;
    this.pending.set(`${bucket}/${key}`, { workspaceId, namespaceName, fileName, jarUrl });
    return { preSignedUrl: `${baseUrl}${OSS_PREFIX}${bucket}/${key}?${query}`, jarUrl };
  }

  /** A PUT to `/_oss/<bucket>/<key>?<signature>`, as OSS checks and answers it. */
  put(path: string, query: URLSearchParams, headers: { md5?: string; type?: string }, body: Buffer): OssAnswer {
    const resource = decodeURIComponent(path.slice(OSS_PREFIX.length));
    const slash = resource.indexOf("/");
    const [bucket, key] = [resource.slice(0, slash), resource.slice(slash + 1)];
    const target = this.pending.get(resource);
    const expires = Number(query.get("Expires"));
    if (!target || slash <= 0 || query.get("OSSAccessKeyId") !== this.key.id || !Number.isInteger(expires))
      return ossError(403, "AccessDenied", "The pre-signed URL is not one this storage issued.");
    const given = Buffer.from(query.get("Signature") ?? "");
    const wanted = Buffer.from(this.sign(headers.md5 ?? "", headers.type ?? "", expires, bucket, key));
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return ossError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    if (Math.floor(this.options.now() / 1000) > expires) return ossError(403, "AccessDenied", "Request has expired.");
    const file = join(this.dir, bucket, ...key.split("/"));
    const was = this.objects.get(target.jarUrl);
    if (existsSync(file) && this.options.overwrite === false)
      return ossError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
    this.objects.set(target.jarUrl, {
      ...target,
      bytes: body.length,
      sha256: createHash("sha256").update(body).digest("hex"),
      at: new Date(this.options.now()).toISOString(),
      writes: (was?.writes ?? 0) + 1,
    });
    return { status: 200 };
  }

  /** An object put in a workspace's storage out of band (the console's upload); its `oss://` URL. */
  store(bucket: string, key: string, bytes: Buffer): string {
    const file = join(this.dir, bucket, ...key.split("/"));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return `oss://${bucket}/${key}`;
  }

  /**
   * A GET of `/_oss/<bucket>/<key>` signed in OSS's header style with one of `keys` (the API's
   * AccessKeys: the workspace's storage is the account's), checked and answered as OSS does.
   */
  get(
    path: string,
    h: SignedHeaders,
    keys: readonly { accessKeyId: string; accessKeySecret: string; securityToken?: string }[],
  ): OssAnswer {
    const resource = decodeURIComponent(path.slice(OSS_PREFIX.length));
    const auth = /^OSS ([^:\s]+):(\S+)$/.exec(h.authorization ?? "");
    const key = auth && keys.find((k) => k.accessKeyId === auth[1]);
    if (!auth || !key) return ossError(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.");
    const when = Date.parse(h.date ?? "");
    if (!Number.isFinite(when) || Math.abs(when - this.options.now()) > MAX_SKEW_MS)
      return ossError(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
    if (key.securityToken !== undefined && h.oss["x-oss-security-token"] !== key.securityToken)
      return ossError(403, "InvalidSecurityToken", "The security token you provided is invalid.");
    const canonical = Object.keys(h.oss)
      .sort()
      .map((k) => `${k}:${h.oss[k].trim()}\n`)
      .join("");
    const toSign = `GET\n${h.md5 ?? ""}\n${h.type ?? ""}\n${h.date}\n${canonical}/${resource}`;
    const wanted = Buffer.from(createHmac("sha1", key.accessKeySecret).update(toSign).digest("base64"));
    const given = Buffer.from(auth[2]);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return ossError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    const slash = resource.indexOf("/");
    const file = slash > 0 ? join(this.dir, resource.slice(0, slash), ...resource.slice(slash + 1).split("/")) : "";
    if (!file || resource.split("/").includes("..") || !existsSync(file) || !statSync(file).isFile())
      return ossError(404, "NoSuchKey", "The specified key does not exist.");
    return { status: 200, body: readFileSync(file) };
  }

  /** The file an uploaded `jarUrl` is stored in, when it was uploaded here. */
  fileOf(jarUrl: string): string | undefined {
    const o = this.objects.get(jarUrl);
    if (!o) return undefined;
    const m = /^(?:oss:\/\/([^/]+)|https:\/\/([^.]+)\.oss-emulator\.aliyuncs\.com)\/(.+)$/.exec(jarUrl);
    const file = m ? join(this.dir, m[1] ?? m[2], ...m[3].split("/")) : undefined;
    return file && existsSync(file) && statSync(file).isFile() ? file : undefined;
  }

  /** The file of any object in this storage (uploaded or stored) by its `oss://` or `https://` URL, when there is one. */
  objectFile(url: string): string | undefined {
    const m = /^(?:oss:\/\/([^/]+)|https:\/\/([^.]+)\.oss-emulator\.aliyuncs\.com)\/([^?#]+)$/.exec(url);
    if (!m || m[3].split("/").some((s) => s === "" || s === "." || s === "..")) return undefined;
    const file = join(this.dir, m[1] ?? m[2], ...m[3].split("/"));
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
  }

  /** Every uploaded object, oldest first. */
  list(): UploadedObject[] {
    return [...this.objects.values()];
  }

  private sign(md5: string, type: string, expires: number, bucket: string, key: string): string {
    return createHmac("sha1", this.key.secret).update(`PUT\n${md5}\n${type}\n${expires}\n/${bucket}/${key}`).digest("base64");
  }
}
