import * as fs from "node:fs";
import { invalidInput } from "../core/errors";

/** Parse credentials given as JSON contents or as a path to a JSON file. */
export function loadCredentialsJson(value: string, field = "credentials"): Record<string, unknown> {
  const text = value.trimStart().startsWith("{") ? value : readFile(value, field);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message may quote the input, which may be a secret: say only what is wrong.
    throw invalidInput(
      field,
      "is not valid JSON (expected a service account key, authorized_user or external_account file)",
    );
  }
  // A primitive has no `type` property; null has no properties at all.
  if (typeof (json as { type?: unknown } | null)?.type !== "string") {
    throw invalidInput(field, "must be a credentials JSON object with a `type` field");
  }
  checkJsonStrings(json, field);
  return json as Record<string, unknown>;
}

/** PEM keys are the only credential strings that may hold line breaks. */
const MULTILINE_FIELDS = new Set(["private_key"]);
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Refuse control characters in every string of a credentials file (they could only end up in a
 * header, a URL or a form), naming the field but never echoing its value, which may be a secret.
 */
function checkJsonStrings(value: unknown, at: string): void {
  if (typeof value === "string") {
    const key = at.slice(at.lastIndexOf(".") + 1);
    const bad = MULTILINE_FIELDS.has(key) ? CONTROL_BUT_LINE_BREAKS : CONTROL;
    if (bad.test(value)) throw invalidInput(at, "must not contain control characters (CR, LF, …)");
    return;
  }
  // Numbers and booleans have no entries, nor has null once replaced by {}.
  for (const [k, v] of Object.entries(value ?? {}))
    checkJsonStrings(v, Array.isArray(value) ? `${at}[${k}]` : `${at}.${k}`);
}

function readFile(path: string, field: string): string {
  if (path.length > 4096 || CONTROL.test(path)) throw invalidInput(field, "is neither JSON nor a file path");
  try {
    return fs.readFileSync(path, "utf8");
  } catch (cause) {
    const code = (cause as { code?: string }).code ?? "error";
    // Something that is not a path (malformed JSON contents) may hold secrets: echo only path-like values.
    const pathLike = /^[\w ./\\:~+=,@-]{1,512}$/.test(path);
    const err = invalidInput(field, `file could not be read (${code})`, pathLike ? path : undefined);
    // The fs error quotes the path too: keep it as the cause only when the path is shown anyway.
    throw pathLike ? Object.assign(err, { cause }) : err;
  }
}
