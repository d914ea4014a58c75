import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

/**
 * Property values as the engine sends them, and back. Secrets travel in an envelope
 * (`{[SIG_KEY]: SECRET_SIG, value}`); a value not known yet (preview) is the UNKNOWN string.
 * The provider's code sees plain values; which top-level properties held a secret is kept, so
 * what goes back wraps them again and messages can blank the secret text. Pure.
 */

/** The engine's own markers, as the SDK defines them (check.ts takes the unknown marker from there too). */
export const SIG_KEY: string = specialSigKey;
export const SECRET_SIG: string = specialSecretSig;

export type Props = Record<string, unknown>;

export interface Unwrapped {
  readonly value: Props;
  /** Top-level keys that held a secret anywhere inside. */
  readonly secretKeys: ReadonlySet<string>;
  /** Every secret string found, to blank out of messages. */
  readonly secretTexts: readonly string[];
}

const isEnvelope = (v: unknown): v is { value: unknown } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

function strip(v: unknown, found: { secret: boolean; texts: string[] }, inSecret: boolean): unknown {
  if (isEnvelope(v)) {
    found.secret = true;
    return strip(v.value, found, true);
  }
  if (typeof v === "string" && inSecret && v !== "") found.texts.push(v);
  if (Array.isArray(v)) return v.map((x) => strip(x, found, inSecret));
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x, found, inSecret)]));
  return v;
}

/** Plain values from the engine's, with what was secret. */
export function unwrap(props: Props | undefined): Unwrapped {
  const value: Props = {};
  const secretKeys = new Set<string>();
  const secretTexts: string[] = [];
  for (const [k, v] of Object.entries(props ?? {})) {
    const found = { secret: false, texts: [] as string[] };
    value[k] = strip(v, found, false);
    if (found.secret) secretKeys.add(k);
    secretTexts.push(...found.texts);
  }
  return { value, secretKeys, secretTexts };
}

/** JSON-clean values (no `undefined`, which a protobuf Struct refuses), with the secret keys wrapped again. */
export function wrap(props: Props, secretKeys: ReadonlySet<string>): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || k === "__provider") continue;
    const clean: unknown = JSON.parse(JSON.stringify(v));
    out[k] = secretKeys.has(k) ? { [SIG_KEY]: SECRET_SIG, value: clean } : clean;
  }
  return out;
}

/** Blanks every secret text out of a message (longest first, so a secret inside another goes too). */
export function scrub(message: string, secretTexts: readonly string[]): string {
  let out = message;
  for (const t of [...secretTexts].sort((a, b) => b.length - a.length)) out = out.split(t).join("[secret]");
  return out;
}
