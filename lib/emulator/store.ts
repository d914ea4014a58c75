import type { EmulatedConnector, TableRecord } from "./types";

/** A connector as the emulator keeps it: what the API reports, and what only the platform knows. */
export interface StoredConnector {
  readonly connector: EmulatedConnector;
  /** The JAR it was registered from through the API; undefined for one put in out of band. */
  readonly jarUrl?: string;
  /** Tables created with it; Delete reports them. */
  readonly tables: readonly TableRecord[];
}

/** Where the emulator keeps connectors, with their JARs and tables. In memory by default. */
export interface ConnectorStore {
  list(workspaceId: string, namespaceName: string): StoredConnector[];
  get(workspaceId: string, namespaceName: string, connectorName: string): StoredConnector | undefined;
  /** Inserts, or replaces the connector of the same name. */
  put(workspaceId: string, namespaceName: string, record: StoredConnector): void;
  /** Removes a connector and everything kept with it; returns what was removed. */
  remove(workspaceId: string, namespaceName: string, connectorName: string): StoredConnector | undefined;
}

const key = (ws: string, ns: string): string => `${ws}\u0000${ns}`;
const clone = (r: StoredConnector): StoredConnector => structuredClone(r);

export class InMemoryConnectorStore implements ConnectorStore {
  private readonly data = new Map<string, StoredConnector[]>();

  list(ws: string, ns: string): StoredConnector[] {
    return (this.data.get(key(ws, ns)) ?? []).map(clone);
  }

  get(ws: string, ns: string, name: string): StoredConnector | undefined {
    const found = (this.data.get(key(ws, ns)) ?? []).find((r) => r.connector.name === name);
    return found && clone(found);
  }

  put(ws: string, ns: string, record: StoredConnector): void {
    const k = key(ws, ns);
    const list = this.data.get(k) ?? [];
    const i = list.findIndex((r) => r.connector.name === record.connector.name);
    if (i < 0) list.push(clone(record));
    else list[i] = clone(record);
    this.data.set(k, list);
  }

  remove(ws: string, ns: string, name: string): StoredConnector | undefined {
    const k = key(ws, ns);
    const list = this.data.get(k) ?? [];
    const i = list.findIndex((r) => r.connector.name === name);
    if (i < 0) return undefined;
    const [removed] = list.splice(i, 1);
    return removed;
  }
}
