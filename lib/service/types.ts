import type { ClientOptions } from "../client/connector-client";
import type {
  Connector,
  ConnectorApi,
  ConnectorRef,
  JarUploadApi,
  NamespaceRef,
  Operation,
  TableMeta,
  UdfOperation,
} from "../model/connector";
import type { UploadResult } from "./jar-upload";
import type { WaitPolicy } from "./poll";
import type { RetryPolicy } from "./retry-policy";

export interface ServiceOptions extends ClientOptions {
  /** The API operations (uploads optional). Defaults to a VervericaConnectorClient built from these options. */
  readonly api?: ConnectorApi & Partial<JarUploadApi>;
  /** How long one PUT of an upload may take. Defaults to 300,000 ms. */
  readonly uploadTimeoutMs?: number;
  /** Retry policy, merged over the defaults; `false` fails fast. */
  readonly retry?: Partial<RetryPolicy> | false;
  /** Bounds of the waits that settle a lost answer. */
  readonly waits?: Partial<WaitPolicy>;
  /** How long reads of one namespace gather before their shared List is sent. Defaults to 10 ms. */
  readonly listBatchWindowMs?: number;
  /** Receives one line per retry and per unusual recovery; never carries credentials. */
  readonly log?: (message: string) => void;
}

export interface RegisterArgs extends NamespaceRef {
  readonly jarUrl: string;
  /**
   * The connector the JAR must yield; or `expectedNames` for a JAR that yields several. One of
   * them is required: it is how a lost answer is settled by List.
   */
  readonly expectedName?: string;
  /** The connectors the JAR must yield (a JAR registers one connector per table factory identifier). */
  readonly expectedNames?: readonly string[];
}

export interface RegisterResult {
  /** What the platform registered for this JAR. */
  readonly connectors: readonly Connector[];
  /**
   * How we know: `"answer"`, Register's own answer; `"list"`, a Register answer was lost (or
   * held no connector) and List showed the connector.
   */
  readonly via: "answer" | "list";
  /** Register requests sent. */
  readonly attempts: number;
}

export interface DeleteResult {
  /** False when the connector was already gone (delete is idempotent); "unknown" after a lost answer. */
  readonly existed: boolean | "unknown";
  /** Tables that were created with the connector, as the platform reports them. */
  readonly tables: readonly TableMeta[];
  /** How we know it is gone: Delete's own answer, or List after a lost answer. */
  readonly via: "answer" | "list";
  /** Delete requests sent. */
  readonly attempts: number;
}

/** API calls made by this service instance, by operation. */
export type CallCounts = Record<Exclude<Operation, UdfOperation>, number>;

/**
 * What the connector lifecycle needs of the service: the port provider code and its specs'
 * shared in-memory fake (tests/support/fake-service.ts) implement alike.
 */
export interface ConnectorServicePort {
  /** Every connector of the namespace (reads gathered into one List). */
  list(ref: NamespaceRef): Promise<readonly Connector[]>;
  /** Those of `names` that may exist, counting a lost answer of this service's own as maybe. */
  mayExistAny(ref: NamespaceRef, names: readonly string[]): Promise<Connector[]>;
  /** Registers a JAR; a lost answer is settled by looking. */
  register(args: RegisterArgs): Promise<RegisterResult>;
  /** Deletes one connector; one already gone is deleted. */
  delete(ref: ConnectorRef): Promise<DeleteResult>;
  /** Uploads a JAR through the platform; resolves to the `jarUrl` to register. */
  uploadJar(ref: NamespaceRef, fileName: string, body: Buffer): Promise<UploadResult>;
}
