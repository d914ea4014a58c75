/**
 * `npm run test:jars`: the package's JAR reader and the emulator's own reader, checked against
 * what a JVM with Flink's table API says of real connector JARs from Maven Central (fetched with
 * `mvn`, cached under .tmp/real-jars) and of the fixture JARs `buildConnectorJar` writes. Prints a
 * table, the reader's time and memory on the largest JAR, and hostile JARs' time to a clean error.
 * Exits 1 on any disagreement; a JAR Maven Central does not serve is reported, not failed.
 * Needs `mvn` and a JDK (`java`, `javap`) on the PATH.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildConnectorJar } from "../lib/emulator/fixtures/connector-jar";
import { parseConnectorJar } from "../lib/emulator/jar-connectors";
import { readConnectorJar } from "../lib/jar/read-jar";
import { warningsFor, type JarWarning } from "../lib/jar/inspect";
import { hostileCases } from "./real-jars/hostile";
import { at11Of, rulesTable, type RuleRow } from "./real-jars/rules-table";
import { udfFixtures, udfTable } from "./real-jars/udf-check";

const REPO = join(__dirname, "..", "..");
const CACHE = join(REPO, ".tmp", "real-jars");
const HERE = join(REPO, "scripts", "real-jars");

interface ProbeFactory {
  readonly class: string;
  readonly identifier?: string;
  readonly source?: boolean;
  readonly sink?: boolean;
  readonly format?: boolean;
  readonly catalog?: boolean;
  readonly error?: string;
}
interface Probe {
  readonly jar: string;
  readonly factories: readonly ProbeFactory[];
  readonly lookupSources: readonly string[];
  /** java.util.ServiceLoader refused the services file itself. */
  readonly servicesError: boolean;
  /** The highest class file major version a JVM 8 and a JVM 11 load from it (JarFile at that version). */
  readonly maxMajor8: number;
  readonly maxMajor11: number;
  readonly multiRelease: boolean;
}

