import { expect } from "chai";
import * as sinon from "sinon";
import { adviceFor } from "../../lib/config/settings";
import { nameSet } from "../../lib/model/names";
import { checkInputs } from "../../lib/provider/check";
import { ConnectorLifecycle, declaredInputs } from "../../lib/provider/connector-lifecycle";
import { diffInputs } from "../../lib/provider/diff";
import { decodeState } from "../../lib/provider/state";
import type { ServiceOptions } from "../../lib/service/connector-service";
import { FakeService } from "../support/fake-service";
import { JAR, NAMESPACE, WORKSPACE, connector } from "../support/fixtures";

const jarUrlFailure = (news: Record<string, unknown>, olds: Record<string, unknown>): boolean =>
  checkInputs(news, olds).failures.some((f) => f.property === "jarUrl");

describe("the lifecycle's edges", () => {
  describe("check: who may leave jarUrl out", () => {
    const olds = { workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorNames: ["a", "bc"] };

    it("a resource that keeps its workspace, namespace and names, whether jarUrl is absent, null or empty", () => {
      for (const jarUrl of [undefined, null, ""]) expect(jarUrlFailure({ ...olds, jarUrl }, olds), String(jarUrl)).to.equal(false);
    });

    it("not another set of names, even one whose names run together the same", () => {
      expect(jarUrlFailure({ ...olds, connectorNames: ["ab", "c"] }, olds)).to.equal(true);
    });

    it("not old inputs that name no workspace or no connector (a create has none)", () => {
      expect(jarUrlFailure({ ...olds, workspaceId: "" }, { ...olds, workspaceId: "" })).to.equal(true);
      const nameless = { workspaceId: WORKSPACE, namespaceName: NAMESPACE };
      expect(jarUrlFailure(nameless, nameless)).to.equal(true);
    });

    it("says how to declare several when connectorName is empty", () => {
      const f = checkInputs({ workspaceId: WORKSPACE, namespaceName: NAMESPACE, connectorName: "", jarUrl: JAR }).failures;
      expect(f.map((x) => x.reason).join("\n")).to.match(/connectorName is required: .*; or set connectorNames to every connector/);
    });
  });

  it("names contentVersion as the input at fault when it is too long", () => {
    const f = checkInputs({
      workspaceId: WORKSPACE,
      namespaceName: NAMESPACE,
      connectorName: "a",
      jarUrl: JAR,
      contentVersion: "v".repeat(257),
    }).failures;
    expect(f.map((x) => x.property)).to.deep.equal(["contentVersion"]);
  });

  describe("diff", () => {
    const state = {
      workspaceId: WORKSPACE,
      namespaceName: NAMESPACE,
      connectorName: "a",
      connectorNames: ["a"],
      jarUrl: JAR,
      contentVersion: "",
      connectors: [{ name: "a" }],
    };

    it("takes a contentVersion left out as null for its default", () => {
      expect(diffInputs(state, { ...state, contentVersion: null }).changes).to.equal(false);
    });

    it("leaves the JAR alone when the program declares none", () => {
      expect(diffInputs(state, { ...state, jarUrl: undefined })).to.deep.include({ changes: false, updates: [] });
    });
  });

  describe("read, declared inputs, state bounds", () => {
    const sandbox = sinon.createSandbox();
    afterEach(() => sandbox.restore());

    it("reads a JAR of several by id alone with no single connectorName", async () => {
      const svc = new FakeService(sandbox, []);
      svc.platform = [connector("a"), connector("b")];
      const core = new ConnectorLifecycle({ serviceFor: () => svc, env: () => ({}), log: () => undefined });
      const found = await core.read(`${WORKSPACE}:${NAMESPACE}:a,b`);
      expect(found?.outs).to.deep.include({ connectorName: "", connectorNames: ["a", "b"] });
    });

    it("declares adoptExisting and contentVersion only when they are not their defaults", () => {
      const i = { workspaceId: "w", namespaceName: "n", connectorName: "a", connectorNames: nameSet(["a"]), jarUrl: JAR };
      expect(declaredInputs({ ...i, adoptExisting: true, contentVersion: "v2" })).to.deep.include({
        adoptExisting: true,
        contentVersion: "v2",
      });
      expect(declaredInputs({ ...i, adoptExisting: false, contentVersion: "" })).to.not.have.any.keys("adoptExisting", "contentVersion");
    });

    it("advises in the dynamic provider's keys unless told it is the plugin", async () => {
      const seen: ServiceOptions[] = [];
      const svc = new FakeService(sandbox, []);
      const core = new ConnectorLifecycle({ serviceFor: (o) => (seen.push(o), svc), env: () => ({}), log: () => undefined });
      await core.read(`${WORKSPACE}:${NAMESPACE}:a`);
      expect(seen[0].advice).to.deep.equal(adviceFor("dynamic"));
      const plugin = new ConnectorLifecycle({
        serviceFor: (o) => (seen.push(o), svc),
        env: () => ({}),
        log: () => undefined,
        provider: "plugin",
      });
      await plugin.read(`${WORKSPACE}:${NAMESPACE}:a`);
      expect(seen[1].advice).to.deep.equal(adviceFor("plugin"));
      expect(seen[1].advice).to.not.deep.equal(seen[0].advice);
    });

    it("reads at most 1024 found connectors from a state", () => {
      const huge = { connectorName: "a", connectors: Array.from({ length: 3000 }, (_, i) => ({ name: `c${i}` })) };
      expect(decodeState(huge).found).to.have.length(1024);
    });
  });
});
