// Progress of a long preparation step (image generation) on stderr: one updating line on a terminal, sparse lines otherwise.

export interface ProgressLine {
  update(what: string, done: number, total: number): void;
  /** Ends the line (a newline on a terminal when something was drawn). */
  done(): void;
}

export function progressLine(print: (line: string) => void, stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const tty = stream.isTTY === true;
  let drawn = false;
  let lastPrinted = 0;
  let lastTenth = -1;
  return {
    update(what, done, total) {
      const now = performance.now();
      const text = `${what}: ${done}/${total}`;
      if (tty) {
        // At most ~10 redraws a second, and always the final one.
        if (done < total && now - lastPrinted < 100) return;
        stream.write(`\r${text}\u001b[K`);
        drawn = true;
      } else {
        const tenth = Math.floor((done / Math.max(total, 1)) * 10);
        if (tenth === lastTenth && done < total) return;
        lastTenth = tenth;
        print(text);
      }
      lastPrinted = now;
    },
    done() {
      if (tty && drawn) stream.write('\n');
      drawn = false;
    },
  };
}
