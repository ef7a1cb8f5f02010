/**
 * Where the version in the user agent, the plugin's GetPluginInfo and its schema come from
 * (core/package-info.ts): the nearest package.json above the code that is ours, read once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { findPackageInfo, packageInfo, readUtf8 } from "../../src/core/package-info";

/** A file system of a few files; records what was read, in order. */
function files(tree: Record<string, string>) {
  const reads: string[] = [];
  const read = (file: string) => {
    reads.push(file);
    const text = tree[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
    return text;
  };
  return { reads, read };
}

const ours = (version: unknown) => JSON.stringify({ name: "beyondcorp-ops", version });

test("packageInfo: this repository's package.json, read once", () => {
  const root = path.resolve(__dirname, "../../..");
  const expected = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const info = packageInfo();
  assert.equal(info.name, "beyondcorp-ops");
  assert.equal(info.version, expected["version"]);
  assert.deepEqual(info.engines, expected["engines"]);
  assert.equal(packageInfo(), info, "the same object: not read again");
});

test("readUtf8 gives the file's text", () => {
  const file = path.resolve(__dirname, "../../../package.json");
  const text = readUtf8(file);
  assert.equal(typeof text, "string");
  assert.equal(text, fs.readFileSync(file).toString("utf8"));
  assert.throws(() => readUtf8(path.join(__dirname, "no-such-file.json")), /ENOENT/);
});

test("the nearest package.json that is ours and has a version wins; others are walked past", () => {
  const fsys = files({
    "/app/node_modules/beyondcorp-ops/dist/package.json": "{ not json",
    "/app/node_modules/beyondcorp-ops/package.json": JSON.stringify({ name: "beyondcorp-ops" }),
    "/app/node_modules/package.json": ours(2),
    "/app/package.json": JSON.stringify({ name: "my-app", version: "9.9.9" }),
    "/package.json": ours("1.2.3"),
  });
  const info = findPackageInfo("/app/node_modules/beyondcorp-ops/dist/core", fsys.read);
  assert.deepEqual(info, { name: "beyondcorp-ops", version: "1.2.3" });
  assert.deepEqual(fsys.reads, [
    "/app/node_modules/beyondcorp-ops/dist/core/package.json",
    "/app/node_modules/beyondcorp-ops/dist/package.json",
    "/app/node_modules/beyondcorp-ops/package.json",
    "/app/node_modules/package.json",
    "/app/package.json",
    "/package.json",
  ]);
});

test("a foreign package.json with a version is not ours", () => {
  const fsys = files({
    "/a/b/package.json": JSON.stringify({ name: "other", version: "1.0.0" }),
    "/a/package.json": ours("0.4.0"),
  });
  assert.equal(findPackageInfo("/a/b", fsys.read).version, "0.4.0");
  assert.deepEqual(fsys.reads, ["/a/b/package.json", "/a/package.json"]);
});

test("the first match stops the walk", () => {
  const fsys = files({ "/a/b/package.json": ours("0.5.0"), "/a/package.json": ours("0.4.0") });
  assert.equal(findPackageInfo("/a/b", fsys.read).version, "0.5.0");
  assert.deepEqual(fsys.reads, ["/a/b/package.json"]);
});

test("none up to the root: an error naming where it looked from", () => {
  const fsys = files({ "/a/package.json": JSON.stringify({ name: "other", version: "1.0.0" }) });
  assert.throws(() => findPackageInfo("/a/b", fsys.read), {
    message: "no package.json of beyondcorp-ops above /a/b",
  });
  assert.deepEqual(fsys.reads, ["/a/b/package.json", "/a/package.json", "/package.json"]);
});
