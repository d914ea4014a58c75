import type { LifecycleOperation } from "../errors/operation-error";
import { JarReadError } from "../errors/jar-error";
import { idOf } from "./lifecycle";
import { readJarFile, uploadName } from "./jar-file";
import { failure, succeeded, type Outcome } from "./outcome";
import type { FlinkConnectorInputs } from "./types";
import { factsFrom, type WriteContext } from "./writes";

/**
 * The JAR a write registers: a `jarUrl` as declared; a `jarFile` uploaded through the platform,
 * unless the state's upload holds the same content already (an update whose file did not
 * change: the uploaded object is registered again as it is). The file is read again and must
 * still be what check read, or nothing is uploaded. A failure registered nothing and changed
 * nothing on the platform: the state stays as it was.
 */
export async function uploaded(
  ctx: WriteContext,
  operation: LifecycleOperation,
  inputs: FlinkConnectorInputs,
  was?: FlinkConnectorInputs,
): Promise<Outcome<FlinkConnectorInputs>> {
  if (!inputs.jarFile) return succeeded(inputs);
  if (was?.jarFile && was.jarUrl && was.jarSha256 && was.jarSha256 === inputs.jarSha256)
    return succeeded({ ...inputs, jarUrl: was.jarUrl });
  const base = { operation, connectorId: idOf(inputs), phase: "upload", newConnector: "absent", jarUrl: inputs.jarFile } as const;
  let read: { bytes: Buffer; sha256: string };
  try {
    read = await readJarFile(inputs.jarFile);
  } catch (e) {
    if (JarReadError.isInstance(e)) return failure({ ...base, cause: e.message });
    throw e;
  }
  if (inputs.jarSha256 && read.sha256 !== inputs.jarSha256)
    return failure({
      ...base,
      cause:
        `the file changed after it was checked (SHA-256 ${inputs.jarSha256.slice(0, 16)}… then, ${read.sha256.slice(0, 16)}… now), ` +
        `so nothing was uploaded; run \`pulumi up\` again to check and register the new content`,
    });
  const name = uploadName(inputs.jarFile, read.sha256);
  ctx.log(`uploading ${inputs.jarFile} (${read.bytes.length} bytes, SHA-256 ${read.sha256.slice(0, 16)}…) through the platform as ${name}`);
  try {
    const r = await ctx.svc.uploadJar(inputs, name, read.bytes);
    return succeeded({ ...inputs, jarSha256: read.sha256, jarUrl: r.jarUrl });
  } catch (e) {
    return failure(factsFrom(base, e));
  }
}
