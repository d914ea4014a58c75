/**
 * `npm run campaign -- --seed N --ops N --max-attempts N [--rate 0.2] [--answers named|documented]`: a seeded fault campaign
 * through the real provider host (tests/support/campaign.ts); prints the figures by fault kind
 * and by violation kind, and exits 1 on any violation.
 */
import { formatReport, runCampaign } from "../tests/support/campaign";

function args(argv: string[]): { seeds: number[]; ops: number; maxAttempts: number; rate: number; answers: "named" | "documented" } {
  const out = { seeds: [] as number[], ops: 60, maxAttempts: 6, rate: 0.2, answers: "named" as "named" | "documented" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--answers") {
      const a = argv[++i];
      if (a !== "named" && a !== "documented") throw new Error("--answers takes named or documented");
      out.answers = a;
      continue;
    }
    const v = Number(argv[i + 1]);
    if (argv[i] === "--seed") out.seeds.push(v);
    else if (argv[i] === "--ops") out.ops = v;
    else if (argv[i] === "--max-attempts") out.maxAttempts = v;
    else if (argv[i] === "--rate") out.rate = v;
    else throw new Error(`unknown argument ${argv[i]}; use --seed N (repeatable) --ops N --max-attempts N --rate R --answers named|documented`);
    i++;
    if (!Number.isFinite(v)) throw new Error(`${argv[i - 1]} needs a number`);
  }
  if (out.seeds.length === 0) out.seeds.push(1);
  return out;
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  let violations = 0;
  for (const seed of a.seeds) {
    const report = await runCampaign({ seed, ops: a.ops, maxAttempts: a.maxAttempts, faultRate: a.rate, answers: a.answers, consumer: "campaign" }, (l) => console.log(l));
    console.log(formatReport(report));
    violations += report.violations.length;
  }
  process.exit(violations === 0 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
