import type { ProgressEvent } from "../wait/progress";

/**
 * Live progress for the CLI: on a terminal, one line per operation redrawn in place with elapsed
 * time and state; otherwise one line per state change.
 */
export class ProgressView {
  private readonly states = new Map<string, string>();
  private readonly started = Date.now();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    names: string[],
    private readonly live: boolean,
  ) {
    for (const n of names) this.states.set(n, "PENDING");
    if (live) {
      this.timer = setInterval(() => this.draw(), 500);
      this.timer.unref();
    }
  }

  event(e: ProgressEvent): void {
    let line: string | undefined;
    if (e.type === "cancel-sent") {
      this.states.set(e.name, "CANCEL_REQUESTED");
      line = `cancel requested ${e.name}`;
    } else if (e.type === "cancel-unsupported") {
      this.states.set(e.name, "CANCEL_UNSUPPORTED (waiting)");
      line = `cancel unsupported ${e.name}`;
    } else if (e.type === "outcome") {
      this.states.set(e.result.name, e.result.outcome);
      line = `${e.result.outcome} ${e.result.name}`;
    } else if (e.type === "retry") {
      line = `retry ${e.retry.call} in ${e.retry.delayMs} ms: ${e.retry.reason}`;
    }
    if (this.live) this.draw();
    else if (line) this.out.write(`[${((Date.now() - this.started) / 1000).toFixed(1)}s] ${line}\n`);
  }

  private draw(): void {
    const elapsed = ((Date.now() - this.started) / 1000).toFixed(1);
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : "";
    for (const [name, state] of this.states)
      text += `\x1b[2K${state.padEnd(28)} ${elapsed.padStart(6)}s  ${name}\n`;
    this.drawn = this.states.size;
    this.out.write(text);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.draw();
  }
}
