import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";
import { parseCommand } from "../lib/cli/args";

/**
 * `npm run shape [-- --lib DIR] [--top N]`: the shape of `lib/` for reviews and notes: the import
 * graph between folders (edges and how many imports each carries), and the largest functions by
 * lines and by branches (if, ?:, &&, ||, ??, case, catch, loops). Pure reading of the sources.
 */

const USAGE = "Usage: npm run shape -- [--lib DIR] [--top N]";
const { values } = parseCommand(process.argv.slice(2), { lib: { type: "string" }, top: { type: "string" } }, USAGE);
const LIB = resolve(values.lib ?? join(__dirname, "..", "..", "lib"));
const TOP = Number(values.top ?? 12);

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });

const folder = (file: string): string => relative(LIB, dirname(file)).split("/")[0] || ".";

const BRANCHES = new Set([
  ts.SyntaxKind.IfStatement,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.CaseClause,
  ts.SyntaxKind.CatchClause,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.DoStatement,
]);
const LOGICAL = new Set([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]);

interface Fn {
  readonly name: string;
  readonly lines: number;
  readonly branches: number;
}

function branchesIn(node: ts.Node): number {
  let n = 0;
  const visit = (x: ts.Node): void => {
    // A nested function is counted on its own.
    if (x !== node && ts.isFunctionLike(x)) return;
    if (BRANCHES.has(x.kind)) n++;
    if (ts.isBinaryExpression(x) && LOGICAL.has(x.operatorToken.kind)) n++;
    ts.forEachChild(x, visit);
  };
  visit(node);
  return n;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  const parent = node.parent as ts.Node | undefined;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(sf);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(sf);
  return "(anonymous)";
}

const fns: Fn[] = [];
const edges = new Map<string, number>();
for (const file of files(LIB)) {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const spec = node.moduleSpecifier;
      if (spec && ts.isStringLiteral(spec) && spec.text.startsWith(".")) {
        const from = folder(file);
        const to = folder(resolve(dirname(file), spec.text));
        if (from !== to) edges.set(`${from} -> ${to}`, (edges.get(`${from} -> ${to}`) ?? 0) + 1);
      }
    }
    if (ts.isFunctionLike(node) && (node as { body?: ts.Node }).body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      fns.push({ name: `${relative(LIB, file)} ${nameOf(node, sf)}`, lines: end - start + 1, branches: branchesIn(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

console.log(`lib: ${files(LIB).length} files, ${fns.length} functions`);
console.log("\nImports between folders (edge: imports):");
for (const [e, n] of [...edges].sort(([a], [b]) => (a < b ? -1 : 1))) console.log(`  ${e}: ${n}`);
const table = (title: string, by: (f: Fn) => number): void => {
  console.log(`\n${title}:`);
  for (const f of [...fns].sort((a, b) => by(b) - by(a)).slice(0, TOP))
    console.log(`  ${String(f.lines).padStart(4)} lines ${String(f.branches).padStart(3)} branches  ${f.name}`);
};
table("Largest functions by lines", (f) => f.lines);
table("Largest functions by branches", (f) => f.branches);
