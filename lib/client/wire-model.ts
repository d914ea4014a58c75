import {
  CONNECTOR_FIELDS,
  type Connector,
  type ConnectorProperty,
  type FieldKind,
  type PresignedUpload,
  type TableMeta,
} from "../model/connector";
import { SecretUrl } from "../model/secret-url";

/**
 * Turns wire JSON into our always-complete model, checking it against the documented model
 * (Connector.ts, Property.ts, TableMeta.ts of the official SDK). What identifies a connector
 * (`name`, `type`) must be there and be text; optional descriptive fields that are missing
 * become "", false or []. Anything else throws a ShapeError: an answer we cannot read is never
 * taken for an empty namespace. Unknown fields are dropped.
 */
export class ShapeError extends Error {
  override readonly name = "ShapeError" as const;
}

export type Json = Record<string, unknown>;

const describe = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v);

export function object(v: unknown, where: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ShapeError(`${where} is ${describe(v)}, not an object`);
  return v as Json;
}

export function optionalString(o: Json, key: string, where: string): string {
  const v = o[key];
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") throw new ShapeError(`${where}.${key} is ${describe(v)}, not a string`);
  return v;
}

export function requiredString(o: Json, key: string, where: string): string {
  const v = optionalString(o, key, where);
  if (v === "") throw new ShapeError(`${where}.${key} is missing or empty`);
  return v;
}

export function optionalBool(o: Json, key: string, where: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw new ShapeError(`${where}.${key} is ${describe(v)}, not a boolean`);
}

export function optionalArray(o: Json, key: string, where: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ShapeError(`${where}.${key} is ${describe(v)}, not an array`);
  return v;
}

export function strings(o: Json, key: string, where: string): string[] {
  return optionalArray(o, key, where).map((x, i) => {
    if (typeof x !== "string") throw new ShapeError(`${where}.${key}[${i}] is ${describe(x)}, not a string`);
    return x;
  });
}

export function toProperty(raw: unknown, where = "property"): ConnectorProperty {
  const p = object(raw, where);
  return {
    key: requiredString(p, "key", where),
    defaultValue: optionalString(p, "defaultValue", where),
    description: optionalString(p, "description", where),
    required: optionalBool(p, "required", where),
    definesFormat: optionalBool(p, "definesFormat", where),
    sensitive: optionalBool(p, "sensitive", where),
  };
}

/** How each kind of field is read from the wire. */
const READ: { readonly [K in FieldKind]: (o: Json, key: string, where: string) => unknown } = {
  text: optionalString,
  flag: optionalBool,
  texts: strings,
  properties: (o, key, where) => optionalArray(o, key, where).map((p, i) => toProperty(p, `${where}.${key}[${i}]`)),
};

export function toConnector(raw: unknown, where = "connector"): Connector {
  const c = object(raw, where);
  const out: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(CONNECTOR_FIELDS)) out[field] = READ[kind](c, field, where);
  // What identifies a connector must be there.
  requiredString(c, "name", where);
  requiredString(c, "type", where);
  return out as Connector;
}

export function toTableMeta(raw: unknown, where = "table"): TableMeta {
  const t = object(raw, where);
  return {
    catalogName: optionalString(t, "catalogName", where),
    databaseName: optionalString(t, "databaseName", where),
    tableName: optionalString(t, "tableName", where),
  };
}

/** `data` of a successful envelope: an array, or null/absent meaning empty. */
function dataArray(data: unknown): unknown[] {
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) throw new ShapeError(`data is ${describe(data)}, not an array`);
  return data;
}

/** `data` of Register and List: Connector[] with unique names. */
export function parseConnectors(data: unknown): Connector[] {
  const out = dataArray(data).map((c, i) => toConnector(c, `data[${i}]`));
  const names = new Set<string>();
  for (const c of out) {
    if (names.has(c.name)) throw new ShapeError(`data names connector "${c.name}" twice`);
    names.add(c.name);
  }
  return out;
}

/** `data` of Delete: TableMeta[]. */
export function parseTables(data: unknown): TableMeta[] {
  return dataArray(data).map((t, i) => toTableMeta(t, `data[${i}]`));
}

const MAX_URL = 8192;

/** GetPreSignedUrlForPutObject's `data`: `{ preSignedUrl, jarUrl }`; the pre-signed URL is held as a secret from here on. */
export function parsePresigned(data: unknown): PresignedUpload {
  const o = object(data, "data");
  const url = requiredString(o, "preSignedUrl", "data");
  const jarUrl = requiredString(o, "jarUrl", "data");
  if (url.length > MAX_URL || jarUrl.length > MAX_URL) throw new ShapeError(`data holds a URL longer than ${MAX_URL} characters`);
  if (!/^https?:\/\/[^/]/i.test(url)) throw new ShapeError("data.preSignedUrl is not an http(s) URL");
  if (!/^(oss|https?):\/\/[^/]+\/./i.test(jarUrl)) throw new ShapeError("data.jarUrl is not an oss:// or http(s) URL of an object");
  return { url: new SecretUrl(url), jarUrl };
}
