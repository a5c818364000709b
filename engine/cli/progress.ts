/** Progress on a TTY (jobs done / total, rate, ETA); silent otherwise. */
export function progressReporter(label: string, stream: Pick<NodeJS.WriteStream, "isTTY" | "write"> = process.stderr): ((done: number, total: number) => void) & { end(): void } {
  const tty = Boolean(stream.isTTY);
  const t0 = performance.now();
  let last = 0;
  let shown = false;
  const fn = ((done: number, total: number) => {
    if (!tty) return;
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    const secs = (now - t0) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? (total - done) / rate : NaN;
    const etaText = Number.isFinite(eta) ? `${eta < 60 ? eta.toFixed(0) + 's' : (eta / 60).toFixed(1) + 'm'}` : '?';
    stream.write(`\r${label}: ${done}/${total} jobs  ${rate.toFixed(1)} jobs/s  ETA ${etaText}   `);
    shown = true;
  }) as ((done: number, total: number) => void) & { end(): void };
  fn.end = () => { if (tty && shown) stream.write('\n'); };
  return fn;
}
