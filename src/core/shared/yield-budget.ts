/**
 * Awaited once per item of a long loop: resolves at once while the current slice of CPU time lasts,
 * otherwise lets the event loop take a turn first (sockets are read, timers and other work run) and
 * starts a new slice. Whatever the loop reads from shared state may have changed after a real yield.
 */
export type Tick = () => Promise<void>;

/** Returned while the slice lasts; awaiting an existing native promise allocates nothing. */
const GOING_ON: Promise<void> = Promise.resolve();

/**
 * A tick for one long piece of work that gives the event loop a turn every `budgetMs` milliseconds of
 * its running. A resolved promise is not a yield (microtasks run before any I/O); the turn is taken with
 * `setImmediate`, a macrotask that runs after the poll phase has read the sockets that are ready.
 */
export function yieldEvery(budgetMs = 4): Tick {
  let sliceEndsAt = performance.now() + budgetMs;
  const resume = (done: () => void): void => {
    sliceEndsAt = performance.now() + budgetMs;
    done();
  };
  const wait = (done: () => void): void => {
    setImmediate(resume, done);
  };
  return () => (performance.now() < sliceEndsAt ? GOING_ON : new Promise<void>(wait));
}

/** Resolves after the event loop has taken a turn (a `setImmediate` macrotask), whatever the time spent so far. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((done) => setImmediate(done));
}
