import { systemClock, type Clock } from "../core/clock";
import type { ProgressEvent } from "../wait/progress";

/** How often a terminal's table is redrawn between events. */
export const REDRAW_MILLIS = 500;

/** Calls `fn` every `ms` without keeping the process alive; returns the function that stops it. */
export type Repeat = (ms: number, fn: () => void) => () => void;

/** The real repeat: an unref'd `setInterval`. */
export const unrefInterval: Repeat = (ms, fn) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export interface ProgressDeps {
  /** Elapsed time is read from it. @default the system clock */
  clock?: Pick<Clock, "now">;
  /** The redraw timer of a terminal's table. @default {@link unrefInterval} */
  repeat?: Repeat;
}

/**
 * Live progress for the CLI: on a terminal, one line per operation redrawn in place with elapsed
 * time and state; otherwise one line per state change.
 */
export class ProgressView {
  private readonly states = new Map<string, string>();
  private readonly clock: Pick<Clock, "now">;
  private readonly started: number;
  private drawn = 0;
  private readonly stopTimer: (() => void) | undefined;

  constructor(
    private readonly out: { write(text: string): unknown },
    names: string[],
    private readonly live: boolean,
    deps: ProgressDeps = {},
  ) {
    this.clock = deps.clock ?? systemClock;
    this.started = this.clock.now();
    for (const n of names) this.states.set(n, "PENDING");
    if (live) this.stopTimer = (deps.repeat ?? unrefInterval)(REDRAW_MILLIS, () => this.draw());
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
    else if (line) this.out.write(`[${this.elapsed()}s] ${line}\n`);
  }

  /** Seconds since the view started, one decimal. */
  private elapsed(): string {
    return ((this.clock.now() - this.started) / 1000).toFixed(1);
  }

  private draw(): void {
    const elapsed = this.elapsed();
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : "";
    for (const [name, state] of this.states)
      text += `\x1b[2K${state.padEnd(28)} ${elapsed.padStart(6)}s  ${name}\n`;
    this.drawn = this.states.size;
    this.out.write(text);
  }

  stop(): void {
    this.stopTimer?.();
    if (this.live) this.draw();
  }
}
