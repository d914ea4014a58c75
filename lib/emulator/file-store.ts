import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { InMemoryConnectorStore, type ConnectorStore, type StoredConnector } from "./store";

interface Saved {
  readonly version: 1;
  readonly namespaces: ReadonlyArray<{
    readonly workspaceId: string;
    readonly namespaceName: string;
    readonly connectors: readonly StoredConnector[];
  }>;
}

/**
 * Connectors kept in a JSON file, so that a standalone emulator keeps them across restarts (a
 * local Pulumi backend remembers the stack; the emulator should remember the platform). Every
 * change is written at once, to a temporary file renamed over the old one.
 */
export class FileConnectorStore implements ConnectorStore {
  private readonly memory = new InMemoryConnectorStore();
  private readonly scopes = new Map<string, { workspaceId: string; namespaceName: string }>();

  constructor(private readonly file: string) {
    if (!existsSync(file)) return;
    let saved: Saved;
    try {
      saved = JSON.parse(readFileSync(file, "utf8")) as Saved;
    } catch (e) {
      throw new Error(
        `The emulator state file ${file} is not valid JSON (${e instanceof Error ? e.message : String(e)}); move it away to start empty.`,
      );
    }
    if (saved.version !== 1 || !Array.isArray(saved.namespaces))
      throw new Error(`The emulator state file ${file} is not one this emulator wrote.`);
    for (const ns of saved.namespaces) for (const record of ns.connectors) this.put(ns.workspaceId, ns.namespaceName, record, false);
  }

  list(ws: string, ns: string): StoredConnector[] {
    return this.memory.list(ws, ns);
  }

  get(ws: string, ns: string, name: string): StoredConnector | undefined {
    return this.memory.get(ws, ns, name);
  }

  put(ws: string, ns: string, record: StoredConnector, save = true): void {
    this.scopes.set(`${ws}\u0000${ns}`, { workspaceId: ws, namespaceName: ns });
    this.memory.put(ws, ns, record);
    if (save) this.save();
  }

  remove(ws: string, ns: string, name: string): StoredConnector | undefined {
    const removed = this.memory.remove(ws, ns, name);
    if (removed) this.save();
    return removed;
  }

  private save(): void {
    const saved: Saved = {
      version: 1,
      namespaces: [...this.scopes.values()]
        .map((s) => ({ ...s, connectors: this.memory.list(s.workspaceId, s.namespaceName) }))
        .filter((s) => s.connectors.length > 0),
    };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(saved, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}
