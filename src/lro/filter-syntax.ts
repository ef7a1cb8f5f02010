/**
 * The AIP-160 filter subset, tokenized and parsed once for both readers: the emulator's list
 * (emulator/filter.ts) and a watch's local check (wait/watch-filter.ts). Grammar:
 *
 *   filter      = expression
 *   expression  = factor { [ "AND" ] factor }      (a bare sequence is an AND too)
 *   factor      = term { "OR" term }               (OR binds tighter than AND, as AIP-160 says)
 *   term        = [ "NOT" ] simple                 (or "NOT" term, where `notOfNot` allows it)
 *   simple      = "(" expression ")" | restriction
 *   restriction = field comparator value           (field: a word; value: a word or a string)
 *
 * What a field means, which comparators and values it takes, and every error message belong to
 * the reader: it passes a `FilterGrammar`, called as each restriction is read, left to right, so
 * the first problem in the text is the one reported.
 */

export type TokenKind = "word" | "string" | "op" | "(" | ")";
export interface Token {
  readonly kind: TokenKind;
  /** A string's text is its content, unquoted and unescaped. */
  readonly text: string;
  readonly pos: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set(["AND", "OR", "NOT"]);
const WORD = /[A-Za-z0-9_.\-*/@]+/y;
export type Comparator = "=" | "!=" | ":" | "<" | "<=" | ">" | ">=";

/** What is wrong with the text, for the reader to phrase. */
export type SyntaxProblem =
  | { readonly kind: "unterminated"; readonly pos: number }
  | { readonly kind: "character"; readonly char: string; readonly pos: number }
  | { readonly kind: "end" }
  | { readonly kind: "unclosed"; readonly pos: number }
  | { readonly kind: "trailing"; readonly token: Token }
  | { readonly kind: "field"; readonly token: Token }
  | { readonly kind: "comparator"; readonly field: Token }
  | { readonly kind: "value"; readonly field: Token; readonly op: Comparator };

export interface Restriction<F> {
  /** What `grammar.field` made of the field's name. */
  readonly field: F;
  readonly name: Token;
  readonly op: Comparator;
  readonly value: Token;
}

export interface FilterGrammar<F, L> {
  /** Throws the reader's error for a syntax problem. */
  fail(problem: SyntaxProblem): never;
  /** A field name (a word, not a keyword) → what the reader knows of it; throws if unknown. */
  field(name: Token): F;
  /** Called between the comparator and the value, for readers that refuse comparators first. */
  comparator?(field: F, name: Token, op: Comparator): void;
  /** A whole restriction → the leaf of the tree; throws if the reader refuses it. */
  restriction(r: Restriction<F>): L;
  /** May NOT apply to a NOT (`NOT NOT a`)? AIP-160 says no; watches have always said yes. */
  readonly notOfNot?: boolean;
}

export type FilterNode<L> =
  | { readonly kind: "and" | "or"; readonly parts: readonly FilterNode<L>[] }
  | { readonly kind: "not"; readonly inner: FilterNode<L> }
  | { readonly kind: "leaf"; readonly leaf: L };

export function tokenize(s: string, fail: (p: SyntaxProblem) => never): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < s.length;) {
    const c = s.charAt(i);
    const two = s.slice(i, i + 2);
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")") out.push({ kind: c, text: c, pos: i++ });
    else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = "";
      for (; j < s.length && s.charAt(j) !== c; j++) {
        // A backslash takes the next character as it is; one at the very end reads past it, and
        // the string is unterminated all the same.
        if (s.charAt(j) === "\\") j++;
        text += s.charAt(j);
      }
      if (j >= s.length) fail({ kind: "unterminated", pos: i });
      out.push({ kind: "string", text, pos: i });
      i = j + 1;
    } else if (two === "!=" || two === "<=" || two === ">=") {
      out.push({ kind: "op", text: two, pos: i });
      i += 2;
    } else if ("=:<>".includes(c)) out.push({ kind: "op", text: c, pos: i++ });
    else {
      WORD.lastIndex = i;
      const word = WORD.exec(s)?.[0];
      if (word === undefined) fail({ kind: "character", char: c, pos: i });
      out.push({ kind: "word", text: word, pos: i });
      i += word.length;
    }
  }
  return out;
}

/** Parse `text` (non-empty; readers decide what an empty filter means) into a tree of leaves. */
export function parseFilter<F, L>(text: string, grammar: FilterGrammar<F, L>): FilterNode<L> {
  const fail: (p: SyntaxProblem) => never = (p) => grammar.fail(p);
  const tokens = tokenize(text, fail);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const keyword = (word: string): boolean => {
    const t = peek();
    return t?.kind === "word" && t.text === word;
  };
  const node = (kind: "and" | "or", parts: FilterNode<L>[]): FilterNode<L> =>
    parts.length === 1 ? (parts[0] as FilterNode<L>) : { kind, parts };

  function expression(): FilterNode<L> {
    const parts = [factor()];
    for (let t = peek(); t !== undefined && t.kind !== ")"; t = peek()) {
      if (keyword("AND")) i++;
      parts.push(factor());
    }
    return node("and", parts);
  }
  function factor(): FilterNode<L> {
    const parts = [term()];
    while (keyword("OR")) {
      i++;
      parts.push(term());
    }
    return node("or", parts);
  }
  function term(): FilterNode<L> {
    if (!keyword("NOT")) return simple();
    i++;
    return { kind: "not", inner: grammar.notOfNot === true ? term() : simple() };
  }
  function simple(): FilterNode<L> {
    const t = peek();
    if (t === undefined) return fail({ kind: "end" });
    if (t.kind !== "(") return { kind: "leaf", leaf: restriction(t) };
    i++;
    const inner = expression();
    if (peek()?.kind !== ")") fail({ kind: "unclosed", pos: t.pos });
    i++;
    return inner;
  }
  function restriction(name: Token): L {
    i++;
    if (name.kind !== "word" || KEYWORDS.has(name.text)) fail({ kind: "field", token: name });
    const field = grammar.field(name);
    const op = tokens[i++];
    if (op?.kind !== "op") return fail({ kind: "comparator", field: name });
    const comparator = op.text as Comparator;
    grammar.comparator?.(field, name, comparator);
    const value = tokens[i++];
    if (value === undefined || (value.kind !== "word" && value.kind !== "string"))
      fail({ kind: "value", field: name, op: comparator });
    return grammar.restriction({ field, name, op: comparator, value });
  }

  const tree = expression();
  const extra = peek();
  if (extra !== undefined) fail({ kind: "trailing", token: extra });
  return tree;
}

/** A tree whose leaves are predicates → one predicate (AND every, OR some, NOT negates). */
export function toPredicate<A extends unknown[]>(
  tree: FilterNode<(...args: A) => boolean>,
): (...args: A) => boolean {
  switch (tree.kind) {
    case "leaf":
      return tree.leaf;
    case "not": {
      const inner = toPredicate(tree.inner);
      return (...args) => !inner(...args);
    }
    default: {
      const parts = tree.parts.map((p) => toPredicate(p));
      return tree.kind === "and"
        ? (...args) => parts.every((p) => p(...args))
        : (...args) => parts.some((p) => p(...args));
    }
  }
}
