import { expect } from "chai";
import * as sinon from "sinon";
import { FlinkApiError } from "../../lib/errors/flink-api-error";
import { WriteFailure } from "../../lib/errors/write-failure";
import { DEFAULT_TIMEOUTS } from "../../lib/client/timeouts";
import { LostAnswers } from "../../lib/service/lost-answers";
import { DEFAULT_RETRY_POLICY } from "../../lib/service/retry-policy";
import {
  advance,
  FRESH,
  settledWrite,
  verdictAfterGivingUp,
  type Event,
  type Ledger,
  type WriteSpec,
} from "../../lib/service/settled-write";

const LOST_UNTIL = 5_000;

describe("the settled write: one skeleton for Register and Delete", () => {
  describe("transitions (each a row)", () => {
    const lost: Ledger = { attempts: 1, lostUntil: LOST_UNTIL, everLost: true };
    const rows: [string, Ledger, Event, Ledger][] = [
      ["a first send counts one request", FRESH, { kind: "sent" }, { attempts: 1, everLost: false }],
      ["a lost answer opens its window and is remembered", { attempts: 1, everLost: false }, { kind: "lost", until: LOST_UNTIL }, lost],
      ["a second lost answer moves the window", lost, { kind: "lost", until: 9_000 }, { attempts: 1, lostUntil: 9_000, everLost: true }],
      [
        "a window that closed with nothing shown is forgotten, the loss is not",
        lost,
        { kind: "window-closed" },
        { attempts: 1, everLost: true },
      ],
      ["a send after a closed window counts", { attempts: 1, everLost: true }, { kind: "sent" }, { attempts: 2, everLost: true }],
    ];
    for (const [what, from, event, to] of rows) {
      it(what, () => expect(advance(from, event)).to.deep.equal(to));
    }

    const verdicts: [string, Ledger, boolean | undefined, string][] = [
      ["no answer lost: nothing changed, without looking", { attempts: 3, everLost: false }, undefined, "no"],
      ["an answer lost, the last look shows the effect: it took effect", { attempts: 2, everLost: true }, true, "took-effect"],
      ["an answer lost, the last look shows nothing: nothing changed", { attempts: 2, everLost: true }, false, "no"],
      ["an answer lost, the last look failed: unknown", { attempts: 2, everLost: true }, undefined, "unknown"],
    ];
    for (const [what, ledger, looked, verdict] of verdicts) {
      it(`gives up: ${what}`, () => expect(verdictAfterGivingUp(ledger, looked)).to.equal(verdict));
    }
  });

  describe("run over scripted answers (fake timers)", () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: 0, toFake: ["setTimeout", "Date"] });
    });
    afterEach(() => clock.restore());

    const apiError = (o: { code: string; kind: FlinkApiError["kind"]; lost?: boolean; retryable?: boolean }) =>
      new FlinkApiError({
        operation: "RegisterCustomConnector",
        workspaceId: "w",
        namespaceName: "n",
        code: o.code,
        detail: "",
        kind: o.kind,
        retryable: o.retryable ?? o.lost === true,
        outcomeUnknown: o.lost === true,
        timedOut: o.lost === true,
      });
    const LOST = apiError({ code: "RequestTimeout", kind: "transient", lost: true });
    const REFUSED = apiError({ code: "InvalidJar", kind: "invalid-input" });

    type Run = { r?: Awaited<ReturnType<typeof settledWrite<string>>>; e?: unknown; lines: string[]; looks: () => number };

    /** A write whose sends answer `answers` in turn (an Error is thrown) and whose look shows `shows(requests sent)`. */
    function run(answers: (string | Error)[], shows: (sent: number) => boolean | Error, extra: Partial<WriteSpec<string>> = {}) {
      const lines: string[] = [];
      let sent = 0;
      let looks = 0;
      const spec: WriteSpec<string> = {
        operation: "RegisterCustomConnector",
        send: async () => {
          const a = answers[sent++];
          if (a instanceof Error) throw a;
          return { value: a, via: "answer" };
        },
        look: async () => {
          looks += 1;
          const s = shows(sent);
          if (s instanceof Error) throw s;
          return s ? "seen" : undefined;
        },
        lostLine: (e) => `lost ${e.code}`,
        ...extra,
      };
      const deps = {
        retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, minDelayMs: 1, maxDelayMs: 1, throttleMinDelayMs: 1 },
        lost: new LostAnswers(
          { timeoutMs: 1000, intervalMs: 100, maxIntervalMs: 100 },
          { ...DEFAULT_TIMEOUTS, registerReadMs: LOST_UNTIL },
        ),
        onRetry: () => undefined,
        log: (l: string) => lines.push(l),
      };
      return settledWrite(deps, spec).then(
        (r): Run => ({ r, lines, looks: () => looks }),
        (e: unknown): Run => ({ e, lines, looks: () => looks }),
      );
    }
    const settle = async <T>(p: Promise<T>): Promise<T> => {
      await clock.runAllAsync();
      return p;
    };

    it("takes the first answer, with no look", async () => {
      const o = await settle(run(["ok"], () => false));
      expect(o).to.deep.include({ r: { value: "ok", via: "answer", attempts: 1 } });
      expect(o.looks()).to.equal(0);
    });

    it("after a lost answer, looks before sending again, and takes what the look shows (never sends twice)", async () => {
      const o = await settle(run([LOST, "never"], () => true));
      expect(o).to.deep.include({ r: { value: "seen", via: "list", attempts: 1 } });
      expect(o.lines).to.deep.equal(["lost RequestTimeout"]);
    });

    it("sends again only once the lost request's window closed with nothing shown", async () => {
      const o = await settle(run([LOST, "ok"], () => false));
      expect(o).to.deep.include({ r: { value: "ok", via: "answer", attempts: 2 } });
      expect(o.looks()).to.be.greaterThan(1);
    });

    it("a look that fails before sending again is unknown, at once", async () => {
      const o = await settle(run([LOST, "ok"], () => new Error("List down")));
      expect(WriteFailure.isInstance(o.e) && o.e.applied).to.equal("unknown");
    });

    it("refused with no answer lost: nothing changed, no look", async () => {
      const o = await settle(run([REFUSED], () => true));
      expect(WriteFailure.isInstance(o.e) && [o.e.applied, o.e.attempts]).to.deep.equal(["no", 1]);
      expect(o.looks()).to.equal(0);
    });

    it("refused after a lost answer (our own request may be what conflicts): the last look decides", async () => {
      const o = await settle(run([LOST, REFUSED], (sent) => sent === 2));
      expect(o).to.deep.include({ r: { value: "seen", via: "list", attempts: 2 } });
    });

    it("refused after a lost answer, the last look failing: unknown", async () => {
      const o = await settle(run([LOST, REFUSED], (sent) => (sent === 2 ? new Error("List down") : false)));
      expect(WriteFailure.isInstance(o.e) && o.e.applied).to.equal("unknown");
    });

    it("a rescue reads a refusal by looking before the verdict", async () => {
      const odd = apiError({ code: "Weird", kind: "unknown" });
      const gone = await settle(run([odd], () => false, { rescue: async () => ({ value: "gone", via: "list" }) }));
      expect(gone).to.deep.include({ r: { value: "gone", via: "list", attempts: 1 } });
      const cannot = await settle(run([odd], () => false, { rescue: async () => "unknown" }));
      expect(WriteFailure.isInstance(cannot.e) && cannot.e.applied).to.equal("unknown");
    });

    it("tells the write of each lost answer, with its window", async () => {
      const seen: number[] = [];
      await settle(run([LOST, "ok"], () => false, { onLost: (u) => seen.push(u) }));
      expect(seen).to.deep.equal([LOST_UNTIL]);
    });
  });
});
