import { JarReadError } from "../errors/jar-error";
import { UdfOperationError } from "../errors/udf-operation-error";
import type { ConnectorLifecycle } from "./connector-lifecycle";
import { readJarFile, uploadName } from "./jar-file";
import { udfIdOf, type FlinkUdfArtifactInputs } from "./udf-types";
import { causeOf } from "./udf-writes";

/**
 * The JAR a UDF artifact write uses: a jarUrl as declared; a jarFile uploaded through the
 * platform (as a connector's is, content-addressed), unless the state's upload holds the same
 * content. The file is read again and must still be what check read.
 */
export async function uploadUdfJar(
  op: "create" | "update",
  i: FlinkUdfArtifactInputs,
  was: FlinkUdfArtifactInputs | undefined,
  connectors: ConnectorLifecycle,
): Promise<FlinkUdfArtifactInputs> {
  if (!i.jarFile) return i;
  if (was?.jarFile && was.jarUrl && was.jarSha256 === i.jarSha256) return { ...i, jarUrl: was.jarUrl };
  const fail = (cause: string) =>
    new UdfOperationError({
      operation: op,
      artifactId: udfIdOf(i),
      phase: "upload",
      artifact: op === "create" ? "absent" : "present",
      jar: op === "update" ? "old" : undefined,
      cause,
    });
  let read;
  try {
    read = await readJarFile(i.jarFile);
  } catch (e) {
    if (JarReadError.isInstance(e)) throw fail(e.message);
    throw e;
  }
  if (i.jarSha256 && read.sha256 !== i.jarSha256) throw fail("the file changed after it was checked; run `pulumi up` again to check it");
  try {
    const r = await connectors.service().uploadJar(i, uploadName(i.jarFile, read.sha256), read.bytes);
    return { ...i, jarSha256: read.sha256, jarUrl: r.jarUrl };
  } catch (e) {
    throw fail(causeOf(e).cause);
  }
}
