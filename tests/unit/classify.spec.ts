import { expect } from "chai";
import { classify, type ErrorKind, type FailureFacts } from "../../lib/errors/classify";

const table: Array<[FailureFacts, ErrorKind, boolean]> = [
  [{ code: "ConnectorNotFound", httpStatus: 404 }, "not-found", false],
  [{ code: "ConnectorNotExist", httpStatus: 400 }, "not-found", false],
  [{ code: "Connector.NotFound", httpStatus: 200 }, "not-found", false],
  [{ httpStatus: 404 }, "not-found", false],
  [{ code: "InvalidAccessKeyId.NotFound", httpStatus: 404 }, "auth", false],
  [{ code: "InvalidAccessKeyId.NotFound", httpStatus: 400 }, "auth", false],
  [{ code: "SignatureDoesNotMatch", httpStatus: 400 }, "auth", false],
  [{ code: "InvalidSecurityToken.Expired", httpStatus: 400 }, "auth", false],
  [{ code: "InvalidTimeStamp.Expired", httpStatus: 400 }, "auth", false],
  [{ code: "SignatureNonceUsed", httpStatus: 400 }, "auth", false],
  [{ code: "Forbidden.RAM", httpStatus: 403 }, "auth", false],
  [{ code: "NoPermission", httpStatus: 403 }, "auth", false],
  [{ httpStatus: 403 }, "auth", false],
  [{ code: "Throttling", httpStatus: 400 }, "throttling", true],
  [{ code: "Throttling.User", httpStatus: 400 }, "throttling", true],
  [{ code: "Throttling.Api", httpStatus: 400 }, "throttling", true],
  [{ httpStatus: 429 }, "throttling", true],
  [{ code: "InternalError", httpStatus: 500 }, "transient", true],
  [{ code: "ServiceUnavailable", httpStatus: 503 }, "transient", true],
  [{ httpStatus: 502 }, "transient", true],
  [{ code: "ECONNRESET" }, "transient", true],
  [{ code: "ECONNREFUSED" }, "transient", true],
  [{ code: "RequestTimeout", timedOut: true }, "transient", true],
  [{ code: "InvalidResponse" }, "transient", true],
  [{ code: "ConnectorTypeAlreadyExists", httpStatus: 409 }, "conflict", false],
  [{ code: "ConnectorAlreadyExist", httpStatus: 400 }, "conflict", false],
  [{ code: "DuplicateConnectorType", httpStatus: 400 }, "conflict", false],
  [{ httpStatus: 409 }, "conflict", false],
  [{ code: "NamespaceNotFound", httpStatus: 404 }, "invalid-input", false],
  [{ code: "WorkspaceNotFound", httpStatus: 404 }, "invalid-input", false],
  [{ code: "InvalidApi.NotFound", httpStatus: 404 }, "invalid-input", false],
  [{ code: "InvalidParameter", httpStatus: 400 }, "invalid-input", false],
  [{ code: "MissingParameter", httpStatus: 400 }, "invalid-input", false],
  [{ code: "JarFileNotAccessible", httpStatus: 400 }, "invalid-input", false],
  [{ code: "InvalidJarFile", httpStatus: 400 }, "invalid-input", false],
  [{ httpStatus: 400 }, "invalid-input", false],
  [{ code: "ServiceBusy", httpStatus: 503 }, "throttling", true],
  [{ code: "TooManyRequests", httpStatus: 400 }, "throttling", true],
  [{ code: "RequestLimitExceeded", httpStatus: 400 }, "throttling", true],
  [{ code: "FlowControl", httpStatus: 200 }, "throttling", true],
  [{ code: "Throttling.Resource" }, "throttling", true],
  [{ code: "Throttling.Quota", httpStatus: 400 }, "throttling", true],
  [{ code: "UserThrottling", httpStatus: 400 }, "invalid-input", false],
  [{ code: "ConnectorExistsInNamespace", httpStatus: 400 }, "invalid-input", false],
  [{ code: "ConnectorExists", httpStatus: 400 }, "conflict", false],
  [{ code: "ConnectorExist", httpStatus: 400 }, "conflict", false],
  [{ code: "NotInvalidNamespaceX", httpStatus: 200 }, "unknown", false],
  [{ code: "ResourceNotFound.InvalidNamespace", httpStatus: 404 }, "invalid-input", false],
  [{ code: "ResourceInvalidState", httpStatus: 200 }, "unknown", false],
  [{ code: "ConnectorNotFound.InvalidName", httpStatus: 404 }, "not-found", false],
  [{ code: "JarNotReadable", httpStatus: 200 }, "invalid-input", false],
  [{ httpStatus: 401 }, "auth", false],
  [{ httpStatus: 422 }, "invalid-input", false],
  [{ httpStatus: 500 }, "transient", true],
  [{ code: "SystemBusy", httpStatus: 200 }, "transient", true],
  [{ code: "ETIMEDOUT" }, "transient", true],
  [{ code: "AccessDenied", httpStatus: 404 }, "auth", false],
  [{ code: "SomethingElse", httpStatus: 404 }, "not-found", false],
  [{ code: "UnsupportedOperation", httpStatus: 200 }, "invalid-input", false],
  [{ code: "990301", httpStatus: 200 }, "unknown", false],
  [{ code: "SomethingElse", httpStatus: 200 }, "unknown", false],
  [{}, "unknown", false],
];

describe("classify", () => {
  for (const [facts, kind, retryable] of table) {
    it(`classifies ${JSON.stringify(facts)} as ${kind}${retryable ? " (retryable)" : ""}`, () => {
      expect(classify(facts)).to.deep.equal({ kind, retryable });
    });
  }

  it("never classifies an auth code as not-found, whatever the status", () => {
    for (const code of ["InvalidAccessKeyId.NotFound", "InvalidSecurityToken.NotFound"]) {
      for (const httpStatus of [200, 400, 404]) expect(classify({ code, httpStatus }).kind).to.equal("auth");
    }
  });
});
