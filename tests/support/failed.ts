import { expect } from "chai";
import { ConnectorOperationError, type OperationFacts } from "../../lib/errors/operation-error";

/** A ConnectorOperationError, with what withPartialState may have added. */
export type Failed = Error & { facts: OperationFacts; id?: string; properties?: Record<string, unknown> };

/** The rejection of `p`, which must be a ConnectorOperationError. */
export async function failed(p: Promise<unknown>): Promise<Failed> {
  const e = await p.then(
    () => expect.fail("should reject"),
    (x: unknown) => x,
  );
  expect(ConnectorOperationError.isInstance(e), String(e)).to.equal(true);
  return e as Failed;
}
