/** The key of an explained survivor: file, mutator, the original source text and the replacement. */
export function survivorKey(file: string, mutator: string, original: string, replacement: string): string {
  return `${file} | ${mutator} | ${original} | ${replacement}`;
}

/** One folder's explained survivors, keyed by `survivorKey`. */
export type Explained = Readonly<Record<string, string>>;
