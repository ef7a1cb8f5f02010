import type { LocationName } from "./names";

/** How a project segment is written: a project number is all digits, anything else is an id. */
const isNumber = (segment: string): boolean => /^[0-9]+$/.test(segment);

/** `projects/<x>/rest` → `{ project: x, rest }`; other names (organizations, bare ids) → undefined. */
function splitProject(name: string): { project: string; rest: string } | undefined {
  const m = /^projects\/([^/]+)\/(.+)$/.exec(name);
  return m ? { project: m[1] as string, rest: m[2] as string } : undefined;
}

/**
 * Do `wanted` (a name the user wrote) and `seen` (an operation's `metadata.target`, listed under
 * `parent`) name the same resource? Every operation listed under a parent belongs to that parent's
 * project, and Google writes that project as its number or its id, either way round. So when the
 * parts after `projects/<x>/` are equal, the two project segments name the same project if they
 * are equal, or if they are written in different forms and the one written in the parent's form
 * is the parent's own (the other, in the other form, can only be the parent's too). Two different
 * ids, or two different numbers, are two projects.
 */
export function sameTarget(wanted: string, seen: string, parent: LocationName): boolean {
  if (wanted === seen) return true;
  if (parent.kind !== "projects") return false;
  const a = splitProject(wanted);
  const b = splitProject(seen);
  // Equal names were taken above, so equal rests here come with two different project segments.
  if (a === undefined || b === undefined || a.rest !== b.rest) return false;
  if (isNumber(a.project) === isNumber(b.project)) return false;
  const inParentsForm = isNumber(a.project) === isNumber(parent.container) ? a : b;
  return inParentsForm.project === parent.container;
}
