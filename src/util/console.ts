// Where a command writes: results on stdout, everything else on stderr; tests and sweeps pass their own.

export interface Console {
  out(line: string): void;
  err(line: string): void;
}

/** The process's own output: results on stdout, everything else on stderr. */
export const stdio: Console = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
