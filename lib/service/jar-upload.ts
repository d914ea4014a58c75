import { FlinkApiError } from "../errors/flink-api-error";
import type { JarUploadApi, NamespaceRef } from "../model/connector";
import type { RetryPolicy } from "./retry-policy";
import { withRetry, type RetryNotice } from "./with-retry";

/** What an upload did. */
export interface UploadResult {
  /** The `jarUrl` the platform answered, to register the uploaded JAR by. */
  readonly jarUrl: string;
  readonly bytes: number;
  /** PUT requests sent (2 after one retry). */
  readonly puts: number;
  /** True when OSS refused to overwrite an object of this (content-addressed) name: it holds these bytes already. */
  readonly existed: boolean;
}

export interface UploadDeps {
  readonly api: Partial<JarUploadApi>;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly count: (op: "GetPreSignedUrlForPutObject" | "PutObject") => void;
  readonly onRetry: (notice: RetryNotice) => void;
  readonly log: (message: string) => void;
}

/** A PUT failure worth one more try: no answer, a reset, or a 5xx. Another answer is OSS's verdict. */
export const putRetryable = (e: unknown): boolean => FlinkApiError.isInstance(e) && e.retryable;

/**
 * Uploads a JAR through the platform: GetPreSignedUrlForPutObject (a read, retried like List),
 * then one PUT of the bytes to the URL it answered, tried once more after a reset or a 5xx (a
 * PUT of the same bytes to the same name is idempotent). `fileName` carries the content's digest,
 * so an object of that name that OSS refuses to overwrite (409 FileAlreadyExists) holds these
 * bytes already. Rejects with the FlinkApiError of the step that failed; the URL is never in it.
 */
export async function uploadJar(deps: UploadDeps, ref: NamespaceRef, fileName: string, body: Buffer): Promise<UploadResult> {
  const { presignUpload, putObject } = deps.api;
  if (!presignUpload || !putObject) throw new TypeError("uploadJar: the API client cannot upload (it has no presignUpload/putObject)");
  const presigned = await withRetry(
    () => {
      deps.count("GetPreSignedUrlForPutObject");
      return presignUpload.call(deps.api, ref, fileName);
    },
    deps.retry,
    deps.onRetry,
  );
  for (let puts = 1; ; puts++) {
    try {
      deps.count("PutObject");
      await putObject.call(deps.api, ref, presigned.url, body, deps.timeoutMs);
      return { jarUrl: presigned.jarUrl, bytes: body.length, puts, existed: false };
    } catch (e) {
      if (FlinkApiError.isInstance(e) && e.httpStatus === 409 && e.code === "FileAlreadyExists") {
        deps.log(`${fileName} is in the workspace's storage already (OSS refused to overwrite it): registering it as it is`);
        return { jarUrl: presigned.jarUrl, bytes: body.length, puts, existed: true };
      }
      if (puts >= 2 || !putRetryable(e)) throw e;
      deps.log(`uploading ${fileName}: ${(e as FlinkApiError).code}; trying once more`);
    }
  }
}
