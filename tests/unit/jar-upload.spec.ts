import { expect } from "chai";
import { rejects } from "node:assert/strict";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import type { ErrorKind } from "../../lib/errors/classify";
import type { JarUploadApi, Operation } from "../../lib/model/connector";
import { SecretUrl } from "../../lib/model/secret-url";
import { putFailureKind, ossError } from "../../lib/client/oss-put";
import { uploadJar, type UploadDeps } from "../../lib/service/jar-upload";
import { mergeRetryPolicy } from "../../lib/service/retry-policy";

const REF = { workspaceId: "ws", namespaceName: "ns" };
const URL_ = new SecretUrl("https://b.oss-cn-hangzhou.aliyuncs.com/k.jar?OSSAccessKeyId=LTAI&Expires=1&Signature=s3cr3t");

const failure = (operation: Operation, code: string, status: number | undefined, kind: ErrorKind, retryable: boolean): FlinkApiError =>
  new FlinkApiError({
    operation,
    workspaceId: "ws",
    namespaceName: "ns",
    code,
    detail: "d",
    ...(status === undefined ? {} : { httpStatus: status }),
    kind,
    retryable,
    outcomeUnknown: status === undefined,
  });

/** The upload over a scripted API: each PUT takes the next outcome (an error, or undefined for 200). */
function scripted(puts: Array<FlinkApiError | undefined>, presigns: Array<FlinkApiError | undefined> = [undefined]) {
  const counts: Partial<Record<Operation, number>> = {};
  const logs: string[] = [];
  const api: JarUploadApi = {
    presignUpload: async () => {
      const e = presigns.shift();
      if (e) throw e;
      return { url: URL_, jarUrl: "oss://b/k.jar" };
    },
    putObject: async (_ref, url, body, timeoutMs) => {
      expect([url, body.length, timeoutMs]).to.deep.equal([URL_, 3, 1234]);
      const e = puts.shift();
      if (e) throw e;
    },
  };
  const deps: UploadDeps = {
    api,
    retry: mergeRetryPolicy({ maxAttempts: 3, minDelayMs: 0, maxDelayMs: 0, throttleMinDelayMs: 0 }),
    timeoutMs: 1234,
    count: (op) => (counts[op] = (counts[op] ?? 0) + 1),
    onRetry: () => undefined,
    log: (l) => logs.push(l),
  };
  return { deps, counts, logs };
}

describe("uploading a JAR through the platform (API stubbed)", () => {
  const body = Buffer.from("jar");
  const rows: Array<[string, Array<FlinkApiError | undefined>, { puts: number; existed: boolean } | string]> = [
    ["one PUT answered 200", [undefined], { puts: 1, existed: false }],
    [
      "a reset, then 200: one more PUT",
      [failure("PutObject", "ECONNRESET", undefined, "transient", true), undefined],
      { puts: 2, existed: false },
    ],
    ["a 500, then 200", [failure("PutObject", "InternalError", 500, "transient", true), undefined], { puts: 2, existed: false }],
    [
      "two 503s: no third PUT",
      [
        failure("PutObject", "ServiceUnavailable", 503, "transient", true),
        failure("PutObject", "ServiceUnavailable", 503, "transient", true),
      ],
      "ServiceUnavailable",
    ],
    ["a 403 is OSS's verdict: no retry", [failure("PutObject", "SignatureDoesNotMatch", 403, "auth", false)], "SignatureDoesNotMatch"],
    [
      "409 FileAlreadyExists: the content-addressed object holds these bytes",
      [failure("PutObject", "FileAlreadyExists", 409, "conflict", false)],
      { puts: 1, existed: true },
    ],
    ["another 409 is a refusal", [failure("PutObject", "ObjectLocked", 409, "conflict", false)], "ObjectLocked"],
    [
      "a reset, then FileAlreadyExists: the first PUT landed",
      [failure("PutObject", "ECONNRESET", undefined, "transient", true), failure("PutObject", "FileAlreadyExists", 409, "conflict", false)],
      { puts: 2, existed: true },
    ],
  ];
  for (const [what, puts, expected] of rows) {
    it(what, async () => {
      const { deps, counts } = scripted([...puts]);
      if (typeof expected === "string") {
        await rejects(uploadJar(deps, REF, "k.jar", body), (e: unknown) => FlinkApiError.isInstance(e) && e.code === expected);
      } else {
        expect(await uploadJar(deps, REF, "k.jar", body)).to.deep.equal({ jarUrl: "oss://b/k.jar", bytes: 3, ...expected });
      }
      expect(counts.GetPreSignedUrlForPutObject).to.equal(1);
      expect(counts.PutObject).to.equal(Math.min(puts.length, 2));
    });
  }

  it("retries the upload URL like any read, and asks once the answer comes", async () => {
    const { deps, counts } = scripted(
      [undefined],
      [failure("GetPreSignedUrlForPutObject", "ServiceUnavailable", 503, "transient", true), undefined],
    );
    await uploadJar(deps, REF, "k.jar", body);
    expect(counts).to.deep.equal({ GetPreSignedUrlForPutObject: 2, PutObject: 1 });
  });

  it("says so when the client cannot upload, before any call", async () => {
    const { deps, counts } = scripted([]);
    await rejects(uploadJar({ ...deps, api: {} }, REF, "k.jar", body), /cannot upload/);
    expect(counts).to.deep.equal({});
  });

  it("logs the retry and the existing object by file name, never the URL", async () => {
    const { deps, logs } = scripted([
      failure("PutObject", "ECONNRESET", undefined, "transient", true),
      failure("PutObject", "FileAlreadyExists", 409, "conflict", false),
    ]);
    await uploadJar(deps, REF, "k.jar", body);
    expect(logs).to.deep.equal([
      "uploading k.jar: ECONNRESET; trying once more",
      "k.jar is in the workspace's storage already (OSS refused to overwrite it): registering it as it is",
    ]);
  });

  it("holds a pre-signed URL as a secret: printing or serializing it shows where, never the signature", () => {
    expect([String(URL_), JSON.stringify({ u: URL_ })]).to.deep.equal([
      "https://b.oss-cn-hangzhou.aliyuncs.com/k.jar?[REDACTED]",
      '{"u":"https://b.oss-cn-hangzhou.aliyuncs.com/k.jar?[REDACTED]"}',
    ]);
    expect(URL_.reveal()).to.contain("Signature=s3cr3t");
    expect(new SecretUrl("not a url").shown).to.equal("[a pre-signed URL]");
  });

  it("reads OSS's error document, bounded, and classifies a PUT's failure by status and code", () => {
    expect(ossError("<Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>")).to.deep.equal({
      code: "AccessDenied",
      message: "Request has expired.",
    });
    expect(ossError("<html>bad gateway</html>")).to.deep.equal({ code: undefined, message: undefined });
    const table: Array<[number | undefined, string, string, boolean]> = [
      [undefined, "ECONNRESET", "transient", true],
      [500, "InternalError", "transient", true],
      [503, "x", "transient", true],
      [403, "AccessDenied", "auth", false],
      [401, "x", "auth", false],
      [400, "SignatureDoesNotMatch", "auth", false],
      [409, "FileAlreadyExists", "conflict", false],
      [400, "InvalidArgument", "invalid-input", false],
      [411, "MissingContentLength", "invalid-input", false],
      [413, "EntityTooLarge", "invalid-input", false],
      [404, "NoSuchBucket", "unknown", false],
    ];
    for (const [status, code, kind, retryable] of table)
      expect(putFailureKind(status, code), `${status} ${code}`).to.deep.equal({ kind, retryable });
  });
});
