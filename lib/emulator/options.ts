import type { RequestRecord } from "./server";
import type { ConnectorStore } from "./store";
import type { EmulatorKey, JarSpec } from "./types";

export interface EmulatorOptions {
  /** Port to listen on, on 127.0.0.1. Defaults to 0 (any free port). */
  readonly port?: number;
  /** Accepted key pairs. Defaults to one generated pair, returned as `credentials`. */
  readonly keys?: readonly EmulatorKey[];
  /** Restrict which workspaces and namespaces exist (workspace -> namespaces). Defaults to all. */
  readonly workspaces?: Readonly<Record<string, readonly string[]>>;
  /** JAR URLs declared with what they yield, ahead of reading any JAR (for tests of failures). */
  readonly jars?: Readonly<Record<string, JarSpec>>;
  /**
   * A directory that stands in for OSS: `oss://bucket/key` is `<ossDir>/bucket/key`. Register reads
   * the JAR there as the platform does. Without it, an `oss://` URL falls back to the file-name
   * convention (`<name>-<version>.jar` registers `<name>`), which the real platform never uses.
   */
  readonly ossDir?: string;
  /**
   * A JAR whose connector has the name of a built-in connector (`kafka`, `jdbc`, ...): refused
   * (the default; the docs say such a connector must be renamed) or accepted. The real service's
   * answer is undocumented: test under both.
   */
  readonly builtinNames?: "refuse" | "accept";
  /** HTTP status of business errors: their own (404, 409, 400) or always 200 with success:false. */
  readonly businessErrorStatus?: "http" | "200";
  /**
   * `named` (the default): business errors carry the codes listed in the README. `documented`:
   * as the SDK docs show them, HTTP 200, `httpCode` 200, a numeric `errorCode` (`"990301"`...) and a
   * Chinese message; the package must behave the same under both.
   */
  readonly answers?: "named" | "documented";
  /** The Java version of the emulated engine: how it reads multi-release JARs, and which class files it loads. Defaults to 8. */
  readonly engineJavaVersion?: number;
  /**
   * Uploads through GetPreSignedUrlForPutObject (undocumented, so each way is offered): `jarUrl` as
   * `oss://` (the default) or `https://`; a PUT over an existing object overwrites (the default) or
   * is refused; a pre-signed URL valid for `ttlSeconds` (900 by default). Objects go into `ossDir`,
   * or a temporary directory.
   */
  readonly uploads?: { readonly jarUrlStyle?: "oss" | "https"; readonly overwrite?: boolean; readonly ttlSeconds?: number };
  /** Connector storage; in memory by default. */
  readonly store?: ConnectorStore;
  /** The clock, for date-skew tests. */
  readonly now?: () => number;
  /** Added to every request before it is handled, to imitate a remote service. Defaults to 0. */
  readonly latencyMs?: number;
  /**
   * How long a throttling answer of the quota below takes: a distant client waits a round trip for
   * it like for any answer. Defaults to `latencyMs`; 0 answers throttling at once, as a gateway
   * next to the client would.
   */
  readonly throttleLatencyMs?: number;
  /**
   * The account's request quota: a token bucket of `qps` tokens refilled at `qps` per second,
   * over every authenticated call. A call that finds it empty is answered with the gateway's
   * throttling error (HTTP 400, `Throttling.User`) and not carried out. Defaults to no limit.
   */
  readonly qps?: number;
  /** The token of the control routes under /_emulator/. Defaults to a random one, returned as `controlToken`. */
  readonly controlToken?: string;
  /** Called with each request once it is answered (the command line prints a line per request). */
  readonly onRequest?: (request: RequestRecord) => void;
}
