import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * `npm run mutation:report` (after `npm run test:mutation`): the score of each mutated file, and
 * for the files it `explained` (the decision and safety modules), every mutant left alive with the
 * reason it was left, from scripts/stryker/survivors.json.
 * A survivor is `equivalent` (no input can tell it from the original), `message` (it changes only
 * the words of a message or log line), or `behaviour` (a real gap, left with a reason). A survivor
 * with no entry is printed as UNEXPLAINED, and the command exits 1.
 *
 * Scores: Stryker's (killed / all valid mutants), and the behavioural one: killed / (killed +
 * behavioural survivors + unexplained), i.e. with equivalent and message-only survivors left out.
 */

const REPO = resolve(__dirname, "..", "..");

interface Mutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface Report {
  readonly files: Record<string, { source: string; mutants: Mutant[] }>;
}
interface Reason {
  readonly kind: "equivalent" | "message" | "behaviour";
  readonly why: string;
}

const report = JSON.parse(readFileSync(join(REPO, ".tmp", "mutation", "mutation.json"), "utf8")) as Report;
const { explained, reasons } = JSON.parse(readFileSync(join(REPO, "scripts", "stryker", "survivors.json"), "utf8")) as {
  explained: string[];
  reasons: Record<string, Reason>;
};

/** What a mutant changed: the original text and its replacement, on one line. */
function change(source: string[], m: Mutant): string {
  const { start, end } = m.location;
  const original =
    start.line === end.line
      ? source[start.line - 1].slice(start.column - 1, end.column - 1)
      : `${source[start.line - 1].slice(start.column - 1)} …`;
  return `${original.replace(/\s+/g, " ")} => ${(m.replacement ?? "").replace(/\s+/g, " ")}`;
}

const pct = (a: number, b: number): string => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(1)} %`);
const rows: string[] = [
  "| file | mutants | killed | survived | no coverage | Stryker score | behavioural score |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
];
const alive: string[] = [];
let unexplained = 0;
const used = new Set<string>();

for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => (a < b ? -1 : 1))) {
  const name = path.replace(/^dist\/lib\//, "");
  const source = file.source.split("\n");
  const valid = file.mutants.filter((m) => !["CompileError", "RuntimeError", "Ignored"].includes(m.status));
  const killed = valid.filter((m) => m.status === "Killed" || m.status === "Timeout").length;
  const left = valid.filter((m) => m.status === "Survived" || m.status === "NoCoverage");
  let behavioural = 0;
  if (!explained.includes(name)) {
    rows.push(
      `| ${name} (not explained) | ${valid.length} | ${killed} | ${left.filter((m) => m.status === "Survived").length} | ${left.filter((m) => m.status === "NoCoverage").length} | ${pct(killed, valid.length)} | |`,
    );
    continue;
  }
  for (const m of left) {
    const what = change(source, m);
    // With the line: the same change on two lines may be equivalent on one and not on the other, and
    // a reason goes stale (and is reported) when its line moves, so it is read again.
    const key = `${name}:${m.location.start.line} ${m.mutatorName}: ${what}`;
    const reason = reasons[key];
    if (reason) used.add(key);
    if (!reason) unexplained += 1;
    if (!reason || reason.kind === "behaviour") behavioural += 1;
    alive.push(
      `- ${name}:${m.location.start.line} ${m.status === "NoCoverage" ? "(no coverage) " : ""}${m.mutatorName}: \`${what}\` — ${reason ? `${reason.kind}: ${reason.why}` : "UNEXPLAINED"}`,
    );
  }
  rows.push(
    `| ${name} | ${valid.length} | ${killed} | ${left.filter((m) => m.status === "Survived").length} | ${left.filter((m) => m.status === "NoCoverage").length} | ${pct(killed, valid.length)} | ${pct(killed, killed + behavioural)} |`,
  );
}

console.log(rows.join("\n"));
console.log(`\nMutants left alive (${alive.length}):\n${alive.join("\n")}`);
const stale = Object.keys(reasons).filter((k) => !used.has(k));
if (stale.length) console.log(`\nReasons no survivor needs any more (remove them):\n${stale.map((k) => `- ${k}`).join("\n")}`);
if (unexplained) {
  console.log(`\n${unexplained} survivor(s) have no reason in scripts/stryker/survivors.json.`);
  process.exit(1);
}
