import { problemWords, segmentProblem } from "../model/names";

/**
 * Why `value` cannot be a path segment, if it cannot, by the path part of the one name rule
 * (model/names.ts): any name the platform can hold passes; empty, `.`/`..` and hidden
 * characters are refused.
 */
export function badPathSegment(value: unknown): string | undefined {
  if (typeof value !== "string") return "is empty";
  const p = segmentProblem(value);
  return p ? problemWords(p) : undefined;
}

/** OpenAPI getEncodeParam: encodeURIComponent plus `! ' ( ) *`. */
export function encodePathParam(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
