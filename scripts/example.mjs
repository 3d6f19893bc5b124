// `npm run example`: lint the example projects in examples/ with the real ESLint CLI, print the findings, then show
// what `eslint --fix` would change as a diff. The committed files are never touched: the fix runs on a scratch copy
// inside the repo (examples/.fix-preview-<pid>/, git-ignored), so the copy resolves `eslint-plugin-orm-hygiene`,
// `typescript-eslint` and the ORMs exactly like the original does, and is removed afterwards.
//
// Exit code: 0 when every example reports what examples/expected-findings.json says it should (the examples are
// meant to have findings), 1 when the findings differ or the fixed code does not compile, 2 when something crashed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const examplesDir = path.join(root, 'examples');
const previewDir = path.join(examplesDir, `.fix-preview-${process.pid}`);
const expected = JSON.parse(readFileSync(path.join(examplesDir, 'expected-findings.json'), 'utf8'));
const examples = Object.keys(expected).filter(name => !name.startsWith('$'));

// ESLint 10 by path: node_modules/.bin/eslint may point at the `eslint9` alias, which declares the same bin name.
const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');
const tscBin = require.resolve('typescript/bin/tsc');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const style = (code, text) => (color ? `\u001B[${code}m${text}\u001B[0m` : text);
const bold = text => style('1', text);
const dim = text => style('2', text);

class Crash extends Error {}

function run(file, args, cwd) {
  const result = spawnSync(process.execPath, [file, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Crash(`${path.basename(file)} could not start: ${result.error.message}`);
  return result;
}

/** Runs the ESLint CLI in `cwd` (the example's own eslint.config.mjs applies) and returns its JSON results. */
function eslint(cwd, extraArgs = []) {
  const result = run(eslintBin, ['--format', 'json', ...extraArgs, '.'], cwd);
  // 0: clean, 1: problems found, 2: configuration error or crash.
  if (result.status !== 0 && result.status !== 1) {
    throw new Crash(`eslint exited with ${result.status} in ${path.relative(root, cwd)}:\n${result.stderr}${result.stdout}`);
  }
  return JSON.parse(result.stdout);
}

/** `file:line rule` keys, relative to the example directory, in report order. */
function findingKeys(results, base) {
  return results.flatMap(r =>
    r.messages.map(m => `${path.relative(base, r.filePath).split(path.sep).join('/')}:${m.line} ${m.ruleId ?? '(fatal)'}`),
  );
}

function compare(label, actual, wanted) {
  const missing = wanted.filter(k => !actual.includes(k));
  const unexpected = actual.filter(k => !wanted.includes(k));
  if (missing.length === 0 && unexpected.length === 0) return true;
  console.log(style('31', `✖ ${label} differ from examples/expected-findings.json:`));
  for (const k of missing) console.log(style('31', `    missing:    ${k}`));
  for (const k of unexpected) console.log(style('31', `    unexpected: ${k}`));
  return false;
}

async function stylish(results) {
  const { ESLint } = await import(path.join(root, 'node_modules/eslint/lib/api.js'));
  const formatter = await new ESLint({ cwd: root }).loadFormatter('stylish');
  const relative = results.map(r => ({ ...r, filePath: path.relative(root, r.filePath) }));
  const text = await formatter.format(relative);
  return color ? text : stripVTControlCharacters(text);
}

/** A unified diff of the fixed copy against the committed example, with the copy's paths shown as the original's. */
function fixDiff(name) {
  const result = spawnSync(
    'git',
    ['diff', '--no-index', `--color=${color ? 'always' : 'never'}`, '--', `examples/${name}`, path.relative(root, path.join(previewDir, name))],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.error) return `(git is not available to show the diff: ${result.error.message})`;
  if (result.status !== 0 && result.status !== 1) throw new Crash(`git diff failed:\n${result.stderr}`);
  return result.stdout.replaceAll(`${path.relative(root, previewDir)}/`, 'examples/').trimEnd();
}

async function showExample(name) {
  const dir = path.join(examplesDir, name);
  const copy = path.join(previewDir, name);
  let ok = true;

  console.log(bold(`\n━━ examples/${name} ━━  $ eslint .`));
  const results = eslint(dir);
  const output = await stylish(results);
  console.log(output.trim() === '' ? '(no problems)' : output.trimEnd());
  ok = compare('findings', findingKeys(results, dir), expected[name].findings) && ok;

  console.log(bold(`\n$ eslint --fix .   `) + dim(`(on a scratch copy; the committed files are not touched)`));
  cpSync(dir, copy, { recursive: true, filter: source => !source.includes(`${path.sep}node_modules`) });
  const afterFix = eslint(copy, ['--fix']);
  const diff = fixDiff(name);
  console.log(diff === '' ? '(nothing to fix)' : diff);

  const left = findingKeys(afterFix, copy);
  const remaining = afterFix.flatMap(r => r.messages);
  const withSuggestions = remaining.filter(m => (m.suggestions?.length ?? 0) > 0).length;
  console.log(
    `\nAfter --fix: ${remaining.length} problem(s) left, for a human to decide` +
      (remaining.length > 0 ? ` (${withSuggestions} with suggestions in the editor):` : '.'),
  );
  for (const r of afterFix) {
    for (const m of r.messages) {
      const file = path.join('examples', name, path.relative(copy, r.filePath));
      const quickFix = m.suggestions?.[0] ? `  quick fix: ${m.suggestions[0].desc}` : '';
      console.log(`  ${file}:${m.line}:${m.column}  ${dim(m.ruleId ?? '')}${quickFix}`);
    }
  }
  ok = compare('findings after --fix', left, expected[name].afterFix) && ok;

  const tsc = spawnSync(process.execPath, [tscBin, '--noEmit', '-p', 'tsconfig.json'], { cwd: copy, encoding: 'utf8' });
  if (tsc.status === 0) {
    console.log(`tsc --noEmit on the fixed copy: ${style('32', 'compiles')}`);
  } else {
    ok = false;
    console.log(style('31', `tsc --noEmit on the fixed copy fails:\n${tsc.stdout}${tsc.stderr}`));
  }
  return ok;
}

async function main() {
  if (!existsSync(path.join(root, 'dist/index.js'))) {
    console.log(dim('dist/ is missing: running `npm run build` first'));
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Crash('npm run build failed');
  }
  const eslintVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/eslint/package.json'), 'utf8')).version;
  const pluginVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  console.log(dim(`ESLint ${eslintVersion}, eslint-plugin-orm-hygiene ${pluginVersion} (dist/), configs: examples/*/eslint.config.mjs`));

  let ok = true;
  for (const name of examples) ok = (await showExample(name)) && ok;
  console.log(
    ok
      ? style('32', '\n✔ The examples report exactly the expected findings, and the fixed code compiles.')
      : style('31', '\n✖ The examples do not report what examples/expected-findings.json says (see above).'),
  );
  return ok ? 0 : 1;
}

const cleanUp = () => rmSync(previewDir, { recursive: true, force: true });
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});
try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Crash ? `✖ ${error.message}` : error);
  process.exitCode = 2;
} finally {
  cleanUp();
}
