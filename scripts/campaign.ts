/**
 * `npm run campaign -- --seed N --ops N --max-attempts N [--rate 0.2] [--answers named|documented]`: a seeded fault campaign
 * through the real provider host (tests/support/campaign.ts); prints the figures by fault kind
 * and by violation kind, and exits 1 on any violation.
 */
import { choiceOf, numberOf, parseCommand } from "../lib/cli/args";
import { formatReport, runCampaign } from "../tests/support/campaign";

const USAGE = "Usage: npm run campaign -- [--seed N]... [--ops N] [--max-attempts N] [--rate R] [--answers named|documented]";

function args(argv: string[]): { seeds: number[]; ops: number; maxAttempts: number; rate: number; answers: "named" | "documented" } {
  const text = { type: "string" } as const;
  const { values } = parseCommand(
    argv,
    { seed: { type: "string", multiple: true }, ops: text, "max-attempts": text, rate: text, answers: text },
    USAGE,
  );
  const seeds = (values.seed ?? ["1"]).map((v) => numberOf("seed", v, 0, USAGE)!);
  return {
    seeds,
    ops: numberOf("ops", values.ops, 1, USAGE) ?? 60,
    maxAttempts: numberOf("max-attempts", values["max-attempts"], 1, USAGE) ?? 6,
    rate: numberOf("rate", values.rate, 0, USAGE) ?? 0.2,
    answers: choiceOf("answers", values.answers, ["named", "documented"] as const, USAGE) ?? "named",
  };
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  let violations = 0;
  for (const seed of a.seeds) {
    const report = await runCampaign(
      { seed, ops: a.ops, maxAttempts: a.maxAttempts, faultRate: a.rate, answers: a.answers, consumer: "campaign" },
      (l) => console.log(l),
    );
    console.log(formatReport(report));
    violations += report.violations.length;
  }
  process.exit(violations === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
