import { expect } from "chai";
import * as sinon from "sinon";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { LostAnswers, connectorKey, nsKey } from "../../lib/service/lost-answers";

const lost = (timedOut: boolean) =>
  new FlinkApiError({
    operation: "DeleteCustomConnector",
    workspaceId: "w",
    namespaceName: "n",
    code: "RequestTimeout",
    detail: "d",
    kind: "transient",
    retryable: true,
    outcomeUnknown: true,
    timedOut,
  });

describe("LostAnswers: what a lost answer leaves to wait for", () => {
  const sandbox = sinon.createSandbox();
  let lostAnswers: LostAnswers;
  beforeEach(() => {
    sandbox.useFakeTimers({ now: 1_000_000 });
    lostAnswers = new LostAnswers(
      { timeoutMs: 5_000, intervalMs: 100, maxIntervalMs: 1_000 },
      { connectMs: 1_000, readMs: 30_000, registerReadMs: 120_000 },
    );
  });
  afterEach(() => sandbox.restore());

  it("keys each connector of each namespace apart, names that would run together included", () => {
    const keys = [
      connectorKey({ workspaceId: "w", namespaceName: "n" }, "a"),
      connectorKey({ workspaceId: "w", namespaceName: "n" }, "b"),
      connectorKey({ workspaceId: "w", namespaceName: "na" }, ""),
      connectorKey({ workspaceId: "wn", namespaceName: "" }, "a"),
    ];
    expect(new Set(keys).size).to.equal(4);
    expect(nsKey({ workspaceId: "a-b", namespaceName: "c" })).to.not.equal(nsKey({ workspaceId: "a", namespaceName: "b-c" }));
    expect(
      connectorKey({ workspaceId: "w", namespaceName: "n" }, "a").startsWith(nsKey({ workspaceId: "w", namespaceName: "n" })),
    ).to.equal(true);
  });

  it("gives a timed-out request one more timeout of its kind, and a reset or 5xx none", () => {
    expect(lostAnswers.windowAfter(lost(true), "RegisterCustomConnector")).to.equal(1_000_000 + 120_000);
    expect(lostAnswers.windowAfter(lost(true), "DeleteCustomConnector")).to.equal(1_000_000 + 30_000);
    expect(lostAnswers.windowAfter(lost(true), "ListCustomConnectors")).to.equal(1_000_000 + 30_000);
    expect(lostAnswers.windowAfter(lost(false), "RegisterCustomConnector")).to.equal(1_000_000);
  });

  it("remembers the latest window of a lost Delete per connector, and forgets it once taken", () => {
    const a = connectorKey({ workspaceId: "w", namespaceName: "n" }, "a");
    const b = connectorKey({ workspaceId: "w", namespaceName: "n" }, "b");
    lostAnswers.noteLateDelete(a, 2_000_000);
    lostAnswers.noteLateDelete(a, 1_500_000);
    lostAnswers.noteLateDelete(b, 1_200_000);
    expect(lostAnswers.takeLateDelete(a)).to.equal(2_000_000);
    expect(lostAnswers.takeLateDelete(a)).to.equal(undefined);
    expect(lostAnswers.takeLateDelete(b)).to.equal(1_200_000);
  });
});