function fetchReal(list = "jars.txt"): { files: string[]; missing: string[] } {
  mkdirSync(CACHE, { recursive: true });
  const coordinates = readFileSync(join(HERE, list), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const files: string[] = [];
  const missing: string[] = [];
  for (const c of coordinates) {
    const [, artifact, version] = c.split(":");
    const file = join(CACHE, `${artifact}-${version}.jar`);
    if (!existsSync(file)) {
      const r = spawnSync("mvn", ["-q", "-B", "dependency:copy", `-Dartifact=${c}`, `-DoutputDirectory=${CACHE}`], {
        encoding: "utf8",
        timeout: 600_000,
      });
      if (r.status !== 0 || !existsSync(file)) {
        missing.push(c);
        continue;
      }
    }
    files.push(file);
  }
  return { files, missing };
}

function fixtures(javaMax: number): string[] {
  const dir = join(CACHE, "fixtures");
  mkdirSync(dir, { recursive: true });
  const specs: Record<string, Parameters<typeof buildConnectorJar>[0]> = {
    "fixture-one.jar": { connectors: [{ name: "acme-sink", source: false }] },
    "fixture-two-split-bridge.jar": {
      connectors: [
        { name: "acme-kafka", style: "bridge" },
        { name: "acme-upsert", split: true, style: "constructor" },
      ],
      compression: "stored",
    },
    "fixture-none.jar": { formats: ["acme-json"], catalogs: ["acme-catalog"] },
    "fixture-lookup-zip64.jar": { connectors: [{ name: "acme-jdbc", lookup: true }], zip64: true, javaVersion: 11 },
    ...(javaMax >= 21
      ? { "fixture-java21.jar": { connectors: [{ name: "acme-21", style: "bridge", lookup: true }], javaVersion: 21 } }
      : {}),
    // Read as the JVM reads them: a multi-release JAR (the versioned factory wins on Java 11+), a
    // services file listed twice (the last wins), one with a byte-order mark (ServiceLoader refuses it).
    "fixture-multi-release.jar": {
      connectors: [{ name: "acme-mr-base", className: "com.example.mr.AcmeFactory" }],
      manifest: ["Multi-Release: true"],
      versions: { 11: { connectors: [{ name: "acme-mr-11", className: "com.example.mr.AcmeFactory" }] } },
    },
    "fixture-duplicate-services.jar": {
      connectors: [
        { name: "acme-first", className: "com.example.dup.First" },
        { name: "acme-last", className: "com.example.dup.Last" },
      ],
      services: "com.example.dup.First\n",
      extraFiles: [{ name: "META-INF/services/org.apache.flink.table.factories.Factory", data: Buffer.from("com.example.dup.Last\n") }],
    },
    "fixture-bom-services.jar": {
      connectors: [{ name: "acme-bom", className: "com.example.bom.Factory" }],
      services: "\ufeffcom.example.bom.Factory\n",
    },
  };
  return Object.entries(specs).map(([name, spec]) => {
    const file = join(dir, name);
    writeFileSync(file, buildConnectorJar(spec));
    return file;
  });
}

/** The newest JDK here: its `java`, and its feature version. */
function newestJava(): { java: string; javap: string; version: number } {
  const homes = existsSync("/usr/lib/jvm") ? readdirSync("/usr/lib/jvm").map((d) => join("/usr/lib/jvm", d)) : [];
  let best = { java: "java", javap: "javap", version: 0 };
  for (const home of ["", ...homes]) {
    const java = home ? join(home, "bin", "java") : "java";
    const r = spawnSync(java, ["-version"], { encoding: "utf8" });
    const m = /version "(\d+)/.exec(r.stderr ?? "");
    if (m && Number(m[1]) > best.version) best = { java, javap: home ? join(home, "bin", "javap") : "javap", version: Number(m[1]) };
  }
  return best;
}

const caps = (s: boolean | string, k: boolean | string, l?: boolean | string): string =>
  [
    s === true ? "S" : s === "unknown" ? "S?" : "",
    k === true ? "K" : k === "unknown" ? "K?" : "",
    l === true ? "L" : l === "unknown" ? "L?" : "",
  ].join("");

function main(): number {
  const jdk = newestJava();
  if (!jdk.version) throw new Error("No JDK found: install one (apt-get install openjdk-17-jdk-headless).");
  const { files: real, missing: missingConnectors } = fetchReal();
  const { files: udfReal, missing: missingUdfs } = fetchReal("udfs.txt");
  const missing = [...missingConnectors, ...missingUdfs];
  const fixtureFiles = fixtures(jdk.version);
  const udfFixtureFiles = udfFixtures(join(CACHE, "udf-fixtures"));
  execFileSync(
    "mvn",
    ["-q", "-B", "-f", join(HERE, "pom.xml"), "dependency:build-classpath", `-Dmdep.outputFile=${join(CACHE, "classpath.txt")}`],
    { stdio: "inherit" },
  );
  const classpath = readFileSync(join(CACHE, "classpath.txt"), "utf8").trim();
  const all = [...real, ...fixtureFiles];
  const out = execFileSync(jdk.java, ["-cp", classpath, join(HERE, "FactoryProbe.java"), ...all], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const probes = new Map(
    out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Probe)
      .map((p) => [p.jar, p]),
  );
  // javap must accept every class a fixture JAR holds.
  for (const f of [...fixtureFiles, ...udfFixtureFiles]) {
    const dir = join(CACHE, "fixtures", `${f.split("/").pop()}.classes`);
    mkdirSync(dir, { recursive: true });
    execFileSync("unzip", ["-oq", f, "-d", dir]);
    const classes = execFileSync("find", [dir, "-name", "*.class"], { encoding: "utf8" }).trim().split("\n");
    execFileSync(jdk.javap, ["-c", "-p", ...classes], { stdio: "ignore" });
  }

  let failures = 0;
  const rules: RuleRow[] = [];
  const rows = [
    "| JAR | size | JVM: connectors (S source, K sink); lookup sources | package reader | emulator | reader ms | agree |",
    "| --- | ---: | --- | --- | --- | ---: | --- |",
  ];
  for (const file of all) {
    const name = file.split("/").pop()!;
    const probe = probes.get(name);
    const bytes = readFileSync(file);
    const t = process.hrtime.bigint();
    // The JVM here is jdk.version: both readers read at that Java, as it does.
    const report = readConnectorJar(bytes, { javaVersion: jdk.version });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const emu = parseConnectorJar(bytes, jdk.version);
    const at = (v: number): number => readConnectorJar(bytes, { javaVersion: v }).classVersions?.max ?? 0;
    const versionsAgree = !!probe && at(8) === probe.maxMajor8 && at(11) === probe.maxMajor11 && report.multiRelease === probe.multiRelease;
    rules.push({ name, size: bytes.length, at8: warningsFor(readConnectorJar(bytes), { flinkVersion: "1.17" }), at11: at11Of(bytes) });
    const jvm = new Map<string, { s: boolean; k: boolean }>();
    const errors = (probe?.factories ?? []).filter((f) => f.error);
    for (const f of probe?.factories ?? []) {
      if (!f.identifier || !(f.source || f.sink)) continue;
      const was = jvm.get(f.identifier) ?? { s: false, k: false };
      jvm.set(f.identifier, { s: was.s || !!f.source, k: was.k || !!f.sink });
    }
    const jvmText = [...jvm.entries()]
      .sort()
      .map(([n, c]) => `${n}:${caps(c.s, c.k)}`)
      .join(" ");
    const readerText = report.connectors.map((c) => `${c.name}:${caps(c.source, c.sink, c.lookup)}`).join(" ");
    const emuText = emu.ok
      ? [...emu.connectors]
          .sort((a, b) => (a.name < b.name ? -1 : 1))
          .map((c) => `${c.name}:${caps(c.source, c.sink, c.lookup)}`)
          .join(" ")
      : `refused: ${emu.reason}`;
    const plain = (text: string): string => text.replace(/L\??/g, "");
    const lookupAgrees =
      report.connectors.some((c) => c.lookup === true) === (probe?.lookupSources.length ?? 0) > 0 &&
      (!emu.ok || emu.connectors.some((c) => c.lookup) === (probe?.lookupSources.length ?? 0) > 0);
    const refusedByJvm = probe?.servicesError === true;
    const agree =
      !!probe &&
      versionsAgree &&
      (refusedByJvm
        ? !!report.servicesError && !emu.ok && report.connectors.length === 0
        : !report.servicesError &&
          errors.length === 0 &&
          plain(readerText) === jvmText &&
          (emu.ok ? plain(emuText) === jvmText : jvm.size === 0) &&
          lookupAgrees);
    if (!agree) failures++;
    rows.push(
      `| ${name} | ${(bytes.length / 1048576).toFixed(1)} MiB | ${refusedByJvm ? "ServiceLoader refuses the services file" : jvmText || "none"}${errors.length ? ` (JVM errors: ${errors.map((e) => e.error).join("; ")})` : ""}; ${probe?.lookupSources.length ?? 0} | ${readerText || "none"}${report.unresolved.length ? ` unresolved ${report.unresolved.length}` : ""} | ${emuText || "none"} | ${ms.toFixed(0)} | ${agree ? "yes" : "**NO**"} |`,
    );
  }
  console.log(rows.join("\n"));
  console.log(rulesTable(rules));
  // Every rule is shown broken by a JAR here; the ones real JARs break are named in the table above.
  const broken = new Set(rules.flatMap((r) => [...r.at8, ...r.at11].map((w) => w.kind)));
  const unbroken = ["builtin-name", "bundled-runtime", "class-too-new", "flink-version", "thin-jar", "services-invalid"].filter(
    (k) => !broken.has(k as JarWarning["kind"]),
  );
  if (unbroken.length) {
    console.log(`\nNo JAR breaks ${unbroken.join(", ")}: the rules table cannot show them.`);
    failures++;
  }
  // UDF classes: of the UDF JARs, the UDF fixtures, and every connector JAR (they may hold some).
  const udf = udfTable([...udfReal, ...udfFixtureFiles, ...real], classpath, jdk.java);
  console.log(`\nUDF classes, package reader and emulator against the JVM:\n${udf.rows}`);
  failures += udf.failures;
  if (missing.length) console.log(`\nNot served by Maven Central here (not checked): ${missing.join(", ")}`);

  const largest = real.reduce((a, b) => (statSync(a).size >= statSync(b).size ? a : b), real[0]);
  if (largest) {
    const child = (code: string): { ms?: number; maxRssMiB: number } =>
      JSON.parse(execFileSync(process.execPath, ["-e", code], { encoding: "utf8" })) as { ms?: number; maxRssMiB: number };
    const rss = "Math.round(process.resourceUsage().maxRSS / 1024)";
    const base = child(`console.log(JSON.stringify({ maxRssMiB: ${rss} }))`);
    const run = child(
      `const { readConnectorJarFile } = require(${JSON.stringify(join(REPO, "dist", "lib", "jar", "read-jar.js"))}); const t = process.hrtime.bigint();` +
        `readConnectorJarFile(${JSON.stringify(largest)}).then(() => console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t) / 1e6, maxRssMiB: ${rss} })));`,
    );
    console.log(
      `\nLargest JAR ${largest.split("/").pop()} (${(statSync(largest).size / 1048576).toFixed(1)} MiB): read in ${run.ms?.toFixed(0)} ms, peak RSS ${run.maxRssMiB} MiB (an empty node process: ${base.maxRssMiB} MiB).`,
    );
  }
  console.log("\nHostile JARs, time to a clean error: package reader | emulator's reader");
  for (const h of hostileCases(real))
    console.log(
      `  ${h.label.padEnd(62)} ${h.outcome.padEnd(20)} ${h.ms.toFixed(1).padStart(6)} ms | ${h.emulator.padEnd(12)} ${h.emulatorMs.toFixed(1).padStart(6)} ms`,
    );
  const checked = all.length + udfReal.length + udfFixtureFiles.length + real.length;
  console.log(`\n${checked - failures} passed, ${failures} failed`);
  return failures ? 1 : 0;
}

process.exitCode = main();
