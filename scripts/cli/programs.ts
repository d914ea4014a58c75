/**
 * The YAML programs npm run test:cli drives: one connector on the default provider, one on an
 * explicit provider (a second emulator, its secret key from secret config), and optionally the
 * code `pulumi import` printed and a getFlinkConnectors invoke.
 */

export const WORKSPACE = "a14bd5d90a0001";
export const NAMESPACE = "default-namespace";
export const JAR = (version: string): string => `oss://flink-artifacts/connectors/acme-sink-${version}.jar`;
/** A JAR the emulator refuses (declared invalid): an upgrade to it fails and restores the old one. */
export const BROKEN_JAR = "oss://flink-artifacts/connectors/acme-sink-broken.jar";

/**
 * One FlinkConnector under `resources:`, in the workspace and namespace above: `names` is
 * `connectorName: x` for one, `connectorNames: [x, y]` for several; `extra` more YAML lines of it.
 */
export function connectorYaml(resource: string, names: readonly string[], jarUrl: string, extra = ""): string {
  const declared = names.length === 1 ? `connectorName: ${names[0]}` : `connectorNames: [${names.join(", ")}]`;
  return `  ${resource}:
    type: alicloud-flink:index:FlinkConnector
    properties:
      workspaceId: ${WORKSPACE}
      namespaceName: ${NAMESPACE}
      ${declared}
      jarUrl: ${jarUrl}
${extra}`;
}

export interface ProgramShape {
  readonly jar: string;
  /** YAML of imported resources, indented under `resources:`, as `pulumi import` printed it. */
  readonly imported?: string;
  readonly invoke?: boolean;
}

export function program(p: ProgramShape): string {
  const invoke = p.invoke
    ? `
variables:
  found:
    fn::invoke:
      function: alicloud-flink:index:getFlinkConnectors
      arguments:
        workspaceId: ${WORKSPACE}
        namespaceName: ${NAMESPACE}
        nameRegex: ^(acme|legacy)-
outputs:
  names: \${found.names}
  sinkType: \${acme-sink.connectorType}
`
    : "";
  return `config:
  stagingEndpoint:
    type: string
  stagingAccessKey:
    type: string
  stagingSecretKey:
    type: string
    secret: true
resources:
${connectorYaml("acme-sink", ["acme-sink"], p.jar)}  staging:
    type: pulumi:providers:alicloud-flink
    properties:
      endpoint: \${stagingEndpoint}
      accessKey: \${stagingAccessKey}
      secretKey: \${stagingSecretKey}
${connectorYaml("acme-sink-staging", ["acme-sink"], JAR("2.0.0"), "    options:\n      provider: ${staging}\n")}${p.imported ?? ""}${invoke}`;
}

/** The resources of the code `pulumi import --out` wrote, to append under `resources:`. */
export function importedResources(generated: string): string {
  const at = generated.indexOf("resources:\n");
  if (at < 0) throw new Error(`pulumi import wrote no resources:\n${generated}`);
  const rest = generated.slice(at + "resources:\n".length);
  const end = rest.search(/^\S/m);
  return end < 0 ? rest : rest.slice(0, end);
}
