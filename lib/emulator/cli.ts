#!/usr/bin/env node
/** `alicloud-flink-emulator`: the name of 0.1.0, kept; the same as `alicloud-flink emulator start`. */
import { runEmulatorStart } from "./start-cli";

runEmulatorStart(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  },
);
