/**
 * Secrets on the provider protocol. The SDK's server tells the engine it accepts secrets, so a
 * secret input arrives as `{ [sig]: secretSig, value }` and a secret output must leave the same way,
 * or the engine stores it in plaintext.
 */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG] === SECRET;
}

/** The plain value of every secret, deeply; the rest as it is. */
export function reveal<T>(v: T): T {
  if (isSecret(v)) return reveal(v.value) as T;
  if (Array.isArray(v)) return v.map(reveal) as T;
  if (typeof v === "object" && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)])) as T;
  return v;
}

export function secret(value: unknown): unknown {
  return isSecret(value) ? value : { [SIG]: SECRET, value };
}

/** Marks `keys` of `props` secret (when present). */
export function sealKeys<T extends Record<string, unknown>>(props: T, keys: readonly string[]): T {
  const out: Record<string, unknown> = { ...props };
  for (const k of keys) if (out[k] !== undefined) out[k] = secret(out[k]);
  return out as T;
}
