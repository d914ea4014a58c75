import type {
  EnforcementLevel,
  Policies,
  PolicyProviderResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { readSettings } from "../config/settings";
import { nativeConfig } from "../plugin/native-config";
import { declaredConnector, type Declared } from "./declared";
import { builtinNames, bundlesRuntime, classTooNew, clashes, clashMessage, locationRefused, namesDiffer } from "./decisions";
import { readDeclaredJar, type ReadingOptions } from "./jar-reading";
import type { JarReport } from "../model/jar-report";

/**
 * `pulumi-alicloud-flink/policy`: CrossGuard policies for FlinkConnectors, native and dynamic
 * alike, that read the JARs with the package's reader at preview. Use in a policy pack:
 *
 *     new PolicyPack("alicloud-flink", { policies: flinkPolicies() });
 *
 * Each rule's enforcement level is its default here, and the pack's config (`pulumi preview
 * --policy-pack-config`) changes it, as for any policy. An input not known at preview is not a
 * violation: the rule says it is not applicable.
 */

export const POLICY_NAMES = {
  names: "flink-jar-declares-its-connectors",
  builtin: "flink-connector-not-builtin",
  runtime: "flink-jar-no-bundled-runtime",
  classes: "flink-jar-class-version",
  location: "flink-jar-allowed-location",
  unique: "flink-connector-once-per-namespace",
} as const;

export interface FlinkPolicyOptions extends ReadingOptions {
  /** Enforcement levels by policy name, over the defaults (all mandatory). */
  readonly enforcement?: Partial<Record<(typeof POLICY_NAMES)[keyof typeof POLICY_NAMES], EnforcementLevel>>;
}

interface Applicable {
  readonly declared: Declared;
  readonly provider?: Record<string, unknown>;
}

/** The declaration, or notApplicable (not a FlinkConnector; an input this rule needs unknown at preview). */
function applicable(args: ResourceValidationArgs, needs: readonly string[]): Applicable {
  const declared = declaredConnector(args.type, args.props);
  if (!declared) args.notApplicable("not a FlinkConnector");
  const unknown = declared.unknown.filter((k) => needs.includes(k));
  if (unknown.length) args.notApplicable(`${unknown.join(", ")} not known until \`pulumi up\``);
  return { declared, ...(args.provider ? { provider: providerProps(args.provider) } : {}) };
}

const providerProps = (p: PolicyProviderResource): Record<string, unknown> => p.props as Record<string, unknown>;

/** The engine's Java: the policy's config, else the provider's setting, else 8. */
function javaVersionOf(args: ResourceValidationArgs, provider: Record<string, unknown> | undefined): number {
  const configured = args.getConfig<{ engineJavaVersion?: number }>().engineJavaVersion;
  if (configured) return configured;
  const { settings } = readSettings(nativeConfig(provider ?? {}, {}), process.env, "plugin");
  return typeof settings.values.engineJavaVersion === "number" ? settings.values.engineJavaVersion : 8;
}

const JAR_INPUTS = ["jarUrl", "jarFile"];
const NAME_INPUTS = ["connectorName", "connectorNames"];

export function flinkPolicies(options: FlinkPolicyOptions = {}): Policies {
  const level = (name: (typeof POLICY_NAMES)[keyof typeof POLICY_NAMES]): EnforcementLevel => options.enforcement?.[name] ?? "mandatory";
  /** A rule over the declared JAR's report: skipped JARs are not applicable; an unreadable one is a violation of the names rule only. */
  const jarRule = (
    name: (typeof POLICY_NAMES)[keyof typeof POLICY_NAMES],
    description: string,
    needs: readonly string[],
    judge: (d: Declared, r: JarReport) => string | undefined,
    reportsUnreadable = false,
  ): ResourceValidationPolicy => ({
    name,
    description,
    enforcementLevel: level(name),
    ...(name === POLICY_NAMES.classes ? { configSchema: { properties: { engineJavaVersion: { type: "integer", minimum: 8 } } } } : {}),
    validateResource: async (args: ResourceValidationArgs, report: ReportViolation) => {
      const { declared, provider } = applicable(args, [...JAR_INPUTS, ...needs]);
      let read;
      try {
        read = await readDeclaredJar(declared, provider, javaVersionOf(args, provider), options);
      } catch (e) {
        if (reportsUnreadable) return report(`${(e as Error).message}; the rules that read the JAR could not be applied.`);
        return args.notApplicable(`the JAR could not be read (${POLICY_NAMES.names} reports why)`);
      }
      if ("skipped" in read) return args.notApplicable(read.skipped);
      const message = judge(declared, read.report);
      if (message) report(message);
    },
  });
  const resources: ResourceValidationPolicy[] = [
    jarRule(POLICY_NAMES.names, "A FlinkConnector declares exactly the connectors its JAR registers.", NAME_INPUTS, namesDiffer, true),
    {
      name: POLICY_NAMES.builtin,
      description: "No FlinkConnector declares, and no JAR registers, a connector the platform has built in.",
      enforcementLevel: level(POLICY_NAMES.builtin),
      validateResource: async (args, report) => {
        const { declared, provider } = applicable(args, NAME_INPUTS);
        let jar: JarReport | undefined;
        try {
          const read = declared.unknown.length
            ? undefined
            : await readDeclaredJar(declared, provider, javaVersionOf(args, provider), options);
          jar = read && "report" in read ? read.report : undefined;
        } catch {
          jar = undefined; // the declared names are still judged; the names rule reports the JAR
        }
        for (const m of builtinNames(declared, jar)) report(m);
      },
    },
    jarRule(POLICY_NAMES.runtime, "A connector JAR does not bundle Flink's own runtime (provided scope).", [], bundlesRuntime),
    jarRule(POLICY_NAMES.classes, "A connector JAR's class files load on the engine's Java.", [], classTooNew),
    {
      name: POLICY_NAMES.location,
      description: "Connector JARs come from the allowed OSS buckets and https hosts (config: allowedBuckets, allowedHosts).",
      enforcementLevel: level(POLICY_NAMES.location),
      configSchema: {
        properties: {
          allowedBuckets: { type: "array", items: { type: "string" } },
          allowedHosts: { type: "array", items: { type: "string" } },
        },
      },
      validateResource: (args, report) => {
        const { declared } = applicable(args, JAR_INPUTS);
        const allowed = args.getConfig<{ allowedBuckets?: string[]; allowedHosts?: string[] }>();
        if (!allowed.allowedBuckets?.length && !allowed.allowedHosts?.length)
          args.notApplicable("no allowedBuckets or allowedHosts configured");
        const m = locationRefused(declared, allowed);
        if (m) report(m);
      },
    },
  ];
  const unique: StackValidationPolicy = {
    name: POLICY_NAMES.unique,
    description: "Each connector type is declared by one resource per namespace.",
    enforcementLevel: level(POLICY_NAMES.unique),
    validateStack: (args, report) => {
      const declared = args.resources.flatMap((r) => {
        const d = declaredConnector(r.type, r.props);
        return d ? [{ urn: r.urn, declared: d }] : [];
      });
      for (const c of clashes(declared)) for (const urn of c.urns) report(clashMessage(c, urn), urn);
    },
  };
  return [...resources, unique];
}
