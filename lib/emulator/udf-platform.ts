import { readFile } from "node:fs/promises";
import { fetchJarBytes } from "./jar-fetch";
import type { EmulatorKey } from "./types";
import type { Uploads } from "./uploads";
import { readUdfClasses } from "./udf-reader";
import { envelopeError, envelopeOk, gatewayError, type AnswerStyle, type WireResponse } from "./wire-errors";

/**
 * The platform's UDF artifacts and functions (models of `ververica-artifacts-api.md`): an artifact
 * is a JAR whose UDF classes the platform reads; a function is a name registered for one class;
 * a class may belong to one artifact of a namespace (`collidingClasses` on create and update), an
 * update may not drop a class a function still names (`missingClasses`), and an artifact whose
 * classes functions name is not deleted (`referencedClasses`). The business result is in `data`
 * (`createSuccess` ...), beside the envelope's `success`.
 */

export interface EmulatedUdfClass {
  readonly className: string;
  readonly classType: string;
  readonly functionNames: string[];
  readonly udfArtifactName: string;
}

export interface EmulatedUdfArtifact {
  readonly name: string;
  readonly jarUrl: string;
  readonly artifactType: "JAR";
  readonly dependencyJarUris: string[];
  readonly udfClasses: EmulatedUdfClass[];
  readonly namespace: string;
  readonly creator: string;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export interface UdfCall {
  readonly action:
    "CreateUdfArtifact" | "UpdateUdfArtifact" | "DeleteUdfArtifact" | "GetUdfArtifacts" | "RegisterUdfFunction" | "DeleteUdfFunction";
  readonly workspaceId: string;
  readonly namespaceName: string;
  /** The path's artifact or function name. */
  readonly pathName?: string;
  readonly query: ReadonlyMap<string, string>;
  readonly body?: unknown;
}

export type JarBytes = (url: string) => Promise<{ bytes: Buffer } | { unreachable: string }>;

/** A JAR's bytes as the platform fetches them: the workspace's storage (uploads), the OSS directory, or a loopback download. */
export function jarBytesFrom(uploads: Uploads, ossDir: string | undefined): JarBytes {
  return async (url) => {
    const file = uploads.objectFile(url);
    const got = file ? { kind: "bytes" as const, bytes: await readFile(file) } : await fetchJarBytes(url, ossDir);
    return got.kind === "bytes" ? { bytes: got.bytes } : { unreachable: `Failed to download the JAR file from ${url.split("?")[0]}.` };
  };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const copy = (a: EmulatedUdfArtifact): EmulatedUdfArtifact => ({
  ...a,
  dependencyJarUris: [...a.dependencyJarUris],
  udfClasses: a.udfClasses.map((c) => ({ ...c, functionNames: [...c.functionNames] })),
});

export class UdfPlatform {
  private readonly spaces = new Map<string, Map<string, EmulatedUdfArtifact>>();

  constructor(
    private readonly jarBytes: JarBytes,
    private readonly style: AnswerStyle,
    private readonly now: () => number,
  ) {}

  /** The artifacts of a namespace, as GetUdfArtifacts shows them. */
  artifacts(ws: string, ns: string): EmulatedUdfArtifact[] {
    return [...this.space(ws, ns).values()].map(copy);
  }

  /** Removes an artifact with its functions, as another console user would; false when there was none. */
  removeArtifact(ws: string, ns: string, name: string): boolean {
    return this.space(ws, ns).delete(name);
  }

  async execute(call: UdfCall, key: EmulatorKey): Promise<WireResponse> {
    const arts = this.space(call.workspaceId, call.namespaceName);
    const q = (k: string): string | undefined => call.query.get(k);
    switch (call.action) {
      case "GetUdfArtifacts": {
        const only = q("udfArtifactName");
        return envelopeOk([...arts.values()].filter((a) => only === undefined || a.name === only).map(copy));
      }
      case "CreateUdfArtifact":
      case "UpdateUdfArtifact": {
        const body = (typeof call.body === "object" && call.body !== null ? call.body : {}) as Record<string, unknown>;
        const name = call.action === "UpdateUdfArtifact" ? (call.pathName ?? "") : typeof body.name === "string" ? body.name : "";
        const jarUrl = typeof body.jarUrl === "string" ? body.jarUrl : "";
        if (!NAME.test(name))
          return gatewayError(400, "InvalidParameter.Name", `The UDF artifact name ${JSON.stringify(name)} is not valid.`);
        if (!jarUrl)
          return gatewayError(
            400,
            "MissingParameter",
            "The parameter jarUrl that is mandatory for processing this request is not supplied.",
          );
        const old = arts.get(name);
        if (call.action === "CreateUdfArtifact" && old)
          return envelopeError("udfArtifactExists", `UDF artifact ${name} already exists.`, this.style, name);
        if (call.action === "UpdateUdfArtifact" && !old)
          return envelopeError("udfArtifactNotFound", `UDF artifact ${name} does not exist.`, this.style, name);
        const fetched = await this.jarBytes(jarUrl);
        if ("unreachable" in fetched) return envelopeError("jarUnreachable", fetched.unreachable, this.style, jarUrl);
        const read = readUdfClasses(fetched.bytes);
        if (!read.ok)
          return envelopeError(
            "jarInvalid",
            `The file at ${jarUrl.split("?")[0]} is not a valid JAR: ${read.reason}.`,
            this.style,
            read.reason,
          );
        const colliding = [...arts.values()]
          .filter((a) => a.name !== name)
          .flatMap((a) => a.udfClasses.filter((c) => read.classes.some((r) => r.className === c.className)));
        const missing = (old?.udfClasses ?? []).filter(
          (c) => c.functionNames.length && !read.classes.some((r) => r.className === c.className),
        );
        const verb = call.action === "CreateUdfArtifact" ? "createSuccess" : "updateSuccess";
        const refusal = (message: string) =>
          envelopeOk({
            [verb]: false,
            message,
            udfArtifact: old ? copy(old) : null,
            collidingClasses: colliding.map((c) => ({ ...c, functionNames: [...c.functionNames] })),
            ...(call.action === "UpdateUdfArtifact"
              ? { missingClasses: missing.map((c) => ({ ...c, functionNames: [...c.functionNames] })) }
              : {}),
          });
        if (colliding.length) return refusal(`Classes already exist in other artifacts: ${colliding.map((c) => c.className).join(", ")}`);
        if (missing.length)
          return refusal(`Classes still referenced by functions are missing: ${missing.map((c) => c.className).join(", ")}`);
        const at = this.now();
        const artifact: EmulatedUdfArtifact = {
          name,
          jarUrl,
          artifactType: "JAR",
          dependencyJarUris: Array.isArray(body.dependencyJarUris)
            ? body.dependencyJarUris.filter((u): u is string => typeof u === "string")
            : [],
          udfClasses: read.classes.map((r) => ({
            ...r,
            functionNames: [...(old?.udfClasses.find((c) => c.className === r.className)?.functionNames ?? [])],
            udfArtifactName: name,
          })),
          namespace: call.namespaceName,
          creator: old?.creator ?? key.userId ?? "emulator-user",
          createdAt: old?.createdAt ?? at,
          modifiedAt: at,
        };
        arts.set(name, artifact);
        return envelopeOk({
          [verb]: true,
          message: "",
          udfArtifact: copy(artifact),
          collidingClasses: [],
          ...(old ? { missingClasses: [] } : {}),
        });
      }
      case "DeleteUdfArtifact": {
        const name = call.pathName ?? "";
        const a = arts.get(name);
        if (!a) return envelopeError("udfArtifactNotFound", `UDF artifact ${name} does not exist.`, this.style, name);
        const referenced = a.udfClasses.filter((c) => c.functionNames.length);
        if (referenced.length)
          return envelopeOk({
            deleteSuccess: false,
            message: `Classes are still referenced by functions: ${referenced.map((c) => c.className).join(", ")}`,
            referencedClasses: referenced.map((c) => ({ ...c, functionNames: [...c.functionNames] })),
          });
        arts.delete(name);
        return envelopeOk({ deleteSuccess: true, message: "", referencedClasses: [] });
      }
      case "RegisterUdfFunction":
      case "DeleteUdfFunction": {
        const className = q("className");
        const artifactName = q("udfArtifactName");
        const functionName = call.action === "RegisterUdfFunction" ? q("functionName") : call.pathName;
        const absent = [
          ["className", className],
          ["functionName", functionName],
          ["udfArtifactName", artifactName],
        ].find(([, v]) => !v);
        if (absent)
          return gatewayError(
            400,
            "MissingParameter",
            `The parameter ${absent[0]} that is mandatory for processing this request is not supplied.`,
          );
        const a = arts.get(artifactName!);
        if (!a) return envelopeError("udfArtifactNotFound", `UDF artifact ${artifactName} does not exist.`, this.style, artifactName);
        const cls = a.udfClasses.find((c) => c.className === className);
        if (!cls)
          return envelopeError("udfClassNotFound", `Class ${className} is not in UDF artifact ${artifactName}.`, this.style, className);
        if (call.action === "DeleteUdfFunction") {
          if (!cls.functionNames.includes(functionName!))
            return envelopeError("udfFunctionNotFound", `Function ${functionName} does not exist.`, this.style, functionName);
          cls.functionNames.splice(cls.functionNames.indexOf(functionName!), 1);
          return envelopeOk(null);
        }
        if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(functionName!))
          return gatewayError(400, "InvalidParameter.FunctionName", `The function name ${JSON.stringify(functionName)} is not valid.`);
        const taken = [...arts.values()].some((x) => x.udfClasses.some((c) => c.functionNames.includes(functionName!)));
        if (taken) return envelopeError("udfFunctionExists", `Function ${functionName} already exists.`, this.style, functionName);
        cls.functionNames.push(functionName!);
        cls.functionNames.sort();
        return envelopeOk({ className, functionName, udfArtifactName: artifactName });
      }
    }
  }

  private space(ws: string, ns: string): Map<string, EmulatedUdfArtifact> {
    const key = `${ws}\u0000${ns}`;
    let s = this.spaces.get(key);
    if (!s) this.spaces.set(key, (s = new Map()));
    return s;
  }
}
