import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { choiceOf, parseCommand, usageError } from "./args";
import { importFileOf, planMigration, stateRemovals, type Migration } from "./migration";
import { LANGUAGES, PROGRAM_FILE, programOf, type Language } from "./migration-programs";
import { readTerraformConfig } from "./terraform-config";
import { MAX_STATE_BYTES, readTerraformState } from "./terraform-state";

export const MIGRATE_USAGE = `Usage: alicloud-flink migrate-terraform --state FILE --out DIR [--language typescript|python|yaml]
                                        [--tf DIR] [--project NAME] [--force]

Moves the Terraform fork's alicloud_flink_connector (and alicloud_flink_udf) resources to the native
FlinkConnector (and FlinkUdfArtifact): reads
a Terraform state (terraform.tfstate, format 4, or \`terraform show -json\` output) and writes into
DIR import.json (for \`pulumi import --file\`) and the program (index.ts, __main__.py or
Pulumi.yaml; YAML by default), one FlinkConnector per JAR with the jarUrl Terraform knew. Nothing
is called and nothing is run: it prints the next steps, and the \`terraform state rm\` for after.
  --tf       the root module's .tf files: regions of aliased providers, prevent_destroy
  --project  the project name of a YAML program (default: DIR's name)
  --force    overwrite import.json and the program when DIR already holds them`;

/** The report printed after writing: what was written, what was not mapped and why, the steps. */
export function migrationReport(m: Migration, dir: string, language: Language): string {
  const n = m.resources.reduce((k, r) => k + r.addresses.length, 0);
  const any = m.resources.length + m.udfs.length > 0;
  const udfs = m.udfs.length ? `, ${m.udfs.length} FlinkUdfArtifact${m.udfs.length === 1 ? "" : "s"} from alicloud_flink_udf` : "";
  const lines = [
    any
      ? `Wrote ${join(dir, "import.json")} and ${join(dir, PROGRAM_FILE[language])}: ${m.resources.length} FlinkConnector` +
        `${m.resources.length === 1 ? "" : "s"} from ${n} alicloud_flink_connector${n === 1 ? "" : "s"}${udfs}.`
      : "Nothing to migrate: the state holds no alicloud_flink_connector or alicloud_flink_udf that can be mapped; nothing was written.",
  ];
  for (const r of m.resources)
    lines.push(`  ${r.name}: ${r.connectorNames.join(", ")} in ${r.workspaceId}/${r.namespaceName} (${r.addresses.join(", ")})`);
  for (const u of m.udfs) lines.push(`  ${u.resourceName}: UDF artifact ${u.name} in ${u.workspaceId}/${u.namespaceName} (${u.address})`);
  if (m.unmapped.length) {
    lines.push("", `Not mapped (${m.unmapped.length}; they stay in Terraform's state):`);
    for (const u of m.unmapped) lines.push(`  ${u.address}: ${u.reason}`);
  }
  if (m.notes.length) lines.push("", "To look at:", ...m.notes.map((x) => `  ${x}`));
  const others = Object.entries(m.others);
  if (others.length)
    lines.push("", `Left to Terraform: ${others.map(([t, k]) => `${k} ${t}`).join(", ")} (not connectors; this moves only connectors).`);
  if (!any) return lines.join("\n");
  lines.push(
    "",
    "Next, in DIR (a stack with the plugin and its credentials configured, see docs/migrate-from-terraform.md):",
    "  1. pulumi import --file import.json --generate-code=false --yes",
    "  2. pulumi preview --expect-no-changes      (no change: the stack now manages what Terraform did)",
    "  3. then, and only then, remove them from Terraform's state (this never deletes a connector):",
    ...stateRemovals(m).map((c) => `       ${c}`),
  );
  return lines.join("\n");
}

/** `alicloud-flink migrate-terraform`; returns the report. */
export function runMigrateTerraform(argv: readonly string[]): string {
  const text = { type: "string" } as const;
  const { values } = parseCommand(
    argv,
    { state: text, out: text, language: text, tf: text, project: text, force: { type: "boolean" } },
    MIGRATE_USAGE,
  );
  if (!values.state || !values.out) throw usageError("--state and --out are required", MIGRATE_USAGE);
  const language = choiceOf("language", values.language, LANGUAGES, MIGRATE_USAGE) ?? "yaml";
  const size = existsSync(values.state) ? statSync(values.state).size : -1;
  if (size < 0)
    throw new Error(`--state: ${values.state} does not exist. Pass terraform.tfstate, or \`terraform show -json > state.json\`.`);
  if (size > MAX_STATE_BYTES) throw new Error(`--state: ${values.state} has ${size} bytes, more than ${MAX_STATE_BYTES}.`);
  const state = readTerraformState(readFileSync(values.state, "utf8"));
  const migration = planMigration(state, values.tf ? readTerraformConfig(values.tf) : undefined);
  const dir = resolve(values.out);
  const files = { "import.json": `${JSON.stringify(importFileOf(migration), null, 2)}\n` } as Record<string, string>;
  files[PROGRAM_FILE[language]] = programOf(language, migration, values.project ?? basename(dir));
  const there = Object.keys(files).filter((f) => existsSync(join(dir, f)));
  if (there.length && !values.force)
    throw new Error(`--out: ${dir} already holds ${there.join(" and ")}; pass --force to overwrite, or another --out.`);
  if (migration.resources.length + migration.udfs.length) {
    mkdirSync(dir, { recursive: true });
    for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), body);
  }
  return migrationReport(migration, dir, language);
}
