/**
 * The package as users install it: `npm pack` of this checkout, then `npm install` of that tarball
 * into a project's `node_modules`, as an ordinary dependency. The demo and every end-to-end test of
 * the dynamic resource run their Pulumi programs this way, never through a symlink, a `file:` link to
 * a folder or the checkout itself (issue 20: a link hid a bug that broke every registry install).
 *
 * - `packTarball()` packs once per test run: `npm test` packs before the tests and passes the path in
 *   BCOPS_TARBALL; a test file run alone packs for itself.
 * - `installedRoot()` installs the tarball (and the program's own dependencies, at the versions this
 *   repository pins) once per tarball, into a folder keyed by the tarball's hash; a file lock makes
 *   concurrent test files wait for one install.
 * - `userProject()` makes a fresh Pulumi project folder inside that root. Node resolves
 *   `beyondcorp-ops` from there by walking up to the root's `node_modules`, where npm extracted the
 *   tarball: real files, the package's `exports` map in force, the path under `node_modules`.
 *
 * Run as a script (`node .build/scripts/installed-package.js`), it packs and installs, then prints
 * `BCOPS_TARBALL=<path>`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};

/**
 * What a program beside the package installs, at the versions this repository pins and tests with:
 * `@pulumi/pulumi` (the peer dependency), and for TypeScript what `pulumi new typescript` adds.
 */
export const PROGRAM_DEPENDENCIES: Readonly<Record<string, string>> = Object.fromEntries(
  ["@pulumi/pulumi", "typescript", "@types/node"].map((d) => [d, pkg.devDependencies[d]!]),
);

/** The packed tarball of this checkout (its dist/ must be built: `npm test` and bootstrap build it). */
export function packTarball(): string {
  const given = process.env["BCOPS_TARBALL"];
  if (given && existsSync(given)) return given;
  const dir = mkdtempSync(path.join(tmpdir(), "bcops-pack-"));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  const tarball = path.join(dir, filename);
  process.env["BCOPS_TARBALL"] = tarball; // this process packs once
  return tarball;
}

/**
 * A folder whose `node_modules` holds the package installed from `tarball` by npm, plus any `extra`
 * tarballs (the Node.js SDK of a release) and PROGRAM_DEPENDENCIES. Installed once per content;
 * later calls (and other processes) reuse it.
 */
export function installedRoot(tarball = packTarball(), extra: readonly string[] = []): string {
  const tarballs = [tarball, ...extra];
  const h = createHash("sha256");
  for (const t of tarballs) h.update(readFileSync(t));
  const key = h.update(JSON.stringify(PROGRAM_DEPENDENCIES)).digest("hex").slice(0, 16);
  const root = path.join(tmpdir(), `bcops-installed-${key}`);
  const done = path.join(root, ".installed");
  if (existsSync(done)) return root;
  mkdirSync(root, { recursive: true });
  // One installer at a time (test files run in parallel); the others wait, then find it done.
  // sh -c SCRIPT sh N TARBALL... DEPENDENCY...: each tarball copied in and installed as ./<name>.
  const script = `set -eu
    [ -f .installed ] && exit 0
    n="$1"; shift
    i=0; for t in "$@"; do
      [ "$i" -lt "$n" ] || break
      cp "$t" .; set -- "$@" "./$(basename "$t")"; i=$((i + 1))
    done
    shift "$n"
    printf '{"name":"bcops-user-project","private":true}' > package.json
    npm install --no-audit --no-fund --prefer-offline --loglevel=error "$@" >&2
    touch .installed`;
  const deps = Object.entries(PROGRAM_DEPENDENCIES).map(([d, v]) => `${d}@${v}`);
  const r = spawnSync(
    "flock",
    [path.join(root, ".lock"), "sh", "-c", script, "sh", String(tarballs.length), ...tarballs, ...deps],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (r.status !== 0)
    throw new Error(`installing ${tarballs.join(", ")} into ${root} failed (exit ${r.status})`);
  return root;
}

/** A program's files, by name relative to its folder. */
export type ProgramFiles = Readonly<Record<string, string>>;

/** `pulumi new typescript`'s tsconfig.json, for the named entry file. */
export function newTypescriptTsconfig(main = "index.ts"): string {
  return JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
      },
      files: [main],
    },
    null,
    2,
  );
}

/**
 * A new project folder inside the installed root, holding `files` (a `Pulumi.yaml` at least). The
 * package resolves from it to the tarball's installed copy; `assertInstalled` checks that it does.
 */
export function userProject(prefix: string, files: ProgramFiles, root = installedRoot()): string {
  const dir = mkdtempSync(path.join(root, `${prefix}-`));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  assertInstalled(dir);
  return dir;
}

/** Is `dir` a project folder made by userProject (and so the caller's to remove)? */
export function isUserProject(dir: string): boolean {
  const parent = path.dirname(dir);
  return (
    /^bcops-installed-[0-9a-f]{16}$/.test(path.basename(parent)) &&
    existsSync(path.join(parent, ".installed"))
  );
}

/**
 * The package that a program in `dir` loads is a real install: under `node_modules`, not a link
 * into this checkout. Throws otherwise.
 */
export function assertInstalled(dir: string): void {
  let found: string;
  try {
    // As the program's own modules resolve it (require.resolve's `paths` would try this file's
    // package first: a self-reference to the checkout).
    found = createRequire(path.join(dir, "index.js")).resolve(`${pkg.name}/package.json`);
  } catch (err) {
    throw new Error(`${pkg.name} is not installed where ${dir} can load it`, { cause: err });
  }
  const real = realpathSync(path.dirname(found));
  const rel = path.relative(ROOT, real);
  if (!rel.startsWith("..") && !path.isAbsolute(rel))
    throw new Error(`${dir} loads ${pkg.name} from the checkout (${real}), not from an installed tarball`);
  if (real !== path.dirname(found) || !real.split(path.sep).includes("node_modules"))
    throw new Error(`${dir} loads ${pkg.name} through a link or from outside node_modules (${found})`);
}

/**
 * A TypeScript program's project as `pulumi new typescript` lays it out (Pulumi.yaml, package.json
 * with the program's dependencies, tsconfig.json, index.ts), inside the installed root.
 */
export function typescriptProject(
  prefix: string,
  project: string,
  indexTs: string,
  extra: ProgramFiles = {},
  root = installedRoot(),
): string {
  return userProject(
    prefix,
    {
      "Pulumi.yaml": `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`,
      "package.json": JSON.stringify(
        {
          name: project,
          main: "index.ts",
          dependencies: { "@pulumi/pulumi": PROGRAM_DEPENDENCIES["@pulumi/pulumi"], [pkg.name]: pkg.version },
          devDependencies: {
            typescript: PROGRAM_DEPENDENCIES["typescript"],
            "@types/node": PROGRAM_DEPENDENCIES["@types/node"],
          },
        },
        null,
        2,
      ),
      "tsconfig.json": newTypescriptTsconfig(),
      "index.ts": indexTs,
      ...extra,
    },
    root,
  );
}

/** The teardown demo's program (examples/teardown-demo), as a user's TypeScript project. */
export function demoProject(prefix: string): string {
  return typescriptProject(
    prefix,
    "beyondcorp-demo",
    readFileSync(path.join(ROOT, "examples/teardown-demo/index.ts"), "utf8"),
  );
}

if (require.main === module) {
  const tarball = packTarball();
  const root = installedRoot(tarball);
  process.stderr.write(
    `[installed-package] ${pkg.name}@${pkg.version} from ${tarball} installed in ${root}\n`,
  );
  process.stdout.write(`BCOPS_TARBALL=${tarball}\n`);
}
