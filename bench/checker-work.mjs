#!/usr/bin/env node
// Checker work: how many types and instantiations TypeScript's checker creates while a scenario's rules lint a
// real-world application (../shared/real-world), read from the program's checker when the lint ends. Unlike wall or
// rule time on a shared 2-core machine (±20% from run to run), the counts are the same on every run of one commit:
// they compare what two builds, or our rules and no-floating-promises, ask the checker, without noise.
//
//   node bench/checker-work.mjs --corpus vendure [--scenario ours|nfp|both|union|all] [--rules a,b] [--plugin DIR]
//        [--corpora DIR] [--harness FILE]
//
// `union` lints with our rules and no-floating-promises together, in one program: what it counts beyond nfp's own
// count is the work our rules ask that no-floating-promises does not (types are created once per program, whichever
// rule asks first). `parse` runs no rule's listeners (the program and its checker only). `all` runs parse, ours, nfp
// and union and prints that overlap. Each row also gives the heap still in use after two full collections when the
// lint ends (`heapAfterGcMB`): what the program, the checker and the rules' caches keep alive, without the garbage
// that peak RSS also counts.
//
// It runs the harness's own single-scenario child (`corpus-lint.mjs --mode perf --child ours`, parserOptions.project,
// one program) with a stand-in plugin that wraps the scenario's rules and, at exit, writes the checker's counts. The
// typed parse alone (`parse`) counts 89, the intrinsic types the checker makes when it is created: every other type
// counted was asked for by the rules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    scenario: { type: 'string', default: 'both' },
    rules: { type: 'string' },
    plugin: { type: 'string', default: root },
    corpora: { type: 'string', default: process.env.CORPORA_DIR ?? path.join(os.tmpdir(), 'orm-corpora') },
    harness: { type: 'string', default: path.resolve(root, '../shared/real-world/corpus-lint.mjs') },
  },
});
if (!values.corpus) {
  console.error('usage: node bench/checker-work.mjs --corpus <name> [--scenario ours|nfp|both] [--rules a,b] [--plugin DIR] [--corpora DIR] [--harness FILE]');
  process.exit(2);
}
const pluginDir = path.resolve(values.plugin);
const pluginEntry = path.join(pluginDir, 'dist/index.js');
if (!fs.existsSync(pluginEntry)) throw new Error(`${pluginEntry} not found: run npm run build`);
if (!fs.existsSync(values.harness)) throw new Error(`${values.harness} not found: pass --harness`);

// The stand-in plugin: the scenario's rules, each wrapped to remember the program it lints.
const STAND_IN = `
import fs from 'node:fs';
import { createRequire } from 'node:module';
const real = (await import(process.env.CW_PLUGIN)).default;
let program;
const watch = rule => ({ ...rule, create(context) { program ??= context.sourceCode.parserServices?.program; return rule.create(context); } });
let rules = Object.fromEntries(Object.entries(real.rules).map(([name, rule]) => [name, watch(rule)]));
// no-floating-promises under a name of this plugin (the harness's child enables the plugin's rules by name; the
// application's inline disables name no-floating-promises, so it reports more here, but asks the same): alone under
// the first rule's name, or next to our rules under its own.
const nfp = createRequire(process.env.CW_PLUGIN)('@typescript-eslint/eslint-plugin').rules['no-floating-promises'];
if (process.env.CW_SCENARIO === 'nfp') rules = { [Object.keys(real.rules)[0]]: watch(nfp) };
if (process.env.CW_SCENARIO === 'union') rules = { ...rules, 'no-floating-promises': watch(nfp) };
// The typed parse alone: each rule only remembers the program, and listens to nothing.
const idle = watch({ create: () => ({}) });
if (process.env.CW_SCENARIO === 'parse') rules = Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, { ...rule, create: idle.create }]));
process.on('exit', () => {
  const checker = program?.getTypeChecker();
  globalThis.gc();
  globalThis.gc();
  fs.writeFileSync(process.env.CW_OUT, JSON.stringify(checker ? {
    types: checker.getTypeCount(), instantiations: checker.getInstantiationCount(), symbols: checker.getSymbolCount(),
    heapAfterGcMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  } : {}));
});
export default { ...real, rules };
`;

