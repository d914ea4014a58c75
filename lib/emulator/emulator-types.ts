import type { ControlApi } from "./control";
import type { Action, FaultInjector, FaultSpec } from "./faults";
import type { JarCatalog } from "./jar-catalog";
import type { UploadedObject } from "./uploads";
import type { EmulatedUdfArtifact } from "./udf-platform";

/** One request, as the emulator saw and answered it. */
export interface RequestRecord {
  readonly seq: number;
  readonly method: string;
  /** The raw request path, without the query. */
  readonly path: string;
  readonly action?: Action;
  readonly workspaceId?: string;
  readonly namespaceName?: string;
  readonly connectorName?: string;
  readonly jarUrl?: string;
  readonly accessKeyId?: string;
  /** HTTP status sent, or "dropped" when the connection was destroyed. */
  readonly status: number | "dropped";
  /** errorCode or gateway Code of an error answer. */
  readonly code?: string;
  readonly fault?: FaultSpec["kind"];
  /** When the request arrived (ISO 8601). */
  readonly at: string;
  /** Milliseconds from arrival to the answer (or to the dropped connection). */
  readonly ms: number;
  /** The connectors a Register registered, by name. */
  readonly connectors?: readonly string[];
  /** GetPreSignedUrlForPutObject's fileName. */
  readonly fileName?: string;
  /** The bytes a PutObject carried. */
  readonly bytes?: number;
}

export interface Emulator extends ControlApi {
  /** host:port, for `endpoint` options that take a host. */
  readonly endpoint: string;
  /** http://127.0.0.1:PORT, for `alicloud-flink:endpoint`. */
  readonly url: string;
  readonly port: number;
  /** The first accepted key pair. */
  readonly credentials: { readonly accessKeyId: string; readonly accessKeySecret: string; readonly securityToken?: string };
  readonly faults: FaultInjector;
  readonly jars: JarCatalog;
  /** The token the control routes (/_emulator/...) require, in the x-emulator-token header. */
  readonly controlToken: string;
  /** Every request so far, oldest first. */
  readonly requests: readonly RequestRecord[];
  /** How many requests of `action` (all actions when absent) were received. */
  calls(action?: Action): number;
  /** Every object uploaded through a pre-signed URL, oldest first. */
  uploads(): UploadedObject[];
  /** The UDF artifacts of a namespace, with their classes and functions, as GetUdfArtifacts shows them. */
  udfArtifacts(workspaceId: string, namespaceName: string): EmulatedUdfArtifact[];
  /** Deletes a UDF artifact with its functions out of band; false when there was none. */
  removeUdfArtifact(workspaceId: string, namespaceName: string, name: string): boolean;
  /** Puts an object in the emulator's OSS (as the console's upload would); its `oss://bucket/key` URL. */
  putObject(bucket: string, key: string, bytes: Buffer): string;
  /** The path-style OSS endpoint signed GETs of those objects go to (`http://127.0.0.1:PORT/_oss`). */
  readonly ossEndpoint: string;
  clearRequests(): void;
  /** Resolves when no request is being handled (held requests included). */
  idle(): Promise<void>;
  close(): Promise<void>;
}
