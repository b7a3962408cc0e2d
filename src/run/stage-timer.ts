// --verbose: prints each stage of a run with the seconds since the previous one.

/** Returns a function that prints a stage line when `print` is given, and does nothing otherwise. */
export function stageTimer(print: ((line: string) => void) | null): (what: string) => void {
  let last = performance.now();
  return (what) => {
    const now = performance.now();
    print?.(`[${((now - last) / 1000).toFixed(3)} s] ${what}`);
    last = now;
  };
}
