import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** What one account showed: exactly one of the two. */
export type RememberedRate =
  /** It throttled: the rate it was last cut or grown to, in requests per second. */
  | { readonly rate: number; readonly accepted?: undefined }
  /** It never throttled: the most answers it accepted within one second. */
  | { readonly accepted: number; readonly rate?: undefined };

/**
 * What the rate limiter remembers between commands, so that the next `pulumi` command (a new
 * provider host) starts where the last one ended: a throttled account paced from its first
 * request, an unthrottled one opened as wide as it was seen to accept. Keyed by a hash of
 * endpoint and AccessKey ID; never holds a secret.
 */
export interface RateMemory {
  keyFor(endpoint: string, accessKeyId: string): string;
  get(key: string): RememberedRate | undefined;
  set(key: string, remembered: RememberedRate): void;
}

interface Entry {
  readonly rate?: number;
  readonly accepted?: number;
  readonly at: number;
}

/**
 * Still version 1: 0.1.x wrote only `rate`, and reads an entry without one as nothing, so both
 * releases can share the file.
 */
interface Saved {
  readonly version: 1;
  readonly accounts: Record<string, Entry>;
}

const positive = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0;

/** How long a remembered rate is trusted: quotas change, and an account may no longer be throttled. */
export const RATE_MEMORY_MAX_AGE_MS = 6 * 3600_000;

/**
 * A small private JSON file (mode 0600 in a 0700 folder). Every failure to read or write it is
 * ignored: it is a cache, and a command without it only probes again.
 */
export class FileRateMemory implements RateMemory {
  constructor(
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  keyFor(endpoint: string, accessKeyId: string): string {
    return createHash("sha256").update(`${endpoint}\u0000${accessKeyId}`).digest("hex");
  }

  get(key: string): RememberedRate | undefined {
    const e = this.read().accounts[key];
    if (!e || !(this.now() - e.at < RATE_MEMORY_MAX_AGE_MS)) return undefined;
    if (positive(e.rate)) return { rate: e.rate };
    return positive(e.accepted) ? { accepted: e.accepted } : undefined;
  }

  set(key: string, remembered: RememberedRate): void {
    try {
      const saved = this.read();
      const accounts = Object.fromEntries(Object.entries(saved.accounts).filter(([, e]) => this.now() - e.at < RATE_MEMORY_MAX_AGE_MS));
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      const tmp = `${this.path}.${process.pid}.tmp`;
      const entry: Entry = { ...remembered, at: this.now() };
      writeFileSync(tmp, JSON.stringify({ version: 1, accounts: { ...accounts, [key]: entry } } satisfies Saved), { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch {
      // a cache: nothing to do
    }
  }

  private read(): Saved {
    try {
      const saved = JSON.parse(readFileSync(this.path, "utf8")) as Saved;
      return saved?.version === 1 && typeof saved.accounts === "object" && saved.accounts !== null ? saved : { version: 1, accounts: {} };
    } catch {
      return { version: 1, accounts: {} };
    }
  }
}

/**
 * The default memory: `ALICLOUD_FLINK_RATE_CACHE` (a file path, or `off`), else
 * `$XDG_CACHE_HOME/pulumi-alicloud-flink/rates.json` (`~/.cache/...`).
 */
export function defaultRateMemory(env: Record<string, string | undefined>): RateMemory | undefined {
  const setting = env.ALICLOUD_FLINK_RATE_CACHE;
  if (setting === "off") return undefined;
  if (setting) return new FileRateMemory(setting);
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  return new FileRateMemory(join(env.XDG_CACHE_HOME || join(home, ".cache"), "pulumi-alicloud-flink", "rates.json"));
}
