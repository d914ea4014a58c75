import type { NamespaceRef } from "../model/connector";
import type { UdfArtifact } from "../model/udf";

type Props = Record<string, unknown>;

/** getFlinkUdfArtifacts' result: the namespace's artifacts (only `names`, when given), sorted by name. */
export async function udfArtifactsFound(
  list: (ref: NamespaceRef) => Promise<UdfArtifact[]>,
  args: { workspaceId: string; namespaceName: string; names?: readonly string[] },
): Promise<Props> {
  const all = await list(args);
  const artifacts = all
    .filter((a) => !args.names || args.names.includes(a.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((a) => ({
      id: `${args.workspaceId}:${args.namespaceName}:${a.name}`,
      name: a.name,
      jarUrl: a.jarUrl,
      dependencyJarUris: [...a.dependencyJarUris],
      udfClasses: a.udfClasses.map((c) => ({ className: c.className, classType: c.classType, functionNames: [...c.functionNames] })),
      creator: a.creator,
      createdAt: a.createdAt,
      modifiedAt: a.modifiedAt,
    }));
  return { id: `${args.workspaceId}:${args.namespaceName}`, names: artifacts.map((a) => a.name), artifacts };
}
