import { credentialParams } from "../errors/redact";
import { PACKAGE, RESOURCE_TOKEN, UDF_TOKEN } from "../plugin/schema";
import { checkJarUrl } from "../provider/check";
import { groupByJar, type ConnectorGroup, type TerraformConnectors, type Unmapped } from "./terraform-state";
import type { TerraformConfig } from "./terraform-config";
import type { TerraformUdf } from "./terraform-udfs";

/** One FlinkUdfArtifact of the migration: an `alicloud_flink_udf`, with a unique resource name. */
export interface MigratedUdf extends TerraformUdf {
  readonly resourceName: string;
  readonly id: string;
}

/**
 * What `alicloud-flink migrate-terraform` does with the connectors of a Terraform state, decided
 * once and pure: the FlinkConnectors (one per JAR), the explicit providers Terraform's aliases
 * become, the import file, what is left and why, and the `terraform state rm` to run after.
 */

export const PROVIDER_TYPE = `pulumi:providers:${PACKAGE}`;

/** One FlinkConnector of the migration. */
export interface MigratedResource extends ConnectorGroup {
  /** The JAR is a pre-signed URL (its query holds these credentials): read from secret config, never written. */
  readonly secretJarParams: readonly string[];
  /** The config key the secret JAR URL is read from (only with secretJarParams). */
  readonly jarConfigKey: string;
}

/** An explicit provider: a Terraform provider configuration with an alias. */
export interface MigratedProvider {
  readonly name: string;
  /** From the .tf files' provider block, when it is a literal there. */
  readonly region?: string;
}

export interface Migration {
  readonly resources: readonly MigratedResource[];
  readonly udfs: readonly MigratedUdf[];
  readonly providers: readonly MigratedProvider[];
  readonly unmapped: readonly Unmapped[];
  /** Things mapped that need a look: not failures, said in the report and the program. */
  readonly notes: readonly string[];
  readonly others: Readonly<Record<string, number>>;
}

/** `pulumi import --file`'s format: https://www.pulumi.com/docs/iac/cli/commands/pulumi_import/ */
export interface ImportFile {
  readonly resources: ReadonlyArray<{
    readonly type: string;
    readonly name: string;
    readonly id?: string;
    readonly provider?: string;
    readonly inputs?: Readonly<Record<string, unknown>>;
  }>;
}

const camel = (s: string): string => s.replace(/[-_]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Decides the migration of what the state (and, optionally, the .tf files) hold. */
export function planMigration(state: TerraformConnectors, config?: TerraformConfig): Migration {
  const unmapped: Unmapped[] = [...state.unmapped];
  const notes: string[] = [];
  const usable = state.connectors.filter((c) => {
    if (credentialParams(c.jarUrl).length) return true;
    const problem = checkJarUrl(c.jarUrl);
    if (problem) unmapped.push({ address: c.address, reason: `its jar_url is refused by the provider: ${problem}` });
    return !problem;
  });
  const aliases = [...new Set([...usable, ...state.udfs].map((c) => c.providerAlias).filter(Boolean))].sort();
  const resources = groupByJar(usable, aliases).map((g): MigratedResource => {
    const secretJarParams = credentialParams(g.jarUrl);
    if (secretJarParams.length)
      notes.push(
        `${g.name}: its jar_url is a pre-signed URL (${secretJarParams.join(", ")}), a credential: it is read from the secret ` +
          `config ${JSON.stringify(camel(`${g.name}-jar-url`))} and is in neither the program nor import.json; set it with ` +
          `\`pulumi config set --secret ${camel(`${g.name}-jar-url`)}\`. Until then the import records no JAR, and the first ` +
          "`pulumi up` records it (one List, no write).",
      );
    return { ...g, secretJarParams, jarConfigKey: camel(`${g.name}-jar-url`) };
  });
  const providers = aliases.map((name): MigratedProvider => {
    const region = config?.providerRegions.get(name);
    if (region === undefined)
      notes.push(
        `provider ${JSON.stringify(name)}: Terraform's provider "alicloud" with alias ${JSON.stringify(name)} becomes an explicit ` +
          `provider, but its region is not known${config ? " (not a literal in the .tf files)" : " (pass --tf DIR to read it)"}: ` +
          "set it (or endpoint) on the provider, in the program and in import.json, before `pulumi import`.",
      );
    return region === undefined ? { name } : { name, region };
  });
  if (config) for (const n of config.notes) notes.push(n);
  const taken = new Set([...aliases, ...resources.map((r) => r.name)]);
  const udfs = state.udfs.map((u): MigratedUdf => {
    const base = `udf-${u.name}`.replace(/[^A-Za-z0-9_-]+/g, "-");
    let resourceName = base;
    for (let n = 2; taken.has(resourceName); n++) resourceName = `${base}-${n}`;
    taken.add(resourceName);
    return { ...u, resourceName, id: `${u.workspaceId}:${u.namespaceName}:${u.name}` };
  });
  return { resources, udfs, providers, unmapped, notes, others: state.others };
}

/** The `pulumi import --file` JSON: providers first (created, not read), then one entry per FlinkConnector. */
export function importFileOf(m: Migration): ImportFile {
  return {
    resources: [
      ...m.providers.map((p) => ({ type: PROVIDER_TYPE, name: p.name, ...(p.region ? { inputs: { region: p.region } } : {}) })),
      ...m.resources.map((r) => ({
        type: RESOURCE_TOKEN,
        name: r.name,
        id: r.id,
        ...(r.providerAlias ? { provider: r.providerAlias } : {}),
        // Read cannot know the JAR (the API never says); the import takes Terraform's (pulumi 3.254.0 and later read `inputs`).
        ...(r.secretJarParams.length ? {} : { inputs: { jarUrl: r.jarUrl } }),
      })),
      // The platform reports a UDF artifact's JAR and functions: Read alone has every input.
      ...m.udfs.map((u) => ({
        type: UDF_TOKEN,
        name: u.resourceName,
        id: u.id,
        ...(u.providerAlias ? { provider: u.providerAlias } : {}),
      })),
    ],
  };
}

/** What to run once `pulumi preview` shows no change: never run here. */
export function stateRemovals(m: Migration): string[] {
  return [...m.resources.flatMap((r) => r.addresses), ...m.udfs.map((u) => u.address)].map(
    (a) => `terraform state rm '${a.replace(/'/g, `'\\''`)}'`,
  );
}
