/**
 * Error identity by brand rather than `instanceof`: a Pulumi program and the provider host can
 * load several copies of this package, and a class from one copy is not `instanceof` another.
 */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
