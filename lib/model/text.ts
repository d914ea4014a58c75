/**
 * Characters no value we accept or keep may hold: C0 and C1 controls (a newline forges log
 * lines), bidi overrides and isolates (text that reads otherwise than it is), zero-width
 * characters, word joiners and the byte-order mark (names that look equal but are not). One
 * definition for what `check` refuses in inputs and what the client neutralises in server text.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
export const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** The first hidden character of `v` and where it is, if any. */
export function firstHiddenCharacter(v: string): { readonly codePoint: string; readonly index: number } | undefined {
  const m = new RegExp(HIDDEN_CHARACTERS.source).exec(v);
  return m ? { codePoint: `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`, index: m.index } : undefined;
}
