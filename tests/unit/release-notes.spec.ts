import { expect } from "chai";
import { releaseNotes } from "../../scripts/release-notes";

const changelog = (unreleased: string): string => `# Changelog

Intro.

## [Unreleased]
${unreleased}
## [0.2.0] - 2026-12-02

### Added
- The standalone plugin.

## [0.1.0] - 2026-11-26

### Added
- The first connector.
`;

describe("release notes, cut from CHANGELOG", () => {
  it("are the version's section without its heading, and nothing of the next", () => {
    expect(releaseNotes(changelog(""), "0.2.0")).to.equal("### Added\n- The standalone plugin.\n");
    expect(releaseNotes(changelog(""), "0.1.0")).to.equal("### Added\n- The first connector.\n");
  });

  it("refuse a version CHANGELOG has no section for", () => {
    expect(() => releaseNotes(changelog(""), "0.3.0")).to.throw("CHANGELOG has no section ## [0.3.0]");
  });

  it("refuse to cut while [Unreleased] still lists changes", () => {
    expect(() => releaseNotes(changelog("\n### Fixed\n- Something.\n"), "0.2.0")).to.throw(/\[Unreleased\] still lists changes/);
  });
});
