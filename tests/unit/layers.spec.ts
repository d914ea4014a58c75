import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The house rules, checked over the sources: each layer imports only downward
 * (resource and plugin → provider → config → service → client → jar → errors → model), the emulator imports only
 * itself, and no file grows past about 300 lines.
 */
const LIB = resolve(__dirname, "..", "..", "..", "lib");
const RANK: Record<string, number> = {
  model: 0,
  errors: 1,
  jar: 1.5,
  client: 2,
  service: 3,
  config: 4,
  provider: 5,
  resource: 6,
  plugin: 6,
  policy: 6,
  "": 7,
  cli: 7,
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

/** The folder under lib/ a file belongs to ("" for the entry files at its top). */
const layerOf = (file: string): string => {
  const rel = relative(LIB, file).split(/[\\/]/);
  return rel.length > 1 ? rel[0] : "";
};

/** Relative imports and requires of a source file, resolved to files under lib/. */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)["'](\.[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s));
}

describe("the layers of lib/", () => {
  const files = sources(LIB);

  it("finds the sources", () => expect(files.length).to.be.greaterThan(30));

  it("has every folder in a known layer", () => {
    const unknown = [...new Set(files.map(layerOf))].filter((l) => l !== "emulator" && RANK[l] === undefined);
    expect(unknown).to.deep.equal([]);
  });

  it("imports only downward: resource → provider → config → service → client → jar → errors → model", () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === "emulator") continue;
      for (const target of imports(file)) {
        const to = layerOf(target);
        if (to === "emulator" && (from === "" || from === "cli")) continue; // the entry files and the command line use it
        if (to === "emulator" || RANK[to] > RANK[from]) upward.push(`${relative(LIB, file)} imports ${relative(LIB, target)}`);
      }
    }
    expect(upward).to.deep.equal([]);
  });

  it("keeps the emulator apart: it imports nothing of the client, service, config, provider or resource", () => {
    const outside = files
      .filter((f) => layerOf(f) === "emulator")
      .flatMap((f) =>
        imports(f)
          .filter((t) => layerOf(t) !== "emulator")
          .map((t) => `${relative(LIB, f)} imports ${relative(LIB, t)}`),
      );
    expect(outside).to.deep.equal([]);
  });

  it("keeps the native plugin and the dynamic resource apart: both stand on the provider, neither on the other", () => {
    const across = files
      .filter((f) => layerOf(f) === "plugin" || layerOf(f) === "resource")
      .flatMap((f) =>
        imports(f)
          .filter((t) => [layerOf(f), layerOf(t)].sort().join() === "plugin,resource")
          .map((t) => `${relative(LIB, f)} imports ${relative(LIB, t)}`),
      );
    expect(across).to.deep.equal([]);
  });

  it("keeps every file under 300 lines", () => {
    const long = files.map((f) => [relative(LIB, f), readFileSync(f, "utf8").split("\n").length] as const).filter(([, n]) => n > 300);
    expect(long).to.deep.equal([]);
  });

  it("keeps every line within the formatter's width (140, .prettierrc.json), long texts included", () => {
    const width = (JSON.parse(readFileSync(join(LIB, "..", ".prettierrc.json"), "utf8")) as { printWidth: number }).printWidth;
    const wide = files.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .flatMap((line, i) => (line.length > width ? [`${relative(LIB, f)}:${i + 1} (${line.length})`] : [])),
    );
    expect(width).to.equal(140);
    expect(wide).to.deep.equal([]);
  });
});
