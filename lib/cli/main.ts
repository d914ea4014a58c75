#!/usr/bin/env node
/** `alicloud-flink`: the package's command line (emulator, adopt, inspect-jar, build-jar, migrate-terraform). */
import { runEmulatorStart, START_USAGE } from "../emulator/start-cli";
import { ADOPT_USAGE, runAdopt } from "./adopt";
import { CONTROL_USAGE, runEmulatorControl } from "./emulator-control";
import { BUILD_JAR_USAGE, runBuildJar } from "./build-jar";
import { INSPECT_USAGE, runInspectJar, type CommandResult } from "./inspect-jar";
import { MIGRATE_USAGE, runMigrateTerraform } from "./migrate-terraform";

const USAGE = `Usage: alicloud-flink <command>
  emulator [start|connectors|put|delete|jar|fault|requests] ...   a local Ververica connector API, and its control
  adopt --workspace W --namespace N [--out FILE]                   a program fragment that adopts a namespace's connectors
  inspect-jar <path | https-url> [--json]                          the connectors a JAR will register, and what to fix first
  build-jar --out FILE --connector NAME[:KINDS]...                 a small real connector JAR, for tests and the emulator
  migrate-terraform --state FILE --out DIR [--language L]           import.json and a program from a Terraform state

${CONTROL_USAGE}

${START_USAGE}

${ADOPT_USAGE}

${INSPECT_USAGE}

${BUILD_JAR_USAGE}

${MIGRATE_USAGE}`;

async function main(argv: readonly string[]): Promise<string | CommandResult | undefined> {
  const [command, sub, ...rest] = argv;
  if (command === "inspect-jar") return runInspectJar(argv.slice(1));
  if (command === "build-jar") return runBuildJar(argv.slice(1));
  if (command === "adopt") return runAdopt(argv.slice(1));
  if (command === "migrate-terraform") return runMigrateTerraform(argv.slice(1));
  if (command === "emulator") {
    if (sub === undefined || sub === "start" || sub.startsWith("--")) {
      if (sub === "--help" || sub === "-h") return USAGE;
      await runEmulatorStart(sub === "start" ? rest : argv.slice(1));
      return undefined;
    }
    return runEmulatorControl(sub, rest);
  }
  if (command === undefined || command === "--help" || command === "-h" || command === "help") return USAGE;
  throw new Error(`Unknown command "${command}"\n\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (out) => {
    const result = typeof out === "object" ? out : { output: out, exitCode: 0 };
    if (result.output) console.log(result.output);
    process.exit(result.exitCode);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  },
);
