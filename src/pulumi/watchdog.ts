import * as fs from "node:fs";

/** What the watchdog touches of the process and the system (unit tests pass fakes). */
export interface WatchdogDeps {
  /** The streams whose broken pipe means nobody reads us any more. */
  readonly streams: ReadonlyArray<Pick<NodeJS.EventEmitter, "on">>;
  readonly exit: (code: number) => void;
  /** Throws when process `pid` does not exist (`process.kill(pid, 0)`). */
  readonly probe: (pid: number) => void;
  /** A file's text (`/proc` entries). */
  readonly readFile: (file: string) => string;
  /** This process's parent, read when asked. */
  readonly ppid: () => number;
  /** Runs `fn` every `ms` without keeping the process alive. */
  readonly every: (ms: number, fn: () => void) => unknown;
}

/** The real process. */
export const hostWatchdog: WatchdogDeps = {
  streams: [process.stdout, process.stderr],
  exit: (code) => process.exit(code),
  probe: (pid) => process.kill(pid, 0),
  readFile: (file) => fs.readFileSync(file, "utf8"),
  ppid: () => process.ppid,
  every: (ms, fn) => setInterval(fn, ms).unref(),
};

/**
 * When the engine is killed (SIGKILL, a CI runner's timeout), the dynamic-provider host's stdout
 * and stderr become broken pipes. The host (@pulumi/pulumi 3.270) turns the EPIPE into an uncaught
 * error that it prints to the same broken pipe, again and again, keeping every error: the orphan
 * spins a core and grows by gigabytes. Nobody can receive our result any more, and the cancels
 * already sent stay in effect, so the host exits on the first broken pipe. Only inside the host.
 */
export function exitWhenEngineGone(
  isHost = /dynamic-provider/.test(require.main?.filename ?? ""),
  deps: WatchdogDeps = hostWatchdog,
): void {
  if (!isHost || hooked) return;
  hooked = true;
  for (const stream of deps.streams)
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") deps.exit(1);
    });
  // An idle orphan writes nothing, so also watch the engine itself (Linux: the host runs under the
  // `pulumi-resource-pulumi-nodejs` shell wrapper, whose parent is the engine).
  const engine = enginePid(deps);
  if (engine === undefined) return;
  deps.every(2000, () => {
    try {
      deps.probe(engine);
    } catch {
      deps.exit(1);
    }
  });
}
let hooked = false;

/** The engine's process id: the parent, or the wrapper's parent under the shell wrapper. */
export function enginePid(deps: WatchdogDeps): number | undefined {
  // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ")".
  const parentOf = (pid: number): number => {
    const stat = deps.readFile(`/proc/${pid}/stat`);
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  };
  try {
    const ppid = deps.ppid();
    const wrapper = deps.readFile(`/proc/${ppid}/cmdline`);
    const engine = wrapper.includes("pulumi-resource-pulumi-nodejs") ? parentOf(ppid) : ppid;
    // Not init (an orphan's parent), and a number (a stat line that could not be read as one).
    return engine > 1 ? engine : undefined;
  } catch {
    return undefined;
  }
}
