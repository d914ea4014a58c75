import type { EmulatedConnector } from "./types";

/** Where the emulator keeps connectors. In memory by default; swap it for persistence. */
export interface ConnectorStore {
  list(workspaceId: string, namespaceName: string): EmulatedConnector[];
  insert(workspaceId: string, namespaceName: string, connector: EmulatedConnector): void;
  replace(workspaceId: string, namespaceName: string, connector: EmulatedConnector): boolean;
  remove(workspaceId: string, namespaceName: string, connectorName: string): boolean;
}

const key = (ws: string, ns: string): string => `${ws}\u0000${ns}`;
const clone = (c: EmulatedConnector): EmulatedConnector => structuredClone(c);

export class InMemoryConnectorStore implements ConnectorStore {
  private readonly data = new Map<string, EmulatedConnector[]>();

  list(ws: string, ns: string): EmulatedConnector[] {
    return (this.data.get(key(ws, ns)) ?? []).map(clone);
  }

  insert(ws: string, ns: string, connector: EmulatedConnector): void {
    const k = key(ws, ns);
    this.data.set(k, [...(this.data.get(k) ?? []), clone(connector)]);
  }

  replace(ws: string, ns: string, connector: EmulatedConnector): boolean {
    const list = this.data.get(key(ws, ns)) ?? [];
    const i = list.findIndex((c) => c.name === connector.name);
    if (i < 0) return false;
    list[i] = clone(connector);
    return true;
  }

  remove(ws: string, ns: string, name: string): boolean {
    const k = key(ws, ns);
    const list = this.data.get(k) ?? [];
    const next = list.filter((c) => c.name !== name);
    this.data.set(k, next);
    return next.length !== list.length;
  }
}
