import type { OperationsClient } from "../client/operations-client";
import { invalidInput } from "../core/errors";
import type { CliIO } from "./run";

/** `get NAME` and `list PARENT [--pending] [--filter F]`: one operation's state, or a parent's operations. */
export async function inspect(
  client: OperationsClient,
  io: CliIO,
  command: "get" | "list",
  positionals: string[],
  values: Record<string, unknown>,
): Promise<number> {
  const json = values["json"] === true;
  if (positionals.length !== 1) {
    throw invalidInput(command === "get" ? "NAME" : "PARENT", `${command} takes exactly one`);
  }
  if (command === "get") {
    const op = await client.get(client.name(positionals[0]!));
    io.stdout.write(
      json
        ? `${JSON.stringify(op)}\n`
        : `${op.name}  ${op.done ? (op.error ? `DONE error ${op.error.code}: ${op.error.message}` : "DONE response") : "PENDING"}\n`,
    );
    return 0;
  }
  const filters = [
    values["pending"] === true ? "done=false" : "",
    typeof values["filter"] === "string" ? `(${values["filter"]})` : "",
  ].filter(Boolean);
  const { operations } = await client.listAll(
    client.parent(positionals[0]!),
    filters.length ? { filter: filters.join(" AND ") } : {},
  );
  if (json) io.stdout.write(`${JSON.stringify(operations)}\n`);
  else
    for (const op of operations)
      io.stdout.write(
        `${op.done ? "DONE   " : "PENDING"} ${op.name}${op.metadata?.verb ? `  ${op.metadata.verb}` : ""}${op.metadata?.target ? ` ${op.metadata.target}` : ""}\n`,
      );
  return 0;
}
