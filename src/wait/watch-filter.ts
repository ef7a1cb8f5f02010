/**
 * A watch's filter, checked here as well as by the server: a server that ignores `filter` (or
 * refuses it, so we list without one) must not make a watch cancel operations outside it. The
 * grammar is the AIP-160 subset the operations list is known to take, over the fields of an
 * Operation this package reads; anything else is refused up front, naming the field, because a
 * condition we cannot check ourselves is one a server could silently drop.
 */
import { invalidInput } from "../core/errors";
import type { LocationName } from "../lro/names";
import type { Operation } from "../lro/operation";
import { sameTarget } from "../lro/targets";

/** What a predicate sees: the operation and the parent it was listed under. */
export type OperationPredicate = (op: Operation, parent: LocationName) => boolean;

type Value = string | number | boolean | undefined;
type Token = { kind: "word" | "string" | "op" | "(" | ")"; text: string; pos: number };

/** Fields a watch can check itself, with the shorthands the emulator also takes. */
const FIELDS: Record<string, (op: Operation) => Value> = {
  name: (op) => op.name,
  done: (op) => op.done,
  "metadata.target": (op) => op.metadata?.target,
  target: (op) => op.metadata?.target,
  "metadata.verb": (op) => op.metadata?.verb,
  verb: (op) => op.metadata?.verb,
  "metadata.requestedCancellation": (op) => op.metadata?.requestedCancellation ?? false,
  "error.code": (op) => op.error?.code,
};
const TARGET_FIELDS = new Set(["metadata.target", "target"]);
export const LOCAL_FILTER_FIELDS = Object.keys(FIELDS);

class Compiler {
  private i = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly text: string,
    private readonly field: string,
  ) {
    this.tokens = this.tokenize();
  }

  private fail(rule: string): never {
    throw invalidInput(this.field, rule, this.text);
  }

  private tokenize(): Token[] {
    const out: Token[] = [];
    const s = this.text;
    for (let i = 0; i < s.length;) {
      const c = s.charAt(i);
      const two = s.slice(i, i + 2);
      if (/\s/.test(c)) i++;
      else if (c === "(" || c === ")") out.push({ kind: c, text: c, pos: i++ });
      else if (c === '"' || c === "'") {
        let j = i + 1;
        let text = "";
        for (; j < s.length && s.charAt(j) !== c; j++) {
          if (s.charAt(j) === "\\" && j + 1 < s.length) j++;
          text += s.charAt(j);
        }
        if (j >= s.length) this.fail(`has an unterminated string at position ${i}`);
        out.push({ kind: "string", text, pos: i });
        i = j + 1;
      } else if (["!=", "<=", ">="].includes(two)) {
        out.push({ kind: "op", text: two, pos: i });
        i += 2;
      } else if ("=:<>".includes(c)) out.push({ kind: "op", text: c, pos: i++ });
      else {
        const word = /^[A-Za-z0-9_.\-*/@]+/.exec(s.slice(i))?.[0];
        if (word === undefined) this.fail(`has an unexpected character '${c}' at position ${i}`);
        out.push({ kind: "word", text: word, pos: i });
        i += word.length;
      }
    }
    return out;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private keyword(word: string): boolean {
    const t = this.peek();
    return t?.kind === "word" && t.text === word;
  }

  compile(): OperationPredicate {
    const p = this.expression();
    const extra = this.peek();
    if (extra !== undefined) this.fail(`has an unexpected '${extra.text}' at position ${extra.pos}`);
    return p;
  }

  /** AND of sequences; a sequence is an implicit AND of factors; OR binds tighter (AIP-160). */
  private expression(): OperationPredicate {
    const parts = [this.factor()];
    for (let t = this.peek(); t !== undefined && t.kind !== ")"; t = this.peek()) {
      if (this.keyword("AND")) this.i++;
      parts.push(this.factor());
    }
    return (op, parent) => parts.every((p) => p(op, parent));
  }

  private factor(): OperationPredicate {
    const parts = [this.term()];
    while (this.keyword("OR")) {
      this.i++;
      parts.push(this.term());
    }
    return (op, parent) => parts.some((p) => p(op, parent));
  }

  private term(): OperationPredicate {
    const t = this.peek();
    if (t === undefined) this.fail("ends where a condition was expected");
    if (t.kind === "word" && t.text === "NOT") {
      this.i++;
      const inner = this.term();
      return (op, parent) => !inner(op, parent);
    }
    if (t.kind === "(") {
      this.i++;
      const inner = this.expression();
      if (this.peek()?.kind !== ")") this.fail(`misses the ')' for the '(' at position ${t.pos}`);
      this.i++;
      return inner;
    }
    return this.restriction();
  }

  private restriction(): OperationPredicate {
    const f = this.tokens[this.i++];
    const read = f?.kind === "word" ? FIELDS[f.text] : undefined;
    if (f === undefined || read === undefined) {
      this.fail(
        `uses '${f?.text ?? ""}', which a watch cannot check itself; fields: ${LOCAL_FILTER_FIELDS.join(", ")}`,
      );
    }
    const op = this.tokens[this.i++];
    if (op?.kind !== "op") this.fail(`needs a comparator after '${f.text}'`);
    const v = this.tokens[this.i++];
    if (v === undefined || (v.kind !== "word" && v.kind !== "string"))
      this.fail(`needs a value after '${f.text}${op.text}'`);
    const want = v.text;
    const isTarget = TARGET_FIELDS.has(f.text);
    const equal = (got: Value, parent: LocationName): boolean => {
      if (typeof got === "boolean" || f.text === "done") return String(got ?? false) === want;
      if (typeof got === "number") return String(got) === want;
      const s = got ?? "";
      if (want === "*") return s !== "";
      if (isTarget) return sameTarget(want, s, parent);
      return s === want;
    };
    if (f.text === "done" && want !== "true" && want !== "false")
      this.fail(`compares 'done' with '${want}'; use true or false`);
    switch (op.text) {
      case "=":
      case ":":
        return (o, parent) => equal(read(o), parent);
      case "!=":
        return (o, parent) => !equal(read(o), parent);
      default: {
        if (f.text !== "error.code" || !/^[0-9]+$/.test(want))
          this.fail(`uses '${op.text}', which a watch checks only between error.code and a number`);
        const n = Number(want);
        const cmp = { "<": (a: number) => a < n, "<=": (a: number) => a <= n, ">": (a: number) => a > n };
        const test = cmp[op.text as keyof typeof cmp] ?? ((a: number) => a >= n);
        return (o) => test(Number(read(o) ?? 0));
      }
    }
  }
}

/** Compile a watch's filter; bad or uncheckable filters are ERR_INVALID_INPUT naming `field`. */
export function compileWatchFilter(filter: string, field = "filter"): OperationPredicate {
  if (filter.trim() === "") return () => true;
  return new Compiler(filter, field).compile();
}
