import { nameProblem, problemWords } from "../model/names";
import { TERRAFORM_UDF_TYPE, udfOf, type TerraformUdf } from "./terraform-udfs";

/**
 * The Terraform fork's `alicloud_flink_connector` resources read from a Terraform state, for
 * `alicloud-flink migrate-terraform` (#28): a state file (`terraform.tfstate`, format version 4)
 * or `terraform show -json` output. Pure and bounded: the text is parsed as JSON, nothing in it is
 * run, and what cannot be mapped is reported with the reason, never dropped.
 */

export const TERRAFORM_CONNECTOR_TYPE = "alicloud_flink_connector";
/** More than any state of connectors holds; a larger input is refused before it is parsed. */
export const MAX_STATE_BYTES = 64 * 1024 * 1024;
const MAX_RESOURCES = 100_000;

/** One connector Terraform manages, by its address. */
export interface TerraformConnector {
  /** `module.a.alicloud_flink_connector.kafka["x"]`. */
  readonly address: string;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly connectorName: string;
  readonly jarUrl: string;
  /** The alias of the provider configuration it was made with (`provider "alicloud" { alias = "hz" }`); "" for the default. */
  readonly providerAlias: string;
}

/** Something in the state that is not mapped, and why. */
export interface Unmapped {
  readonly address: string;
  readonly reason: string;
}

export interface TerraformConnectors {
  readonly connectors: readonly TerraformConnector[];
  /** The `alicloud_flink_udf` resources. */
  readonly udfs: readonly TerraformUdf[];
  readonly unmapped: readonly Unmapped[];
  /** Resources of other types, by type, that the migration leaves to Terraform. */
  readonly others: Readonly<Record<string, number>>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** A resource instance's address, as Terraform writes it. */
export function addressOf(module: string, type: string, name: string, index: unknown): string {
  const key = typeof index === "number" ? `[${index}]` : typeof index === "string" ? `[${JSON.stringify(index)}]` : "";
  return `${module ? `${module}.` : ""}${type}.${name}${key}`;
}

/** The instances a state holds, whichever of the two formats it is in. */
interface Instance {
  readonly address: string;
  readonly type: string;
  readonly mode: string;
  readonly attributes: unknown;
  /** The provider configuration's alias; `terraform show -json` records none. */
  readonly alias: string;
}

/** `provider["registry.terraform.io/aliyun/alicloud"].hz` (or under a module): `hz`; "" for the default configuration. */
export function aliasOf(provider: string): string {
  return /\]\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(provider)?.[1] ?? "";
}

function instances(state: Json): Instance[] {
  const out: Instance[] = [];
  if (state.version === 4 && Array.isArray(state.resources)) {
    for (const r of state.resources.slice(0, MAX_RESOURCES)) {
      if (!isObject(r) || !Array.isArray(r.instances)) continue;
      for (const i of r.instances.slice(0, MAX_RESOURCES)) {
        if (!isObject(i)) continue;
        const address = addressOf(text(r.module), text(r.type), text(r.name), i.index_key);
        out.push({ address, type: text(r.type), mode: text(r.mode), attributes: i.attributes, alias: aliasOf(text(r.provider)) });
      }
    }
    return out;
  }
  const walk = (m: unknown, depth: number): void => {
    if (!isObject(m) || depth > 64) return;
    for (const r of Array.isArray(m.resources) ? m.resources.slice(0, MAX_RESOURCES) : []) {
      if (isObject(r)) out.push({ address: text(r.address), type: text(r.type), mode: text(r.mode), attributes: r.values, alias: "" });
    }
    for (const c of Array.isArray(m.child_modules) ? m.child_modules.slice(0, MAX_RESOURCES) : []) walk(c, depth + 1);
  };
  walk(isObject(state.values) ? state.values.root_module : undefined, 0);
  return out;
}

