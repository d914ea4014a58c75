import { expect } from "chai";
import { formatReport, runCampaign, type CampaignOptions } from "../support/campaign";

/**
 * Seeded fault campaigns through the real provider host (see tests/support/campaign.ts).
 * Fixed seeds keep them short here; `npm run campaign -- --seed N --ops N --max-attempts N`
 * runs longer ones.
 */
describe("seeded fault campaign: the packed provider in the real host against a faulty emulator", function () {
  this.timeout(180_000);
  // A third of the connectors come from JARs that register two (like the Kafka SQL connector JAR).
  const runs: CampaignOptions[] = [
    { seed: 1, ops: 32, maxAttempts: 6, answers: "named" },
    { seed: 2, ops: 32, maxAttempts: 2, answers: "named" },
    { seed: 3, ops: 32, maxAttempts: 6, answers: "documented" },
    { seed: 4, ops: 32, maxAttempts: 2, answers: "documented" },
  ];
  for (const options of runs) {
    it(`loses, orphans and misreports nothing (seed ${options.seed}, maxAttempts ${options.maxAttempts}, errors ${options.answers})`, async () => {
      const report = await runCampaign(options);
      console.log(formatReport(report).replace(/^/gm, "      "));
      const injected = Object.values(report.faults).reduce((a, b) => a + b, 0);
      expect(injected, "the campaign injected faults").to.be.greaterThan(0);
      expect(report.violations).to.deep.equal([]);
    });
  }
});