const firstRule = Object.keys((await import(pathToFileURL(pluginEntry).href)).default.rules)[0];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'checker-work-'));
fs.mkdirSync(path.join(work, 'dist'));
fs.copyFileSync(path.join(pluginDir, 'package.json'), path.join(work, 'package.json'));
fs.writeFileSync(path.join(work, 'dist/index.js'), STAND_IN);

function run(scenario) {
  const out = path.join(work, `${scenario}.counts.json`);
  const childOut = path.join(work, `${scenario}.child.json`);
  const args = [
    '--max-old-space-size=12288', '--expose-gc', values.harness, '--mode', 'perf', '--child', 'ours', '--child-out', childOut,
    '--corpus', values.corpus, '--plugin', work, '--deps', pluginDir, '--corpora', values.corpora, '--out', work,
    '--single-run', 'true', '--parser', 'project',
  ];
  if (scenario === 'nfp') args.push('--rules', firstRule);
  else if (values.rules) args.push('--rules', scenario === 'union' ? `${values.rules},no-floating-promises` : values.rules);
  const result = spawnSync(process.execPath, args, {
    cwd: pluginDir,
    encoding: 'utf8',
    env: { ...process.env, CW_PLUGIN: pathToFileURL(pluginEntry).href, CW_SCENARIO: scenario, CW_OUT: out },
  });
  if (result.status !== 0) throw new Error(`${scenario}: the harness child failed\n${result.stderr.slice(-2000)}`);
  const counts = JSON.parse(fs.readFileSync(out, 'utf8'));
  const child = JSON.parse(fs.readFileSync(childOut, 'utf8'));
  const ruleMs = Object.values(child.rules_ms ?? {}).reduce((sum, ms) => sum + ms, 0);
  // Per rule: in `union`, which rule paid for the types both ask for (the first to ask, node by node).
  const rules = Object.fromEntries(Object.entries(child.rules_ms ?? {}).map(([id, ms]) => [id.replace(/^[^/]+\//u, ''), Math.round(ms)]));
  return { scenario, ...counts, work: (counts.types ?? 0) + (counts.instantiations ?? 0), ruleMs: Math.round(ruleMs), rules, messages: child.messages };
}

const scenarios = { both: ['ours', 'nfp'], all: ['ours', 'nfp', 'union', 'parse'] }[values.scenario] ?? [values.scenario];
const unknown = scenarios.filter(s => !['ours', 'nfp', 'union', 'parse'].includes(s));
if (unknown.length > 0) {
  console.error(`unknown --scenario ${values.scenario}: ours, nfp, both, union, parse or all`);
  process.exit(2);
}
const rows = scenarios.map(run);
for (const row of rows) console.log(JSON.stringify({ corpus: values.corpus, ...row }));
const byScenario = new Map(rows.map(row => [row.scenario, row]));
const [ours, nfp, union, parse] = ['ours', 'nfp', 'union', 'parse'].map(s => byScenario.get(s));
if (ours && nfp) {
  console.log(`${values.corpus}: checker work (types + instantiations) ours/nfp = ${(ours.work / nfp.work).toFixed(2)} (${ours.work} / ${nfp.work}); rule ms ours/nfp = ${(ours.ruleMs / nfp.ruleMs).toFixed(2)} (one run each, noisy)`);
}
if (ours && nfp && union) {
  const beyond = union.work - nfp.work;
  console.log(`${values.corpus}: ours and nfp in one program ${union.work}: ours asks ${beyond} beyond nfp's work (${((beyond / ours.work) * 100).toFixed(1)}% of its own ${ours.work}); ${((1 - beyond / ours.work) * 100).toFixed(1)}% of it is work nfp does too`);
}
if (ours && nfp && parse) {
  console.log(`${values.corpus}: heap after GC over the program's own ${parse.heapAfterGcMB} MB: ours +${ours.heapAfterGcMB - parse.heapAfterGcMB} MB, nfp +${nfp.heapAfterGcMB - parse.heapAfterGcMB} MB`);
}
fs.rmSync(work, { recursive: true, force: true });
