/**
 * An injected clock and sleep: `sleep(ms)` records the wait and moves the clock on at once, so no test waits real
 * seconds for a retry; `waits` holds every wait asked for, in order.
 */
export function fakeTime(start = Date.now()) {
  const waits: number[] = [];
  let t = start;
  return {
    waits,
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
  };
}
