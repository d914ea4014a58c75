import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/**
 * A checksum of a local JAR file's content, for `contentVersion`: `sha256:<hex>`. Changing the
 * file changes it, so the connector is registered again even when `jarUrl` stays the same (the
 * platform cannot see that a file changed behind its URL).
 */
export async function jarContentVersion(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}
