import { expect } from "chai";
import { ConnectorOperationError } from "../../lib/errors/operation-error";

/** A ConnectorOperationError; `id` and `properties` are set when it carries partial state. */
export type Failed = ConnectorOperationError;

/** The rejection of `p`, which must be a ConnectorOperationError. */
export async function failed(p: Promise<unknown>): Promise<Failed> {
  const e = await p.then(
    () => expect.fail("should reject"),
    (x: unknown) => x,
  );
  expect(ConnectorOperationError.isInstance(e), String(e)).to.equal(true);
  return e as Failed;
}
