import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SETTINGS } from "../../lib/model/provider-model";
import { settingsTable, withSettingsTable } from "../../scripts/settings-table";

const DOC = join(__dirname, "..", "..", "..", "docs", "installation-configuration.md");

describe("the settings table of docs/installation-configuration.md", () => {
  it("is the one generated from the model and the code's defaults (run `npm run docs` after changing either)", () => {
    const doc = readFileSync(DOC, "utf8");
    expect(withSettingsTable(doc)).to.equal(doc);
  });

  it("has a row for every setting, with its plugin key and every environment variable", () => {
    const table = settingsTable();
    for (const [name, s] of Object.entries(SETTINGS)) {
      const row = table.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, name).to.be.a("string");
      expect(row).to.contain(`\`alicloud-flink:${name}\``);
      for (const e of s.env ?? []) expect(row).to.contain(`\`${e}\``);
    }
  });
});
