import type { Connector, ConnectorProperty, TableMeta } from "./types";

/** Turns wire JSON into our always-complete model. Unknown fields are dropped. */

function str(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
}

function bool(v: unknown): boolean {
  return v === true || v === "true";
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => x !== undefined && x !== null).map(str) : [];
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function toProperty(raw: unknown): ConnectorProperty {
  const p = record(raw);
  return {
    key: str(p.key),
    defaultValue: str(p.defaultValue),
    description: str(p.description),
    required: bool(p.required),
    definesFormat: bool(p.definesFormat),
    sensitive: bool(p.sensitive),
  };
}

export function toConnector(raw: unknown): Connector {
  const c = record(raw);
  return {
    name: str(c.name),
    type: str(c.type),
    source: bool(c.source),
    sink: bool(c.sink),
    lookup: bool(c.lookup),
    supportedFormats: strings(c.supportedFormats),
    dependencies: strings(c.dependencies),
    properties: Array.isArray(c.properties) ? c.properties.map(toProperty) : [],
    creator: str(c.creator),
    creatorName: str(c.creatorName),
    modifier: str(c.modifier),
    modifierName: str(c.modifierName),
  };
}

export function toTableMeta(raw: unknown): TableMeta {
  const t = record(raw);
  return { catalogName: str(t.catalogName), databaseName: str(t.databaseName), tableName: str(t.tableName) };
}

/** `data` of a successful envelope as an array (null or absent means empty). */
export function dataArray(data: unknown): unknown[] {
  return Array.isArray(data) ? data : [];
}
