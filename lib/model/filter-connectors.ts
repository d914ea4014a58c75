import { connectorInfo, type Connector, type ConnectorInfo } from "./connector";

/** What to look for among a namespace's connectors (getFlinkConnectors' arguments, plain). */
export interface ConnectorFilter {
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly ids?: readonly string[];
  readonly names?: readonly string[];
  readonly nameRegex?: string;
  readonly type?: string;
}

/** What was found: getFlinkConnectors' result. */
export interface ConnectorsFound {
  /** `workspaceId:namespaceName`. */
  readonly id: string;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly ids: string[];
  readonly names: string[];
  readonly connectors: ConnectorInfo[];
}

/** Pure filtering, kept apart from the I/O. Throws on an invalid nameRegex. */
export function filterConnectors(args: ConnectorFilter, all: readonly Connector[]): ConnectorsFound {
  let re: RegExp | undefined;
  if (args.nameRegex !== undefined) {
    try {
      re = new RegExp(args.nameRegex);
    } catch (e) {
      throw new Error(`getFlinkConnectors: nameRegex "${args.nameRegex}" is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  const connectors = all
    .map((c) => connectorInfo(args.workspaceId, args.namespaceName, c))
    .filter((c) => (args.ids ? args.ids.includes(c.id) : true))
    .filter((c) => (args.names ? args.names.includes(c.name) : true))
    .filter((c) => (re ? re.test(c.name) : true))
    .filter((c) => (args.type !== undefined ? c.connectorType === args.type : true))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    id: `${args.workspaceId}:${args.namespaceName}`,
    workspaceId: args.workspaceId,
    namespaceName: args.namespaceName,
    ids: connectors.map((c) => c.id),
    names: connectors.map((c) => c.name),
    connectors,
  };
}
