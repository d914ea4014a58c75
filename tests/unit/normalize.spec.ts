import { expect } from "chai";
import { MAX_SERVER_TEXT, dataFromResponse, errorFromThrown, type CallContext } from "../../lib/client/normalize";
import { parseConnectors, parseTables } from "../../lib/client/wire-model";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { SECRET, STS_TOKEN } from "../support/fixtures";

const ctx: CallContext = {
  operation: "DeleteCustomConnector",
  workspaceId: "ws",
  namespaceName: "ns",
  connectorName: "acme",
  secrets: [SECRET, STS_TOKEN],
};

/** What openapi-client 0.4.15 throws for a 4xx/5xx: a ResponseError with the body in `data`. */
function responseError(body: Record<string, unknown>, statusCode: number): Error {
  const e = new Error(`${String(body.Code)}: code: ${statusCode}`) as Error & { code: string; data: unknown };
  e.name = "Error";
  e.code = String(body.Code);
  e.data = { ...body, statusCode };
  return e;
}

describe("error normalization", () => {
  it("reads Ververica's envelope from a thrown 404, which openapi-client labels 'undefined'", () => {
    const e = errorFromThrown(
      ctx,
      responseError({ success: false, httpCode: 404, errorCode: "ConnectorNotFound", errorMessage: "gone", requestId: "R1" }, 404),
    );
    expect(e).to.deep.include({
      code: "ConnectorNotFound",
      detail: "gone",
      httpStatus: 404,
      requestId: "R1",
      kind: "not-found",
      retryable: false,
    });
    expect(e.message).to.match(
      /^DeleteCustomConnector failed for connector "acme" in namespace "ns" of workspace "ws": ConnectorNotFound: gone \(HTTP 404, request R1\)/,
    );
  });

  it("reads a gateway body {Code, Message, RequestId}", () => {
    const e = errorFromThrown(ctx, responseError({ Code: "Throttling.User", Message: "flow control", RequestId: "R2" }, 400));
    expect(e).to.deep.include({ code: "Throttling.User", kind: "throttling", retryable: true, requestId: "R2", outcomeUnknown: false });
  });

  it("treats a 2xx with success:false as a failure", () => {
    expect(() =>
      dataFromResponse(
        ctx,
        { statusCode: 200, body: { success: false, httpCode: 200, errorCode: "ConnectorNotFound", errorMessage: "x", requestId: "R3" } },
        parseTables,
      ),
    )
      .to.throw()
      .that.satisfies((e: unknown) => FlinkApiError.isInstance(e) && e.kind === "not-found" && e.httpStatus === 200);
  });

  it("treats a body that is not an object as an invalid response", () => {
    expect(() => dataFromResponse(ctx, { statusCode: 200, body: "<html>" }, parseTables)).to.throw(/InvalidResponse/);
  });

  it("returns data on success", () => {
    expect(dataFromResponse(ctx, { statusCode: 200, body: { success: true, data: [{ tableName: "t" }] } }, parseTables)).to.deep.equal([
      { catalogName: "", databaseName: "", tableName: "t" },
    ]);
  });

  const listCtx: CallContext = { ...ctx, operation: "ListCustomConnectors" };
  const registerCtx: CallContext = { ...ctx, operation: "RegisterCustomConnector" };
  const hostile: Array<[string, unknown]> = [
    ["an object", { name: "x", type: "x" }],
    ["a string", "connectors"],
    ["a number", 5],
    ["a junk array", ["", 5, null]],
    ["connectors without a name", [{ type: "t" }]],
    ["a name that is not text", [{ name: 5, type: "t" }]],
    [
      "the same name twice",
      [
        { name: "a", type: "a" },
        { name: "a", type: "a" },
      ],
    ],
    ["properties that are not a list", [{ name: "a", type: "a", properties: "x" }]],
  ];
  for (const [what, data] of hostile) {
    it(`refuses data that is ${what} as an InvalidResponse, never an empty namespace`, () => {
      let caught: unknown;
      try {
        dataFromResponse(listCtx, { statusCode: 200, body: { success: true, data } }, parseConnectors);
      } catch (e) {
        caught = e;
      }
      expect(FlinkApiError.isInstance(caught) && caught.code).to.equal("InvalidResponse");
      expect(FlinkApiError.isInstance(caught) && caught.outcomeUnknown).to.equal(false);
    });
  }

  it("takes null data as empty, and marks an unreadable answer to a write as an unknown outcome", () => {
    expect(dataFromResponse(listCtx, { statusCode: 200, body: { success: true, data: null } }, parseConnectors)).to.deep.equal([]);
    let caught: unknown;
    try {
      dataFromResponse(registerCtx, { statusCode: 200, body: { success: true, data: {} } }, parseConnectors);
    } catch (e) {
      caught = e;
    }
    expect(caught).to.deep.include({ code: "InvalidResponse", outcomeUnknown: true });
  });

  it("uses its own MissingErrorCode for a failure without a code, retryable only when the status says so", () => {
    const at = (httpCode: number): unknown => {
      try {
        dataFromResponse(ctx, { statusCode: 200, body: { success: false, httpCode } }, parseTables);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(at(200)).to.deep.include({ code: "MissingErrorCode", retryable: false });
    expect(at(503)).to.deep.include({ code: "MissingErrorCode", retryable: true });
  });

  it("cuts a huge server message to about 1 KiB and makes control characters visible", () => {
    const e = errorFromThrown(
      ctx,
      responseError({ success: false, errorCode: "Boom", errorMessage: `line1\nFAKE LOG LINE${"x".repeat(5_000_000)}` }, 400),
    );
    expect(e.detail.length).to.be.lessThan(MAX_SERVER_TEXT + 100);
    expect(e.message.length).to.be.lessThan(MAX_SERVER_TEXT + 600);
    expect(e.message).to.not.contain("\n");
  });

  it("labels a read timeout transient with an unknown outcome", () => {
    const t = Object.assign(new Error("ReadTimeout: 100. POST /x failed."), { name: "RequestTimeoutError" });
    expect(errorFromThrown(ctx, t)).to.deep.include({ code: "RequestTimeout", kind: "transient", retryable: true, outcomeUnknown: true });
  });

  it("labels a connection reset transient with an unknown outcome, and a refused connection as never sent", () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(errorFromThrown(ctx, reset)).to.deep.include({ kind: "transient", outcomeUnknown: true });
    expect(errorFromThrown(ctx, refused)).to.deep.include({ kind: "transient", outcomeUnknown: false });
  });

  it("labels a non-JSON body (SyntaxError) as an invalid, retryable response", () => {
    expect(errorFromThrown(ctx, new SyntaxError("Unexpected token <"))).to.deep.include({ code: "InvalidResponse", kind: "transient" });
  });

  it("keeps a redacted copy of the cause and never the SDK's request data", () => {
    const raw = Object.assign(new Error(`bad ${SECRET}`), {
      code: "ECONNRESET",
      data: {
        lastRequest: {
          headers: { Authorization: "ACS3-HMAC-SHA256 Credential=LTAI,Signature=" + "f".repeat(64), "x-acs-security-token": STS_TOKEN },
        },
      },
    });
    const e = errorFromThrown(ctx, raw);
    const cause = e.cause as Error & { data?: unknown };
    expect(cause.message).to.not.contain(SECRET);
    expect(cause.data).to.equal(undefined);
    expect(JSON.stringify(e) + e.message + String(e.stack))
      .to.not.contain(STS_TOKEN)
      .and.not.contain(SECRET);
  });
});
