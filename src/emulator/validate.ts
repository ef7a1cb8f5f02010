import { invalidArgument } from "./api-error";

/** A JSON object from a request body, with field-level readers that throw 400 naming the field. */
export class Fields {
  constructor(
    private readonly obj: Record<string, unknown>,
    private readonly prefix = "",
  ) {}

  static of(body: unknown, what: string): Fields {
    if (body === undefined) return new Fields({});
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw invalidArgument(what, "request body must be a JSON object");
    }
    return new Fields(body as Record<string, unknown>);
  }

  /** Reject fields outside `allowed`. */
  only(allowed: readonly string[]): this {
    for (const key of Object.keys(this.obj)) {
      if (!allowed.includes(key)) throw invalidArgument(this.prefix + key, "unknown field");
    }
    return this;
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  int(key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw invalidArgument(this.prefix + key, `must be an integer between ${min} and ${max}`);
    }
    return v;
  }

  num(key: string, min: number, max: number): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
      throw invalidArgument(this.prefix + key, `must be a number between ${min} and ${max}`);
    }
    return v;
  }

  str(key: string, pattern?: RegExp): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw invalidArgument(this.prefix + key, "must be a string");
    if (pattern !== undefined && !pattern.test(v)) {
      throw invalidArgument(this.prefix + key, `"${v}" must match ${pattern.source}`);
    }
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
      throw invalidArgument(this.prefix + key, `must be one of ${values.join(", ")}`);
    }
    return v as T;
  }

  bool(key: string): boolean | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") throw invalidArgument(this.prefix + key, "must be true or false");
    return v;
  }

  object(key: string): Record<string, unknown> | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v))
      throw invalidArgument(this.prefix + key, "must be a JSON object");
    return v as Record<string, unknown>;
  }

  nested(key: string): Fields | undefined {
    const v = this.object(key);
    return v === undefined ? undefined : new Fields(v, `${this.prefix}${key}.`);
  }
}
