import * as sinon from "sinon";
import type { ErrorKind } from "../../lib/errors/classify";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { WriteFailure } from "../../lib/errors/write-failure";
import type { Connector, ConnectorRef, NamespaceRef, TableMeta } from "../../lib/model/connector";
import type { UploadResult } from "../../lib/service/jar-upload";
import type { ConnectorServicePort, DeleteResult, RegisterArgs, RegisterResult } from "../../lib/service/types";
import { WORKSPACE, NAMESPACE, connector } from "./fixtures";

type WriteOperation = "RegisterCustomConnector" | "DeleteCustomConnector";

/** A refusal of the API, of this kind and code (not retryable, nothing changed). */
export const apiError = (kind: ErrorKind, code: string, operation: WriteOperation = "RegisterCustomConnector"): FlinkApiError =>
  new FlinkApiError({
    operation,
    workspaceId: WORKSPACE,
    namespaceName: NAMESPACE,
    code,
    detail: "d",
    kind,
    retryable: false,
    outcomeUnknown: false,
  });

/** A refused write, as the service reports it: nothing was changed. */
export const refusal = (kind: ErrorKind, code: string, operation: WriteOperation = "RegisterCustomConnector"): WriteFailure =>
  new WriteFailure("no", apiError(kind, code, operation), 1);

/**
 * The one in-memory fake of the service port the provider specs share: a platform of
 * connectors, what each JAR registers, and the tables each connector had. Each method is a
 * sinon stub that behaves as the service does over that platform, so a spec scripts a fault
 * with `fake.register.onFirstCall().rejects(...)` and keeps the rest real. Each reads the
 * platform itself, so one stub's call count or script never leaks into another's.
 */
export class FakeService implements ConnectorServicePort {
  /** The connectors on the platform (one namespace: the specs use one). */
  platform: Connector[] = [];
  /** What each JAR registers; a JAR not listed registers `defaultNames`. */
  jars: Record<string, readonly string[]> = {};
  /** The catalog tables created with each connector, reported when it is deleted. */
  tables: Record<string, TableMeta[]> = {};

  readonly list: sinon.SinonStub<[NamespaceRef], Promise<readonly Connector[]>>;
  readonly mayExistAny: sinon.SinonStub<[NamespaceRef, readonly string[]], Promise<Connector[]>>;
  readonly register: sinon.SinonStub<[RegisterArgs], Promise<RegisterResult>>;
  readonly delete: sinon.SinonStub<[ConnectorRef], Promise<DeleteResult>>;
  /** Uploads land at `oss://fake-ws/<fileName>`, with the bytes kept in `uploads`. */
  readonly uploadJar: sinon.SinonStub<[NamespaceRef, string, Buffer], Promise<UploadResult>>;
  uploads: Record<string, Buffer> = {};

  constructor(
    sandbox: sinon.SinonSandbox,
    private readonly defaultNames: readonly string[],
  ) {
    this.list = sandbox.stub<[NamespaceRef], Promise<readonly Connector[]>>().callsFake(async () => [...this.platform]);
    this.mayExistAny = sandbox
      .stub<[NamespaceRef, readonly string[]], Promise<Connector[]>>()
      .callsFake(async (_ref, names) => this.platform.filter((c) => names.includes(c.name)));
    this.register = sandbox.stub<[RegisterArgs], Promise<RegisterResult>>().callsFake(async (a) => {
      const made = (this.jars[a.jarUrl] ?? this.defaultNames).map((n) => connector(n, { modifier: a.jarUrl }));
      // A connector type can be registered once per namespace.
      if (made.some((c) => this.platform.some((p) => p.name === c.name))) throw refusal("conflict", "ConnectorTypeAlreadyExists");
      this.platform.push(...made);
      return { connectors: made, via: "answer", attempts: 1 };
    });
    this.uploadJar = sandbox.stub<[NamespaceRef, string, Buffer], Promise<UploadResult>>().callsFake(async (_ref, fileName, body) => {
      const jarUrl = `oss://fake-ws/${fileName}`;
      this.uploads[jarUrl] = body;
      return { jarUrl, bytes: body.length, puts: 1, existed: false };
    });
    this.delete = sandbox.stub<[ConnectorRef], Promise<DeleteResult>>().callsFake(async (r) => {
      const existed = this.platform.some((c) => c.name === r.connectorName);
      this.platform = this.platform.filter((c) => c.name !== r.connectorName);
      return { existed, tables: this.tables[r.connectorName] ?? [], via: "answer", attempts: 1 };
    });
  }

  /** The names on the platform, sorted. */
  names(): string[] {
    return this.platform.map((c) => c.name).sort();
  }
}