/** Reads the connectors of a Terraform state; throws an Error naming what is wrong with the input itself. */
export function readTerraformState(raw: string): TerraformConnectors {
  if (raw.length > MAX_STATE_BYTES) throw new Error(`The state has ${raw.length} characters, more than ${MAX_STATE_BYTES}.`);
  let state: unknown;
  try {
    state = JSON.parse(raw);
  } catch (e) {
    throw new Error(`The state is not JSON (${(e as Error).message}): pass terraform.tfstate or the output of \`terraform show -json\`.`);
  }
  if (!isObject(state) || (state.version !== 4 && !isObject(state.values))) {
    const v = isObject(state) ? state.version : undefined;
    throw new Error(
      v !== undefined
        ? `The state is of format version ${JSON.stringify(v)}; this reads version 4 (Terraform 0.12 and later) ` +
            "and `terraform show -json`."
        : "The file is neither a Terraform state (version 4) nor `terraform show -json` output.",
    );
  }
  const connectors: TerraformConnector[] = [];
  const udfs: TerraformUdf[] = [];
  const unmapped: Unmapped[] = [];
  const others: Record<string, number> = {};
  for (const i of instances(state)) {
    if (i.type === TERRAFORM_UDF_TYPE && i.mode === "managed") {
      const u = udfOf(i.address, i.attributes, i.alias);
      if ("reason" in u) unmapped.push(u);
      else udfs.push(u);
      continue;
    }
    if (i.type !== TERRAFORM_CONNECTOR_TYPE || i.mode !== "managed") {
      if (i.mode === "managed") others[i.type] = (others[i.type] ?? 0) + 1;
      continue;
    }
    const a = isObject(i.attributes) ? i.attributes : {};
    const c = {
      address: i.address,
      workspaceId: text(a.workspace_id),
      namespaceName: text(a.namespace_name),
      connectorName: text(a.connector_name),
      jarUrl: text(a.jar_url),
      providerAlias: i.alias,
    };
    const problem = (
      [
        ["workspace_id", "workspace", c.workspaceId],
        ["namespace_name", "namespace", c.namespaceName],
        ["connector_name", "connector", c.connectorName],
      ] as const
    )
      .map(([key, kind, v]) => {
        const p = v === "" ? undefined : nameProblem(kind, v);
        return v === "" ? `it records no ${key}` : p ? `its ${key} ${JSON.stringify(v)} ${problemWords(p)}` : undefined;
      })
      .find((x) => x !== undefined);
    if (problem) unmapped.push({ address: c.address, reason: problem });
    else if (!c.jarUrl)
      unmapped.push({ address: c.address, reason: "it records no jar_url, so the JAR the connector came from is unknown" });
    else connectors.push(c);
  }
  return { connectors, udfs, unmapped, others };
}

/** The connectors one JAR registered in one namespace: one FlinkConnector, with a resource name taken from Terraform's addresses. */
export interface ConnectorGroup {
  readonly name: string;
  readonly workspaceId: string;
  readonly namespaceName: string;
  readonly jarUrl: string;
  readonly providerAlias: string;
  /** Sorted. */
  readonly connectorNames: readonly string[];
  /** `workspaceId:namespaceName:name1,name2`, the import id. */
  readonly id: string;
  readonly addresses: readonly string[];
}

/** A Pulumi resource name from a Terraform address: `module.a.alicloud_flink_connector.kafka["x"]` is `a-kafka-x`. */
export function resourceNameOf(address: string): string {
  const parts = address
    .replace(/\balicloud_flink_connector\./, "")
    .replace(/\bmodule\./g, "")
    .replace(/\[("?)(.*?)\1\]/g, ".$2")
    .split(".")
    .map((p) => p.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, ""))
    .filter(Boolean);
  return parts.join("-") || "connector";
}

/**
 * Groups connectors by provider configuration, workspace, namespace and JAR: a JAR registers all of its connectors at
 * once, so the connectors Terraform declared one by one from one JAR are one FlinkConnector.
 * Names are made unique (also against `reserved`, the providers' names) by a numeric suffix, in the order of the state.
 */
export function groupByJar(connectors: readonly TerraformConnector[], reserved: readonly string[] = []): ConnectorGroup[] {
  const groups = new Map<string, TerraformConnector[]>();
  for (const c of connectors) {
    const key = JSON.stringify([c.providerAlias, c.workspaceId, c.namespaceName, c.jarUrl]);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const taken = new Set<string>(reserved);
  return [...groups.values()].map((cs) => {
    const names = [...new Set(cs.map((c) => c.connectorName))].sort();
    let name = resourceNameOf(cs[0].address);
    for (let n = 2; taken.has(name); n++) name = `${resourceNameOf(cs[0].address)}-${n}`;
    taken.add(name);
    const { workspaceId, namespaceName, jarUrl, providerAlias } = cs[0];
    return {
      name,
      workspaceId,
      namespaceName,
      jarUrl,
      providerAlias,
      connectorNames: names,
      id: `${workspaceId}:${namespaceName}:${names.join(",")}`,
      addresses: cs.map((c) => c.address),
    };
  });
}
