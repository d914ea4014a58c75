import type { CheckFailure } from "./check";
import { absent, hiddenCharacterReason, shown, UNKNOWN } from "./words";

export const MAX_JAR_FILE_LENGTH = 4096;

/** A `jarFile` as text, before the file is read: a path, alone (not with a jarUrl). */
export function checkJarFilePath(v: unknown, jarUrl: unknown): CheckFailure | undefined {
  const fail = (reason: string): CheckFailure => ({ property: "jarFile", reason });
  if (!absent(jarUrl)) return fail("Set jarUrl (a JAR the platform downloads) or jarFile (a local JAR this provider uploads), not both.");
  if (v === UNKNOWN) return undefined;
  if (typeof v !== "string") return fail(`jarFile must be the path of a local JAR file, got ${JSON.stringify(v)}.`);
  const hidden = hiddenCharacterReason("jarFile", v);
  if (hidden) return fail(hidden);
  if (v !== v.trim()) return fail(`jarFile ${shown(v)} has leading or trailing spaces; remove them.`);
  if (v.length > MAX_JAR_FILE_LENGTH) return fail(`jarFile is ${v.length} characters long; at most ${MAX_JAR_FILE_LENGTH} are allowed.`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v))
    return fail(`jarFile ${shown(v)} is a URL; jarFile is a local path. Set jarUrl for a JAR the platform downloads.`);
  return undefined;
}
