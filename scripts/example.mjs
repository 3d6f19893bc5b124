// `npm run example`: lint the example projects in examples/ with the real ESLint CLI, print the findings, then show
// what `eslint --fix` would change as a diff. The examples' files are never touched: the fix runs on a scratch copy
// inside the repo (examples/.fix-preview-<pid>/, git-ignored), so the copy resolves `eslint-plugin-orm-hygiene`,
// `typescript-eslint` and the ORMs exactly like the original does, and is removed afterwards.
//
// Exit code: 0 when every example reports what examples/expected-findings.json says it should (the examples are
// meant to have findings), 1 when the findings differ, the fixed code does not compile or README.md's copy of the
// TypeORM example's output differs from it, 2 when something crashed.
//
// README.md shows the TypeORM example's output between `<!-- begin example output -->` and `<!-- end example output -->`:
// `--write-readme` writes it there (part of `npm run docs`), every run compares it (tests/e2e/readme-example.test.ts).
// `--only <name>` runs one example. The README copy is the uncoloured output with stylish's message column padding
// collapsed to two spaces (the padding follows the longest message of the file), so it reads on a narrow page.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, stripVTControlCharacters } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const examplesDir = path.join(root, 'examples');
const previewDir = path.join(examplesDir, `.fix-preview-${process.pid}`);
const expected = JSON.parse(readFileSync(path.join(examplesDir, 'expected-findings.json'), 'utf8'));
const { values: args } = parseArgs({ options: { only: { type: 'string' }, 'write-readme': { type: 'boolean', default: false } }, strict: true });
const examples = Object.keys(expected).filter(name => !name.startsWith('$') && (args.only === undefined || name === args.only));
if (examples.length === 0) {
  console.error(`✖ --only ${String(args.only)}: no such example in examples/expected-findings.json`);
  process.exit(2);
}
/** The example whose output README.md shows. */
const readmeExample = 'typeorm';
const readmeBegin = '<!-- begin example output -->';
const readmeEnd = '<!-- end example output -->';
/** Everything printed for the current example, uncoloured, for the README copy. */
let transcript = [];
const say = (...parts) => {
  const text = parts.join(' ');
  transcript.push(stripVTControlCharacters(text));
  console.log(text);
};

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

  say(bold(`\n━━ examples/${name} ━━  $ eslint .`));
  const results = eslint(dir);
  const output = await stylish(results);
  say(output.trim() === '' ? '(no problems)' : output.trimEnd());
  ok = compare('findings', findingKeys(results, dir), expected[name].findings) && ok;

  say(bold(`\n$ eslint --fix .   `) + dim(`(on a scratch copy; the committed files are not touched)`));
  cpSync(dir, copy, { recursive: true, filter: source => !source.includes(`${path.sep}node_modules`) });
  const afterFix = eslint(copy, ['--fix']);
  const diff = fixDiff(name);
  say(diff === '' ? '(nothing to fix)' : diff);

  const left = findingKeys(afterFix, copy);
  const remaining = afterFix.flatMap(r => r.messages);
  const withSuggestions = remaining.filter(m => (m.suggestions?.length ?? 0) > 0).length;
  say(
    `\nAfter --fix: ${remaining.length} problem(s) left, for a human to decide` +
      (remaining.length > 0 ? ` (${withSuggestions} with suggestions in the editor):` : '.'),
  );
  for (const r of afterFix) {
    for (const m of r.messages) {
      const file = path.join('examples', name, path.relative(copy, r.filePath));
      const quickFix = m.suggestions?.[0] ? `  quick fix: ${m.suggestions[0].desc}` : '';
      say(`  ${file}:${m.line}:${m.column}  ${dim(m.ruleId ?? '')}${quickFix}`);
    }
  }
  ok = compare('findings after --fix', left, expected[name].afterFix) && ok;

  const tsc = spawnSync(process.execPath, [tscBin, '--noEmit', '-p', 'tsconfig.json'], { cwd: copy, encoding: 'utf8' });
  if (tsc.status === 0) {
    say(`tsc --noEmit on the fixed copy: ${style('32', 'compiles')}`);
  } else {
    ok = false;
    say(style('31', `tsc --noEmit on the fixed copy fails:\n${tsc.stdout}${tsc.stderr}`));
  }
  return ok;
}

/** The README block: this run's output of the README's example, as the header comment describes. */
function readmeBlock(lines) {
  const text = lines
    .join('\n')
    .split('\n')
    .map(line => line.replace(/^( {2}\d+:\d+ +(?:error|warning) {2}.*?) {2,}(\S+)$/u, '$1  $2'))
    .join('\n')
    .trim();
  return `${readmeBegin}\n\n\`\`\`text\n${text}\n\`\`\`\n\n${readmeEnd}`;
}

/** Compares README.md's copy of the output with this run's (or writes it with --write-readme). */
function readmeCopy(lines, passed) {
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(readmeBegin);
  const stop = readme.indexOf(readmeEnd);
  if (start < 0 || stop < start) throw new Crash(`README.md: no ${readmeBegin} … ${readmeEnd} markers`);
  const next = `${readme.slice(0, start)}${readmeBlock(lines)}${readme.slice(stop + readmeEnd.length)}`;
  if (next === readme) return true;
  if (args['write-readme'] && passed) {
    writeFileSync(readmePath, next);
    console.log(dim(`\nREADME.md: the examples/${readmeExample} output block was rewritten.`));
    return true;
  }
  console.log(style('31', `\n✖ README.md's copy of the examples/${readmeExample} output differs from this run: \`npm run docs\` (or \`npm run example -- --write-readme\`) rewrites it.`));
  return false;
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
  let readmeOk = true;
  for (const name of examples) {
    transcript = [];
    ok = (await showExample(name)) && ok;
    if (name === readmeExample) readmeOk = readmeCopy(transcript, ok);
  }
  console.log(
    !ok
      ? style('31', '\n✖ The examples do not report what examples/expected-findings.json says, or the fixed code does not compile (see above).')
      : readmeOk
        ? style('32', '\n✔ The examples report exactly the expected findings, and the fixed code compiles.')
        : style('31', "\n✖ The examples report the expected findings, but README.md's copy of the output is stale (see above)."),
  );
  return ok && readmeOk ? 0 : 1;
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
