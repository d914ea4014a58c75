import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { HIDDEN_CHARACTERS, firstHiddenCharacter } from "../model/text";

/** The value Pulumi puts in place of an input it does not know yet (during preview). */
export const UNKNOWN: string = unknownValue;

/** An input left out: undefined, null or "" (the engine and SDKs send any of them). */
export const absent = (v: unknown): boolean => v === undefined || v === null || v === "";

/** Why `v` is refused for holding a hidden character: its code point, never the character itself. */
export function hiddenCharacterReason(property: string, v: string): string | undefined {
  const hidden = firstHiddenCharacter(v);
  if (!hidden) return undefined;
  return (
    `${property} contains the invisible or control character ${hidden.codePoint} ` +
    `at position ${hidden.index + 1}; type the value again without it.`
  );
}

/** Shows a value in a message: quoted, cut short, hidden characters made visible. */
export function shown(v: string): string {
  const visible = v.replace(HIDDEN_CHARACTERS, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return JSON.stringify(visible.length > 80 ? `${visible.slice(0, 80)}…` : visible);
}
