/**
 * At most `limit` tasks at once; the others wait in arrival order. bcrypt runs in libuv's thread
 * pool, which has four threads whatever the machine: on two cores, four hashes at once leave the
 * event loop a third of a core, and every request of the app waits behind them (DESIGN §4). The
 * gate keeps a core for the event loop. Unknown-account logins (the dummy compare) pass the same
 * gate, so waiting in it tells nothing about an account.
 *
 * @example
 * const gate = hashGate(1);
 * const hash = await gate.run(() => bcrypt.hash(input, 11));
 */
export function hashGate(limit: number): { run<T>(task: () => Promise<T>): Promise<T> } {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    run(task) {
      let turn: Promise<void>;
      if (running < limit) {
        running += 1;
        turn = Promise.resolve();
      } else {
        // A freed slot passes straight to this waiter (`running` unchanged): no overtaking.
        turn = new Promise<void>((resolve) => waiting.push(resolve));
      }
      return turn.then(task).finally(release);
    },
  };
}
