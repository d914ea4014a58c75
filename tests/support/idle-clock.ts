import * as sinon from "sinon";

/**
 * Fake timers that move only when nothing else can: whenever the event loop is idle (every
 * promise settled), the clock jumps to the next timer. A spec written against real waits (a
 * lost answer's window, a List batch, a poll) then runs in no real time and in one order every
 * run: nothing races a real timer. The specs' stubbed API answers in microtasks, never on I/O.
 */
export function idleClock(): { clock: sinon.SinonFakeTimers; restore: () => void } {
  const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  let running = true;
  const pump = (): void => {
    if (!running) return;
    if (clock.countTimers() > 0) clock.next();
    setImmediate(pump);
  };
  setImmediate(pump);
  return {
    clock,
    restore: () => {
      running = false;
      clock.restore();
    },
  };
}
