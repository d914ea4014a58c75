import { expect } from "chai";
import { formatReport, runCampaign, type CampaignOptions } from "../support/campaign";

/**
 * Seeded fault campaigns through the real provider host (see tests/support/campaign.ts).
 * Fixed seeds keep them short here; `npm run campaign -- --seed N --ops N --max-attempts N`
 * runs longer ones.
 */
describe("seeded fault campaign: the packed provider in the real host against a faulty emulator", function () {
  this.timeout(180_000);
  const runs: CampaignOptions[] = [
    { seed: 1, ops: 32, maxAttempts: 6 },
    { seed: 2, ops: 32, maxAttempts: 2 },
  ];
  for (const options of runs) {
    it(`loses, orphans and misreports nothing (seed ${options.seed}, maxAttempts ${options.maxAttempts})`, async () => {
      const report = await runCampaign(options);
      console.log(formatReport(report).replace(/^/gm, "      "));
      const injected = Object.values(report.faults).reduce((a, b) => a + b, 0);
      expect(injected, "the campaign injected faults").to.be.greaterThan(0);
      expect(report.violations).to.deep.equal([]);
    });
  }
});
