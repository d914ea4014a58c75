/**
 * The notes of one release: its CHANGELOG section (Keep a Changelog: `## [<version>] - <date>`),
 * without the heading. Throws when the CHANGELOG has no such section, or when `[Unreleased]`
 * still holds entries (they belong to a release that has not been cut).
 */
export function releaseNotes(changelog: string, version: string): string {
  const sections = changelog.split(/^## /m).slice(1);
  const find = (name: string): string | undefined => sections.find((s) => s.startsWith(`[${name}]`));
  const unreleased = find("Unreleased");
  if (unreleased && /^- /m.test(unreleased))
    throw new Error(`CHANGELOG's [Unreleased] still lists changes: cut them into ## [${version}] first`);
  const section = find(version);
  if (!section) throw new Error(`CHANGELOG has no section ## [${version}]`);
  const body = section
    .slice(section.indexOf("\n") + 1)
    .replace(/^\[[^\]]+\]: .*$/gm, "")
    .trim();
  return `${body}\n`;
}
