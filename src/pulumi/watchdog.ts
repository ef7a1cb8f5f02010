import * as fs from "node:fs";

/**
 * When the engine is killed (SIGKILL, a CI runner's timeout), the dynamic-provider host's stdout
 * and stderr become broken pipes. The host (@pulumi/pulumi 3.270) turns the EPIPE into an uncaught
 * error that it prints to the same broken pipe, again and again, keeping every error: the orphan
 * spins a core and grows by gigabytes. Nobody can receive our result any more, and the cancels
 * already sent stay in effect, so the host exits on the first broken pipe. Only inside the host.
 */
export function exitWhenEngineGone(isHost = /dynamic-provider/.test(require.main?.filename ?? "")): void {
  if (!isHost || hooked) return;
  hooked = true;
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") process.exit(1);
    });
  // An idle orphan writes nothing, so also watch the engine itself (Linux: the host runs under the
  // `pulumi-resource-pulumi-nodejs` shell wrapper, whose parent is the engine).
  const engine = enginePid();
  if (engine === undefined) return;
  setInterval(() => {
    try {
      process.kill(engine, 0);
    } catch {
      process.exit(1);
    }
  }, 2000).unref();
}
let hooked = false;

function enginePid(): number | undefined {
  const parentOf = (pid: number): number | undefined => {
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ")".
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return undefined;
    }
  };
  try {
    const wrapper = fs.readFileSync(`/proc/${process.ppid}/cmdline`, "utf8");
    const engine = wrapper.includes("pulumi-resource-pulumi-nodejs") ? parentOf(process.ppid) : process.ppid;
    return engine !== undefined && engine > 1 ? engine : undefined;
  } catch {
    return undefined;
  }
}
