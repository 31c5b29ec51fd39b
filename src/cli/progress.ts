/** A one-line progress bar on a terminal stream (nothing when the stream is not a terminal). */

export interface ProgressBar {
  update(phase: string, rows: number, bytes: number, totalBytes: number | undefined): void;
  done(): void;
}

/** Creates a progress bar showing rows, percent of bytes and rows per second. */
export function createProgressBar(stream: NodeJS.WriteStream): ProgressBar {
  const started = Date.now();
  let last = 0;
  let drawn = false;
  const tty = stream.isTTY === true;
  return {
    update(phase, rows, bytes, totalBytes) {
      const now = Date.now();
      if (!tty || now - last < 100) return;
      last = now;
      const pct = totalBytes ? Math.min(100, Math.floor((bytes / totalBytes) * 100)) : undefined;
      const width = 24;
      const filled = pct === undefined ? 0 : Math.round((pct / 100) * width);
      const rate = Math.round(rows / Math.max(0.001, (now - started) / 1000));
      const label = phase === "details" ? "宝贝报表" : "订单";
      stream.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${pct ?? "?"}% ${rows.toLocaleString("en-US")} 行/rows ${rate.toLocaleString("en-US")} 行/s   `,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\n");
    },
  };
}
