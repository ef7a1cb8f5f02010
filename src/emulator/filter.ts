import { ApiError } from "./api-error";

/** What a filter can see of an operation. */
export interface FilterView {
  readonly name: string;
  readonly done: boolean;
  readonly target: string;
  readonly verb: string;
}

export type FilterPredicate = (view: FilterView) => boolean;

type Token = { type: "word" | "string" | "op" | "lparen" | "rparen"; text: string; pos: number };

const FIELDS: Record<string, keyof FilterView> = {
  done: "done",
  name: "name",
  target: "target",
  verb: "verb",
  "metadata.target": "target",
  "metadata.verb": "verb",
};

function filterError(message: string): ApiError {
  return new ApiError("INVALID_ARGUMENT", `Invalid filter: ${message}`, "INVALID_FILTER", {
    field: "filter",
  });
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ type: c === "(" ? "lparen" : "rparen", text: c, pos: i++ });
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = "";
      while (j < input.length && input.charAt(j) !== c) {
        if (input.charAt(j) === "\\" && j + 1 < input.length) j++;
        text += input.charAt(j++);
      }
      if (j >= input.length) throw filterError(`unterminated string starting at position ${i}`);
      tokens.push({ type: "string", text, pos: i });
      i = j + 1;
    } else if (input.startsWith("!=", i) || input.startsWith("<=", i) || input.startsWith(">=", i)) {
      tokens.push({ type: "op", text: input.slice(i, i + 2), pos: i });
      i += 2;
    } else if ("=:<>".includes(c)) {
      tokens.push({ type: "op", text: c, pos: i++ });
    } else if (/[A-Za-z0-9_.\-*/@]/.test(c)) {
      const m = /^[A-Za-z0-9_.\-*/@]+/.exec(input.slice(i));
      const text = m?.[0] ?? c;
      tokens.push({ type: "word", text, pos: i });
      i += text.length;
    } else {
      throw filterError(`unexpected character '${c}' at position ${i}`);
    }
  }
  return tokens;
}

/** Recursive-descent parser for the AIP-160 subset (OR binds tighter than AND, as AIP-160 says). */
class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterPredicate {
    const expr = this.expression();
    const extra = this.peek();
    if (extra !== undefined) throw filterError(`unexpected '${extra.text}' at position ${extra.pos}`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t?.type === "word" && t.text === word;
  }

  private expression(): FilterPredicate {
    const parts = [this.sequence()];
    while (this.isKeyword("AND")) {
      this.i++;
      parts.push(this.sequence());
    }
    return (v) => parts.every((p) => p(v));
  }

  private sequence(): FilterPredicate {
    const parts = [this.factor()];
    for (
      let t = this.peek();
      t !== undefined && t.type !== "rparen" && !this.isKeyword("AND");
      t = this.peek()
    ) {
      parts.push(this.factor());
    }
    return (v) => parts.every((p) => p(v));
  }

  private factor(): FilterPredicate {
    const parts = [this.term()];
    while (this.isKeyword("OR")) {
      this.i++;
      parts.push(this.term());
    }
    return (v) => parts.some((p) => p(v));
  }

  private term(): FilterPredicate {
    if (this.isKeyword("NOT")) {
      this.i++;
      const inner = this.simple();
      return (v) => !inner(v);
    }
    return this.simple();
  }

  private simple(): FilterPredicate {
    const t = this.peek();
    if (t === undefined) throw filterError("unexpected end of filter");
    if (t.type === "lparen") {
      this.i++;
      const inner = this.expression();
      if (this.peek()?.type !== "rparen") throw filterError(`missing ')' for '(' at position ${t.pos}`);
      this.i++;
      return inner;
    }
    return this.restriction();
  }

  private restriction(): FilterPredicate {
    const fieldTok = this.tokens[this.i++];
    if (fieldTok === undefined || fieldTok.type !== "word" || ["AND", "OR", "NOT"].includes(fieldTok.text)) {
      throw filterError(`expected a field name at position ${fieldTok?.pos ?? "end"}`);
    }
    const field = FIELDS[fieldTok.text];
    if (field === undefined) {
      throw filterError(
        `unknown field '${fieldTok.text}'; supported fields are done, metadata.target, metadata.verb, target, verb, name`,
      );
    }
    const opTok = this.tokens[this.i++];
    if (opTok === undefined || opTok.type !== "op") {
      throw filterError(`expected a comparator after '${fieldTok.text}' (bare values are not supported)`);
    }
    if (!["=", ":", "!="].includes(opTok.text)) {
      throw filterError(`comparator '${opTok.text}' is not supported for '${fieldTok.text}'; use =, != or :`);
    }
    const valTok = this.tokens[this.i++];
    if (valTok === undefined || (valTok.type !== "word" && valTok.type !== "string")) {
      throw filterError(`expected a value after '${fieldTok.text}${opTok.text}'`);
    }
    const negate = opTok.text === "!=";
    if (field === "done") {
      if (valTok.type !== "word" || !["true", "false"].includes(valTok.text)) {
        throw filterError(`'done' must be compared with true or false, not '${valTok.text}'`);
      }
      const want = valTok.text === "true";
      return (v) => (v.done === want) !== negate;
    }
    const want = valTok.text;
    return (v) => (v[field] === want) !== negate;
  }
}

/** Compile an AIP-160 filter (subset) to a predicate; an empty filter matches everything. */
export function compileFilter(filter: string | null): FilterPredicate {
  if (filter === null || filter.trim() === "") return () => true;
  if (filter.length > 2048) throw filterError("longer than 2048 characters");
  return new Parser(tokenize(filter)).parse();
}
