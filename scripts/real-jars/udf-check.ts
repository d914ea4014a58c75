import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildUdfJar, type UdfJarSpec } from "../../lib/emulator/fixtures/udf-jar";
import { readUdfClasses } from "../../lib/emulator/udf-reader";
import { readUdfJar } from "../../lib/jar/udf-classes";

/**
 * The UDF classes of real JARs and of `buildUdfJar` fixtures: the package's reader and the
 * emulator's own against a JVM that loads every class with Flink's table API on the class path
 * (UdfProbe.java). The reader must never call a class a UDF that the JVM does not, and must list
 * every class the JVM does, as a UDF or as unknown (a super class outside the JAR); the
 * emulator must never call a class a UDF that the JVM does not.
 */

interface UdfProbe {
  readonly jar: string;
  readonly udfs: ReadonlyArray<{ className: string; base: string }>;
  readonly unloadable: number;
}

export function udfFixtures(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const specs: Record<string, UdfJarSpec> = {
    "udf-every-base.jar": {
      classes: [
        { className: "com.acme.udf.Upper", base: "ScalarFunction" },
        { className: "com.acme.udf.Split", base: "TableFunction" },
        { className: "com.acme.udf.Sum", base: "AggregateFunction" },
        { className: "com.acme.udf.Top2", base: "TableAggregateFunction" },
        { className: "com.acme.udf.Lookup", base: "AsyncTableFunction" },
      ],
    },
    "udf-through-abstract.jar": {
      classes: [
        { className: "com.acme.udf.Base", base: "ScalarFunction", abstract: true },
        { className: "com.acme.udf.Mid", extends: "com.acme.udf.Base", abstract: true },
        { className: "com.acme.udf.Deep", extends: "com.acme.udf.Mid" },
        { className: "com.acme.udf.Hidden", base: "ScalarFunction", notPublic: true },
        { className: "com.acme.udf.Plain" },
      ],
      javaVersion: 11,
    },
  };
  return Object.entries(specs).map(([name, spec]) => {
    const file = join(dir, name);
    writeFileSync(file, buildUdfJar(spec));
    return file;
  });
}

export function udfTable(files: readonly string[], classpath: string, java: string): { rows: string; failures: number } {
  const out = execFileSync(java, ["-cp", classpath, join(__dirname, "..", "..", "..", "scripts", "real-jars", "UdfProbe.java"), ...files], {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const probes = new Map(
    out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as UdfProbe)
      .map((p) => [p.jar, p]),
  );
  let failures = 0;
  const rows = [
    "| JAR | JVM: UDF classes (unloadable) | package reader: UDF + unknown | emulator | reader ms | agree |",
    "| --- | --- | --- | --- | ---: | --- |",
  ];
  for (const file of files) {
    const name = file.split("/").pop()!;
    const probe = probes.get(name);
    const bytes = readFileSync(file);
    const t = process.hrtime.bigint();
    const report = readUdfJar(bytes, { javaVersion: 8 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const emu = readUdfClasses(bytes);
    const jvm = new Set(probe?.udfs.map((u) => u.className) ?? []);
    const known = new Set(report.classes.map((c) => c.className));
    const unknown = new Set(report.unknown.map((u) => u.className));
    const wrong = [...known].filter((c) => !jvm.has(c));
    const missed = [...jvm].filter((c) => !known.has(c) && !unknown.has(c));
    const typesAgree = report.classes.every((c) => probe?.udfs.find((u) => u.className === c.className)?.base === c.classType);
    const emuWrong = emu.ok ? emu.classes.filter((c) => !jvm.has(c.className)).map((c) => c.className) : [];
    const agree = !!probe && wrong.length === 0 && missed.length === 0 && typesAgree && emuWrong.length === 0;
    if (!agree) failures++;
    const notes = [
      wrong.length ? `not UDFs to the JVM: ${wrong.slice(0, 3).join(", ")}` : "",
      missed.length ? `missed: ${missed.slice(0, 3).join(", ")}` : "",
      emuWrong.length ? `emulator wrong: ${emuWrong.slice(0, 3).join(", ")}` : "",
    ].filter(Boolean);
    rows.push(
      `| ${name} | ${jvm.size} (${probe?.unloadable ?? "?"}) | ${known.size} + ${unknown.size} | ${emu.ok ? emu.classes.length : `refused: ${emu.reason}`} | ` +
        `${ms.toFixed(0)} | ${agree ? "yes" : `**NO** ${notes.join("; ")}`} |`,
    );
  }
  return { rows: rows.join("\n"), failures };
}
