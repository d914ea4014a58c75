import { isMultiRelease } from "./manifest";
import { EntryReader, type ZipEntry } from "./zip";

export const MANIFEST = "META-INF/MANIFEST.MF";
const VERSIONED = /^META-INF\/versions\/(\d+)\/(.+)$/;

/**
 * A JAR as the engine's class loader sees it at one Java version (java.util.jar.JarFile opened
 * with that runtime version, as URLClassLoader opens it): in a multi-release JAR on Java 9 or
 * later, `META-INF/versions/<n>/<path>` with the highest n up to that version wins over `<path>`;
 * nothing under `META-INF/` is versioned; Java 8 reads only the base entries.
 */
export class JarView {
  readonly multiRelease: boolean;
  /** Paths outside META-INF/ that a versioned entry replaces at this Java version, with the version that wins. */
  private readonly winners = new Map<string, { version: number; entry: ZipEntry }>();

  constructor(
    readonly entries: ReadonlyMap<string, ZipEntry>,
    readonly reader: EntryReader,
    readonly javaVersion: number,
  ) {
    const manifest = entries.get(MANIFEST);
    this.multiRelease = manifest !== undefined && isMultiRelease(reader.read(manifest));
    if (!this.multiRelease || javaVersion < 9) return;
    for (const [name, entry] of entries) {
      const m = VERSIONED.exec(name);
      const version = m ? Number(m[1]) : 0;
      if (!m || version < 9 || version > javaVersion || m[2].startsWith("META-INF/")) continue;
      const was = this.winners.get(m[2]);
      if (!was || was.version < version) this.winners.set(m[2], { version, entry });
    }
  }

  /** The entry the class loader reads for `path`. */
  entry(path: string): ZipEntry | undefined {
    return this.winners.get(path)?.entry ?? this.entries.get(path);
  }

  /** The version directory `path` is read from (0: the base entry). */
  versionOf(path: string): number {
    return this.winners.get(path)?.version ?? 0;
  }

  /** Every class file the class loader can load at this Java version, by path (`a/b/C.class`). */
  classPaths(): string[] {
    const out = new Set<string>();
    for (const name of this.entries.keys()) if (name.endsWith(".class") && !name.startsWith("META-INF/")) out.add(name);
    for (const name of this.winners.keys()) if (name.endsWith(".class")) out.add(name);
    return [...out].filter((p) => !p.endsWith("module-info.class"));
  }
}
