import { PLATFORM_OUTPUT_NAMES, type ConnectorInfo } from "../model/connector";

type Props = Record<string, unknown>;

const shown = (v: unknown): string => {
  const text = JSON.stringify(v) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** What the state recorded for each connector: `connectors` (0.3 on), or the top-level fields of a one-connector state. */
function recorded(olds: Props): Map<string, Props> {
  if (Array.isArray(olds.connectors)) return new Map((olds.connectors as Props[]).map((c) => [String(c.name), c]));
  return typeof olds.connectorName === "string" && olds.connectorName ? new Map([[olds.connectorName, olds]]) : new Map();
}

/**
 * One line per platform field that changed behind the stack's back, for refresh to show: the
 * engine diffs only inputs on refresh, and these are outputs, so it would show nothing. Pure.
 */
export function driftLines(olds: Props, found: readonly ConnectorInfo[]): string[] {
  const before = recorded(olds);
  const lines: string[] = [];
  for (const c of found) {
    const was = before.get(c.name);
    if (!was) continue;
    for (const field of PLATFORM_OUTPUT_NAMES) {
      const now = (c as unknown as Props)[field];
      if (field in was && JSON.stringify(was[field]) !== JSON.stringify(now))
        lines.push(`${c.id}: ${field} changed on the platform from ${shown(was[field])} to ${shown(now)}`);
    }
  }
  return lines;
}
