import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * What `migrate-terraform --tf DIR` takes from the root module's `.tf` files: the region of each
 * aliased `provider "alicloud"` block. A small bounded reader of HCL's native syntax (comments, strings with
 * templates, heredocs, blocks, attributes): only literal values are taken; an expression is said,
 * never evaluated. Nothing in the files is run.
 */

export interface TerraformConfig {
  /** Alias to region, for `provider "alicloud" { alias = "hz" region = "cn-hangzhou" }`. */
  readonly providerRegions: ReadonlyMap<string, string>;
  readonly notes: readonly string[];
}

const MAX_FILES = 1000;
const MAX_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 64;

type Token =
  { kind: "ident" | "other"; text: string } | { kind: "string"; text: string; literal: boolean } | { kind: "{" | "}" | "=" | "nl" };

/** Splits HCL into the tokens the block structure needs; an unterminated string or comment ends the file. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const at = (s: string): boolean => src.startsWith(s, i);
  while (i < src.length) {
    const c = src[i];
    if (c === "\n") {
      out.push({ kind: "nl" });
      i++;
    } else if (c === " " || c === "\t" || c === "\r") i++;
    else if (c === "#" || at("//")) i = lineEnd(src, i);
    else if (at("/*")) i = src.indexOf("*/", i + 2) < 0 ? src.length : src.indexOf("*/", i + 2) + 2;
    else if (c === '"') {
      const [text, literal, next] = quoted(src, i);
      out.push({ kind: "string", text, literal });
      i = next;
    } else if (at("<<")) {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(src.slice(i, i + 256));
      if (!m) {
        out.push({ kind: "other", text: "<<" });
        i += 2;
        continue;
      }
      const end = new RegExp(`\\n[ \\t]*${m[1]}[ \\t]*(\\r?\\n|$)`).exec(src.slice(i));
      out.push({ kind: "other", text: "heredoc" });
      i = end ? i + end.index + end[0].length - 1 : src.length;
    } else if (c === "{" || c === "}" || (c === "=" && src[i + 1] !== "=" && !"!<>=".includes(src[i - 1] ?? ""))) {
      out.push({ kind: c });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i, i + 256))!;
      out.push({ kind: "ident", text: m[0] });
      i += m[0].length;
    } else {
      out.push({ kind: "other", text: c });
      i++;
    }
  }
  return out;
}

const lineEnd = (src: string, i: number): number => (src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i));

/** A quoted string from `i` (at its quote): its text, whether it is a literal (no `${`/`%{`), and where it ends. */
function quoted(src: string, i: number): [string, boolean, number] {
  let text = "";
  let literal = true;
  let j = i + 1;
  while (j < src.length && src[j] !== '"' && src[j] !== "\n") {
    if (src[j] === "\\") {
      const e = src[j + 1] ?? "";
      text += e === "n" ? "\n" : e === "t" ? "\t" : e;
      j += 2;
    } else if ((src[j] === "$" || src[j] === "%") && src[j + 1] === "{" && src[j - 1] !== src[j]) {
      literal = false;
      let depth = 0;
      for (; j < src.length; j++) {
        if (src[j] === "{") depth++;
        else if (src[j] === "}" && --depth === 0) break;
      }
      j++;
    } else text += src[j++];
  }
  return [text, literal, j + 1];
}

export interface Block {
  readonly type: string;
  readonly labels: string[];
  readonly attributes: Map<string, Token[]>;
  readonly blocks: Block[];
}

/** The body's blocks and attributes from token `i`; returns the index after the closing brace. */
function body(tokens: Token[], i: number, into: Block, depth: number): number {
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind === "}") return i + 1;
    if (t.kind !== "ident") {
      i++;
      continue;
    }
    if (tokens[i + 1]?.kind === "=") {
      const value: Token[] = [];
      let nest = 0;
      for (i += 2; i < tokens.length; i++) {
        const v = tokens[i];
        if (v.kind === "nl" && nest <= 0) break;
        if (v.kind === "{" || (v.kind === "other" && (v.text === "(" || v.text === "["))) nest++;
        if (v.kind === "}" || (v.kind === "other" && (v.text === ")" || v.text === "]"))) {
          if (nest === 0) break;
          nest--;
        }
        value.push(v);
      }
      into.attributes.set(t.text, value);
      continue;
    }
    const labels: string[] = [];
    let j = i + 1;
    for (; tokens[j]?.kind === "string" || tokens[j]?.kind === "ident"; j++) labels.push((tokens[j] as { text: string }).text);
    if (tokens[j]?.kind !== "{") {
      i = j;
      continue;
    }
    const block: Block = { type: t.text, labels, attributes: new Map(), blocks: [] };
    if (depth < MAX_DEPTH) into.blocks.push(block);
    i = body(tokens, j + 1, block, depth + 1);
  }
  return i;
}

/** The blocks of one file's text. */
export function blocksOf(src: string): Block[] {
  const root: Block = { type: "", labels: [], attributes: new Map(), blocks: [] };
  const tokens = tokenize(src);
  for (let i = 0; i < tokens.length;) i = body(tokens, i, root, 0);
  return root.blocks;
}

/** A literal string or bool attribute; undefined when it is an expression. */
function literal(value: Token[] | undefined): string | undefined {
  if (!value || value.length !== 1) return undefined;
  const [v] = value;
  if (v.kind === "string" && v.literal) return v.text;
  if (v.kind === "ident" && (v.text === "true" || v.text === "false")) return v.text;
  return undefined;
}

/** Reads the `.tf` files of a root module (not its sub-directories), bounded. */
export function readTerraformConfig(dir: string): TerraformConfig {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".tf"))
    .sort();
  if (!files.length) throw new Error(`--tf: ${dir} holds no .tf file.`);
  if (files.length > MAX_FILES) throw new Error(`--tf: ${dir} holds ${files.length} .tf files, more than ${MAX_FILES}.`);
  let bytes = 0;
  const sources = files.map((f) => {
    const path = join(dir, f);
    bytes += statSync(path).size;
    if (bytes > MAX_BYTES) throw new Error(`--tf: the .tf files of ${dir} are larger than ${MAX_BYTES} bytes together.`);
    return readFileSync(path, "utf8");
  });
  return configOf(sources.flatMap(blocksOf));
}

/** The migration's facts from a module's blocks. Pure. */
export function configOf(blocks: readonly Block[]): TerraformConfig {
  const providerRegions = new Map<string, string>();
  const notes: string[] = [];
  for (const b of blocks) {
    if (b.type === "provider" && b.labels[0] === "alicloud") {
      const alias = literal(b.attributes.get("alias"));
      const region = literal(b.attributes.get("region"));
      if (alias === undefined) continue;
      if (region !== undefined) providerRegions.set(alias, region);
      else if (b.attributes.has("region"))
        notes.push(`provider "alicloud" ${JSON.stringify(alias)}: its region is an expression, not read; set it by hand.`);
    }
  }
  return { providerRegions, notes };
}
