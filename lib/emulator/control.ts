import { materialize } from "./jar-catalog";
import type { ConnectorStore } from "./store";
import type { EmulatedConnector, TableRecord } from "./types";

/** Out-of-band changes and views, as another user of the console (or a test) would make them. */
export interface ControlApi {
  /** The connectors of a namespace, as List would show them. */
  connectors(workspaceId: string, namespaceName: string): EmulatedConnector[];
  /** Adds a connector, or replaces the one of that name (keeping its JAR and tables). */
  putConnector(workspaceId: string, namespaceName: string, connector: Partial<EmulatedConnector> & { name: string }): void;
  /** Removes a connector with its tables; false when there was none. */
  removeConnector(workspaceId: string, namespaceName: string, connectorName: string): boolean;
  /** Records a table created with a connector (Delete reports it). Throws when there is no such connector. */
  addTable(workspaceId: string, namespaceName: string, connectorName: string, table: TableRecord): void;
  /** The JAR URL a connector was registered from through the API (undefined for out-of-band ones). */
  jarOf(workspaceId: string, namespaceName: string, connectorName: string): string | undefined;
}

export function controlApi(store: ConnectorStore): ControlApi {
  return {
    connectors: (ws, ns) => store.list(ws, ns).map((r) => r.connector),
    putConnector: (ws, ns, c) => {
      const user = { id: c.creator ?? "console-user", name: c.creatorName ?? "console" };
      const connector = { ...materialize(c, user), modifier: c.modifier ?? user.id, modifierName: c.modifierName ?? user.name };
      const old = store.get(ws, ns, c.name);
      store.put(ws, ns, { connector, ...(old?.jarUrl ? { jarUrl: old.jarUrl } : {}), tables: old?.tables ?? [] });
    },
    removeConnector: (ws, ns, name) => store.remove(ws, ns, name) !== undefined,
    addTable: (ws, ns, name, table) => {
      const record = store.get(ws, ns, name);
      if (!record) throw new Error(`addTable: there is no connector ${name} in namespace ${ns} of workspace ${ws}`);
      store.put(ws, ns, { ...record, tables: [...record.tables, { ...table }] });
    },
    jarOf: (ws, ns, name) => store.get(ws, ns, name)?.jarUrl,
  };
}
