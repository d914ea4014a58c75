#!/usr/bin/env node
"use strict";
/**
 * After an incremental `tsc`, removes what dist/ holds of sources that are gone (a deleted spec
 * would otherwise still run from dist/). Plain JavaScript, so it runs before any build.
 */
const { existsSync, readdirSync, rmSync } = require("node:fs");
const { join, relative } = require("node:path");

const root = join(__dirname, "..");
const dist = join(root, "dist");
const OUTPUT = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;

function prune(dir) {
  let removed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += prune(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
      continue;
    }
    const m = OUTPUT.exec(entry.name);
    if (!m) continue;
    const source = join(root, relative(dist, dir), entry.name.slice(0, -m[1].length) + ".ts");
    if (!existsSync(source)) {
      rmSync(path);
      removed++;
    }
  }
  return removed;
}

if (existsSync(dist)) {
  const removed = prune(dist);
  if (removed) process.stderr.write(`prune-dist: removed ${removed} file(s) of deleted sources\n`);
}
