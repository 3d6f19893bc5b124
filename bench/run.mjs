// `npm run bench`: what this plugin costs, next to typed parsing and to one typescript-eslint typed rule.
// See docs/performance.md for the method, the budget and the figures. Options: `node bench/run.mjs --help`.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateProject, sourceFiles, writeProject } from './generate.mjs';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const benchDir = path.join(root, '.bench');
const require = createRequire(import.meta.url);

const HELP = `Usage: npm run bench -- [options]

  --scale <list>        scales to run, comma-separated (default 1,2,4; scale 1 ≈ 300 files / 50k lines)
  --rounds <n>          rounds per scale (default 3 at the first scale, 2 at the others; 1 with --quick)
  --all-scenarios       run (a)–(d) at every scale (default: all four at the first scale, (a)–(c) above it,
                        which is all the per-file scaling figure needs)
  --no-marginal         skip (e) and (f), typescript-eslint's recommendedTypeChecked without and with our rules
                        (run at the first scale by default: the marginal cost a user of that config pays)
  --quick               smoke run: a 10-unit project (~60 files), 1 round, 10 latency edits
  --json[=<file>]       also write the figures as JSON (default file .bench/results.json; "-" = stdout)
  --seed <n>            generator seed (default 1)
  --latency-files <n>   single-file re-lints for the editor-latency figure (default 50)
  --no-rss              skip the peak-RSS child processes
  --no-latency          skip the editor-latency measurement
  --no-build            measure dist/ as it is (default: compile src/ into a private snapshot, .bench/plugin/dist,
                        whenever src/ changed, so builds started elsewhere during the bench cannot break it)
  --profile <a|b|c|d>   also run that scenario once at the first scale under --cpu-prof and list the hot functions
  --summarize-profile <file.cpuprofile>
                        only print the hot-function summary of an existing profile
  --check-budget        exit with status 2 when a budget line fails (figures are still printed)
  --findings[=<file>]   no timing: generate each scale's project, lint it once with orm-hygiene recommended and write
                        every report (file, line, column, rule, messageId, message) as sorted JSON lines (default
                        .bench/findings-<scale>.jsonl; "-" = stdout), with the counts per rule
  --plugin <index.js>   lint with that build of the plugin (e.g. another commit's dist/index.js) instead of src/

Scenarios: (a) typed parse, no rules; (b) @typescript-eslint/no-floating-promises alone;
(c) orm-hygiene recommended alone; (d) both; (e) typescript-eslint recommendedTypeChecked alone; (f) (e) plus
orm-hygiene recommended. Each is a fresh ESLint + a fresh typescript-eslint project service.`;

const SCENARIOS = ['a', 'b', 'c', 'd'];
/** The marginal-cost pair, run at the first scale: what our config adds to typescript-eslint's typed config. */
const MARGINAL = ['e', 'f'];
const SCENARIO_NAMES = {
  a: 'typed parse, no rules',
  b: 'no-floating-promises alone',
  c: 'orm-hygiene recommended alone',
  d: 'both',
  e: 'typescript-eslint recommendedTypeChecked',
  f: 'recommendedTypeChecked + orm-hygiene recommended',
};
const NFP = '@typescript-eslint/no-floating-promises';
/**
 * Issue 15's budget, the lines `--check-budget` checks: ours ≤ 0.5× no-floating-promises; recommendedTypeChecked +
 * ours ≤ 5% over recommendedTypeChecked alone (wall); peak RSS of ours not higher than no-floating-promises'; editor
 * p95 of our rules' own time per single-file re-lint ≤ 50 ms.
 */
const BUDGET = { oursPerNfp: 0.5, marginalOverRtc: 0.05, rssOverNfp: 0, editorP95Ms: 50 };
/** The first budget's lines (before issue 15), printed for reference next to the old figures, never checked. */
const REFERENCE = { oursPerParse: 0.15, rssOverParse: 0.05, perFileDrift: 0.25 };

// ---------------------------------------------------------------------------------------------------------------
// Options

function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'all-scenarios': { type: 'boolean', default: false },
      json: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'latency-files': { type: 'string' },
      'no-rss': { type: 'boolean', default: false },
      'no-latency': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'no-marginal': { type: 'boolean', default: false },
      profile: { type: 'string' },
      'summarize-profile': { type: 'string' },
      'check-budget': { type: 'boolean', default: false },
      findings: { type: 'string' },
      plugin: { type: 'string' },
      help: { type: 'boolean', default: false },
      // internal: one scenario in a child process (peak RSS, profiles)
      child: { type: 'string' },
      project: { type: 'string' },
    },
    strict: true,
  });
  const int = (value, name, min = 1) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${value}`);
    return n;
  };
  const scales = values.quick
    ? ['quick']
    : (values.scale ?? '1,2,4').split(',').map(s => int(s.trim(), 'scale'));
  return {
    scales,
    rounds: values.rounds === undefined ? undefined : int(values.rounds, 'rounds'),
    quick: values.quick,
    allScenarios: values['all-scenarios'],
    json: values.json,
    seed: int(values.seed, 'seed', 0),
    latencyFiles: values['latency-files'] !== undefined ? int(values['latency-files'], 'latency-files') : values.quick ? 10 : 50,
    rss: !values['no-rss'],
    latency: !values['no-latency'],
    build: !values['no-build'],
    marginal: !values['no-marginal'],
    profile: values.profile,
    summarizeProfile: values['summarize-profile'],
    checkBudget: values['check-budget'],
    findings: values.findings,
    plugin: values.plugin,
    help: values.help,
    child: values.child,
    project: values.project,
  };
}

/** `--json` without a value is written by parseArgs as a separate flag; accept `--json`, `--json=file`, `--json -`. */
function normaliseArgv(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if ((arg === '--json' || arg === '--findings') && (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))) out.push(`${arg}=`);
    else out.push(arg);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Build and imports

function newestMtime(dir, ext) {
  let newest = 0;
  const walk = d => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(ext)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

/**
 * The plugin under test: the working tree's src/ compiled with tsconfig.build.json into a private snapshot
 * (.bench/plugin/dist, next to a copy of package.json), rebuilt when src/ is newer. A private build, not dist/:
 * `npm run build` deletes dist/ first, so a build started elsewhere during a 20-minute bench would break it.
 * With --no-build, dist/ is used as it is.
 */
function pluginEntry(options, log) {
  if (options.plugin !== undefined) {
    const entry = path.resolve(options.plugin);
    if (!existsSync(entry)) throw new Error(`--plugin: ${entry} does not exist`);
    return entry;
  }
  if (!options.build) {
    const distIndex = path.join(root, 'dist/index.js');
    if (!existsSync(distIndex)) throw new Error('--no-build: dist/index.js does not exist (run npm run build)');
    return distIndex;
  }
  const out = path.join(benchDir, 'plugin');
  const index = path.join(out, 'dist/index.js');
  const stamp = path.join(out, 'built-from-src-mtime');
  const srcMtime = String(newestMtime(path.join(root, 'src'), '.ts'));
  if (existsSync(index) && existsSync(stamp) && readFileSync(stamp, 'utf8') === srcMtime) return index;
  log('building the plugin from src/ into .bench/plugin/dist (tsc -p tsconfig.build.json)');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  copyFileSync(path.join(root, 'package.json'), path.join(out, 'package.json'));
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', path.join(out, 'dist'), '--declaration', 'false'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (!existsSync(index)) throw new Error('building the plugin failed: no .bench/plugin/dist/index.js');
  if (result.status !== 0) log('WARNING: tsc reported type errors in src/ (it still emitted); measuring that build');
  else writeFileSync(stamp, srcMtime);
  return index;
}

async function loadTools(entry) {
  const { ESLint } = await import('eslint');
  const tseslint = (await import('typescript-eslint')).default;
  // The parser's own copy of typescript-estree: its caches hold the project service and the programs.
  const estree = require(require.resolve('@typescript-eslint/typescript-estree', {
    paths: [path.dirname(require.resolve('@typescript-eslint/parser'))],
  }));
  const plugin = (await import(pathToFileURL(entry).href)).default;
  const ours = Object.keys(plugin.configs.recommended.rules ?? {});
  return { ESLint, tseslint, clearCaches: estree.clearCaches, plugin, ours };
}

function configFor(tools, scenario, projectDir) {
  const base = {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tools.tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: projectDir },
    },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  };
  const nfp = { plugins: { '@typescript-eslint': tools.tseslint.plugin }, rules: { [NFP]: 'error' } };
  const ours = tools.plugin.configs.recommended;
  // typescript-eslint's typed config as its docs set it up, limited to the project's files; `base` after it sets the
  // same project service as every other scenario.
  const rtc = tools.tseslint.configs.recommendedTypeChecked.map(config => ({ ...config, files: ['**/*.ts'] }));
  return { a: [base], b: [base, nfp], c: [base, ours], d: [base, nfp, ours], e: [...rtc, base], f: [...rtc, base, ours] }[scenario];
}

// ---------------------------------------------------------------------------------------------------------------
// One lint run

function summarize(results, ours) {
  let parse = 0;
  let total = 0;
  const rules = {};
  const findings = {};
  const fatal = [];
  for (const result of results) {
    for (const pass of result.stats?.times?.passes ?? []) {
      parse += pass.parse?.total ?? 0;
      total += pass.total ?? 0;
      for (const [id, time] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + time.total;
    }
    for (const message of result.messages) {
      if (message.fatal || !message.ruleId) fatal.push(`${result.filePath}:${message.line}: ${message.message}`);
      else findings[message.ruleId] = (findings[message.ruleId] ?? 0) + 1;
    }
  }
  if (fatal.length > 0) {
    throw new Error(`the generated project does not parse (${fatal.length} fatal messages), e.g.\n  ${fatal.slice(0, 5).join('\n  ')}`);
  }
  const oursMs = ours.reduce((sum, id) => sum + (rules[id] ?? 0), 0);
  const allRulesMs = Object.values(rules).reduce((sum, ms) => sum + ms, 0);
  return { files: results.length, parse, total, rules, ours: oursMs, nfp: rules[NFP] ?? 0, allRules: allRulesMs, findings };
}

async function lintOnce(tools, scenario, projectDir) {
  tools.clearCaches();
  const eslint = new tools.ESLint({
    cwd: projectDir,
    overrideConfigFile: true,
    overrideConfig: configFor(tools, scenario, projectDir),
    stats: true,
    cache: false,
  });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(['src/**/*.ts']);
  const { user, system } = process.cpuUsage(cpuStart);
  const wall = performance.now() - start;
  const summary = summarize(results, tools.ours);
  tools.clearCaches();
  globalThis.gc?.();
  return { scenario, wall, cpu: (user + system) / 1000, ...summary };
}

/**
 * `--findings`: no timing. Each scale's project linted once by scenario (c); every report as one sorted JSON line, so
 * two builds (`--plugin`) or two commits can be diffed report by report (docs/performance.md, "Findings on the bench").
 */
async function findingsOnly(tools, options, log) {
  for (const scale of options.scales) {
    const { files, manifest } =
      scale === 'quick' ? generateProject({ seed: options.seed, units: 10 }) : generateProject({ scale, seed: options.seed });
    const projectDir = path.join(benchDir, `project-${scale}`);
    writeProject(projectDir, files);
    tools.clearCaches();
    const eslint = new tools.ESLint({ cwd: projectDir, overrideConfigFile: true, overrideConfig: configFor(tools, 'c', projectDir), cache: false });
    const results = await eslint.lintFiles(['src/**/*.ts']);
    tools.clearCaches();
    const reports = [];
    const counts = Object.fromEntries(tools.ours.map(id => [id, 0]));
    for (const result of results) {
      const file = path.relative(projectDir, result.filePath).split(path.sep).join('/');
      for (const m of result.messages) {
        if (m.fatal || !m.ruleId) throw new Error(`the generated project does not parse: ${file}:${m.line}: ${m.message}`);
        counts[m.ruleId] = (counts[m.ruleId] ?? 0) + 1;
        reports.push({ file, line: m.line, column: m.column, rule: m.ruleId, messageId: m.messageId, message: m.message });
      }
    }
    const text = reports.map(r => JSON.stringify(r)).sort().join('\n') + (reports.length > 0 ? '\n' : '');
    const label = scale === 'quick' ? 'quick' : `scale ${scale}`;
    if (options.findings === '-') process.stdout.write(text);
    else {
      const file = path.resolve(root, options.findings === '' ? `.bench/findings-${scale}.jsonl` : options.scales.length > 1 ? options.findings.replace(/(\.jsonl)?$/u, `-${scale}$1`) : options.findings);
      writeFileSync(file, text);
      log(`${label}: ${reports.length} reports written to ${file.startsWith(`${root}${path.sep}`) ? path.relative(root, file) : file}`);
    }
    log(`${label} (${manifest.files} files, ${manifest.lines.toLocaleString('en')} lines): ${Object.entries(counts).map(([id, n]) => `${id.replace('orm-hygiene/', '')} ${n}`).join(', ')}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics

function median(values) {
  const sorted = values.filter(v => Number.isFinite(v)).sort((x, y) => x - y);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(values, p) {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Findings of the rules a scenario enables; must be identical on every run of the same project. */
function findingsKey(run, ids) {
  return JSON.stringify(Object.fromEntries(ids.map(id => [id, run.findings[id] ?? 0])));
}

class FindingsCheck {
  constructor(ours) {
    this.ours = ours;
    this.seen = new Map(); // rule-set label → { key, from }
  }

  check(label, run, from) {
    const groups = [];
    if (run.scenario === 'b' || run.scenario === 'd') groups.push(['nfp', [NFP]]);
    if (run.scenario === 'c' || run.scenario === 'd' || run.scenario === 'f') groups.push(['ours', this.ours]);
    // typescript-eslint's own findings must not change when our rules run next to them.
    if (run.scenario === 'e' || run.scenario === 'f') groups.push(['recommendedTypeChecked', Object.keys(run.findings).filter(id => !this.ours.includes(id)).sort()]);
    for (const [group, ids] of groups) {
      const key = findingsKey(run, ids);
      const id = `${label}:${group}`;
      const previous = this.seen.get(id);
      if (!previous) this.seen.set(id, { key, from });
      else if (previous.key !== key) {
        throw new Error(
          `FINDINGS DIFFER between runs on the same project (${label}):\n  ${previous.from}: ${previous.key}\n  ${from}: ${key}\n` +
            'A rule is non-deterministic (order-dependent cache, state leaking between files or programs).',
        );
      }
    }
    if (run.scenario === 'a' && Object.keys(run.findings).length > 0) {
      throw new Error(`scenario (a) enables no rules but reported ${JSON.stringify(run.findings)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes: one scenario in a fresh process (fair peak RSS; CPU profiles)

function runChild(scenario, projectDir, nodeFlags = []) {
  const out = execFileSync(
    process.execPath,
    [...nodeFlags, '--max-old-space-size=8192', '--expose-gc', self, '--child', scenario, '--project', projectDir],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ORM_HYGIENE_BENCH_WORKER: '1' } },
  );
  const line = out.trim().split('\n').at(-1);
  return JSON.parse(line);
}

async function childMain(options) {
  const tools = await loadTools(process.env.ORM_HYGIENE_BENCH_PLUGIN ?? path.join(root, 'dist/index.js'));
  const run = await lintOnce(tools, options.child, options.project);
  const { maxRSS } = process.resourceUsage(); // KiB
  process.stdout.write(`${JSON.stringify({ ...run, maxRssMB: maxRSS / 1024 })}\n`);
}

/** Self time per function from a .cpuprofile, grouped to what is ours (dist/), TypeScript, typescript-eslint, ESLint. */
function profileSummary(file, pluginDist) {
  const ours = path.relative(root, pluginDist) + path.sep;
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const selfTime = new Map();
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const fns = new Map();
  const areas = new Map();
  for (const [id, micros] of dt) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const rel = url.startsWith('file://') ? path.relative(root, fileURLToPath(url)) : url || '(native)';
    const area = rel.startsWith(ours)
      ? `orm-hygiene ${rel.slice(ours.length)}`
      : rel.includes('node_modules/typescript/')
        ? 'typescript'
        : rel.includes('@typescript-eslint/')
          ? 'typescript-eslint'
          : rel.includes('node_modules/eslint/')
            ? 'eslint'
            : rel.includes('node_modules/')
              ? 'other packages'
              : rel;
    areas.set(area, (areas.get(area) ?? 0) + micros);
    if (rel.startsWith(ours)) {
      const key = `${functionName || '(anonymous)'} ${rel.slice(ours.length)}:${lineNumber + 1}`;
      fns.set(key, (fns.get(key) ?? 0) + micros);
    }
    selfTime.set(id, micros);
  }
  const top = (map, n) => [...map].sort((x, y) => y[1] - x[1]).slice(0, n).map(([k, v]) => ({ name: k, ms: v / 1000 }));
  // Inclusive time of our functions (self + callees, e.g. type-checker work they trigger).
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const inclusive = new Map();
  const inclusiveFiles = new Map();
  for (const [id, micros] of selfTime) {
    const counted = new Set();
    const countedFiles = new Set();
    for (let cur = id; cur !== undefined; cur = parents.get(cur)) {
      const node = byId.get(cur);
      const { functionName, url, lineNumber } = node.callFrame;
      const rel = url.startsWith('file://') ? path.relative(root, fileURLToPath(url)) : url;
      if (!rel.startsWith(ours)) continue;
      const file = rel.slice(ours.length);
      // A rule's time is everything below its listeners: attribute each sample to the outermost rule file on the stack.
      if (file.startsWith('rules/')) {
        countedFiles.clear();
        countedFiles.add(file);
      }
      const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
      if (counted.has(key)) continue;
      counted.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
    for (const file of countedFiles) inclusiveFiles.set(file, (inclusiveFiles.get(file) ?? 0) + micros);
  }
  return { areas: top(areas, 12), rules: top(inclusiveFiles, 10), selfOurs: top(fns, 15), inclusiveOurs: top(inclusive, 25) };
}

// ---------------------------------------------------------------------------------------------------------------
// Editor latency: one warm ESLint per configuration, 50 single-file re-lints after an edit. Configurations: typed parse
// alone (a), no-floating-promises alone (b: the peer's own time per re-lint, on the same edits), our rules (c).

async function measureLatency(tools, projectDir, count, log) {
  const files = sourceFiles(projectDir).filter(f => !f.endsWith(`models${path.sep}index.ts`));
  const picked = Array.from({ length: Math.min(count, files.length) }, (_, i) => files[Math.floor((i * files.length) / Math.min(count, files.length))]);
  tools.clearCaches();
  const instances = {
    a: new tools.ESLint({ cwd: projectDir, overrideConfigFile: true, overrideConfig: configFor(tools, 'a', projectDir), stats: true }),
    b: new tools.ESLint({ cwd: projectDir, overrideConfigFile: true, overrideConfig: configFor(tools, 'b', projectDir), stats: true }),
    c: new tools.ESLint({ cwd: projectDir, overrideConfigFile: true, overrideConfig: configFor(tools, 'c', projectDir), stats: true }),
  };
  // Warm: the project is open in the project service and every configuration has linted a few files (JIT).
  const warmStart = performance.now();
  for (const file of files.slice(0, 3)) {
    for (const instance of Object.values(instances)) await instance.lintFiles([file]);
  }
  log(`  latency: opened the project and warmed up in ${fmtMs(performance.now() - warmStart)}`);
  const samples = { a: [], b: [], c: [], oursInC: [], nfpInB: [], parseInA: [], byFile: new Map() };
  const orders = [['a', 'b', 'c'], ['c', 'a', 'b'], ['b', 'c', 'a']];
  for (const [i, file] of picked.entries()) {
    const original = readFileSync(file, 'utf8');
    const relative = path.relative(projectDir, file);
    // Rotate which configuration goes first; each lint sees a new edit, so each builds a new program.
    for (const which of orders[i % orders.length]) {
      const text = `${original}\n// edit ${i} ${which}\n`;
      const start = performance.now();
      const [result] = await instances[which].lintText(text, { filePath: file });
      const ms = performance.now() - start;
      const summary = summarize([result], tools.ours);
      samples[which].push(ms);
      const entry = samples.byFile.get(relative) ?? { file: relative, ours: 0, nfp: 0 };
      samples.byFile.set(relative, entry);
      if (which === 'c') {
        samples.oursInC.push(summary.ours);
        entry.ours = summary.ours;
      } else if (which === 'b') {
        samples.nfpInB.push(summary.nfp);
        entry.nfp = summary.nfp;
      } else samples.parseInA.push(summary.parse);
    }
  }
  tools.clearCaches();
  globalThis.gc?.();
  const stats = values => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) });
  return {
    files: picked.length,
    typedParse: stats(samples.a),
    withOurs: stats(samples.c),
    oursRuleTime: stats(samples.oursInC),
    nfpRuleTime: stats(samples.nfpInB),
    added: { p50: percentile(samples.c, 50) - percentile(samples.a, 50), p95: percentile(samples.c, 95) - percentile(samples.a, 95) },
    // The re-lints the p95 comes from: which files' first typed questions are the costly ones.
    slowest: [...samples.byFile.values()].sort((x, y) => y.ours - x.ours).slice(0, 3),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const fmtMs = ms => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const fmtPct = x => `${(x * 100).toFixed(1)}%`;
const signedPct = x => `${x >= 0 ? '+' : ''}${fmtPct(x)}`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** Rows as aligned columns: the first left-aligned, the others right-aligned (numbers) unless `left` is set. */
function table(rows, { left = false } = {}) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => String(r[c]).length)));
  return rows.map(r => r.map((cell, c) => (c === 0 || left ? pad(cell, widths[c]) : lpad(cell, widths[c]))).join('  ').trimEnd()).join('\n');
}

/** The commit measured, and whether src/ had uncommitted changes (the bench measures the working tree). */
function revision() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit, srcDirty: dirty };
  } catch {
    return { commit: 'unknown', srcDirty: undefined };
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    eslint: require('eslint/package.json').version,
    typescript: require('typescript/package.json').version,
    typescriptEslint: require('typescript-eslint/package.json').version,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Main

async function benchScale(tools, options, scale, log, check) {
  const label = scale === 'quick' ? 'quick' : `scale ${scale}`;
  const { files, manifest } =
    scale === 'quick' ? generateProject({ seed: options.seed, units: 10 }) : generateProject({ scale, seed: options.seed });
  const projectDir = path.join(benchDir, `project-${scale}`);
  writeProject(projectDir, files);
  const first = scale === options.scales[0];
  const rounds = options.rounds ?? (scale === 'quick' ? 1 : first ? 3 : 2);
  const scenarios = [...(first || options.allScenarios ? SCENARIOS : ['a', 'b', 'c']), ...(first && options.marginal ? MARGINAL : [])];
  log(
    `\n== ${label}: ${manifest.files} files, ${manifest.lines.toLocaleString('en')} lines (${projectDir.replace(`${root}/`, '')}), ` +
      `${rounds} round(s) of (${scenarios.join(')(')})`,
  );

  if (first && scale !== 'quick') {
    // One discarded run of (d) first: JIT-compiles ESLint, the parser, TypeScript and every rule's code paths, so the
    // first measured round is not a cold outlier.
    const warm = await lintOnce(tools, 'd', projectDir);
    check.check(label, warm, `${label} warm-up (d)`);
    log(`  warm-up run (d), not counted: ${fmtMs(warm.wall)}`);
  }
  const perRound = [];
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no scenario always runs first (JIT, GC and machine drift spread evenly).
    const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length]);
    const runs = {};
    for (const scenario of order) {
      const run = await lintOnce(tools, scenario, projectDir);
      check.check(label, run, `${label} round ${round + 1} (${scenario})`);
      runs[scenario] = run;
    }
    const r = {
      round: round + 1,
      order: order.join(''),
      wall: Object.fromEntries(scenarios.map(s => [s, runs[s].wall])),
      typedParse: runs.a.parse,
      nfp: runs.b?.nfp ?? NaN,
      ours: runs.c.ours,
      oursRules: Object.fromEntries(tools.ours.map(id => [id, runs.c.rules[id] ?? 0])),
      both: runs.d ? { ours: runs.d.ours, nfp: runs.d.nfp, parse: runs.d.parse } : undefined,
      oursPerNfp: runs.b ? runs.c.ours / runs.b.nfp : NaN,
      oursPerParse: runs.c.ours / runs.a.parse,
      nfpPerParse: runs.b ? runs.b.nfp / runs.a.parse : NaN,
      wallAddedByOurs: runs.c.wall - runs.a.wall,
      // Process CPU time of whole runs: what each rule set adds to (a). Robust to other processes on the machine.
      cpu: Object.fromEntries(scenarios.map(s => [s, runs[s].cpu])),
      cpuOursPerNfp: runs.b ? (runs.c.cpu - runs.a.cpu) / (runs.b.cpu - runs.a.cpu) : NaN,
      cpuOursPerParse: (runs.c.cpu - runs.a.cpu) / runs.a.cpu,
      // (f) − (e): the wall time and rule time our config adds to recommendedTypeChecked, relative to (e)'s wall time.
      marginal: runs.e && runs.f
        ? {
            rtcWall: runs.e.wall,
            withOursWall: runs.f.wall,
            wallAdded: (runs.f.wall - runs.e.wall) / runs.e.wall,
            oursInF: runs.f.ours,
            oursShareOfF: runs.f.ours / runs.f.wall,
            rtcRules: runs.e.allRules,
            cpuAdded: (runs.f.cpu - runs.e.cpu) / runs.e.cpu,
          }
        : undefined,
      findings: {
        ...Object.fromEntries(tools.ours.map(id => [id, runs.c.findings[id] ?? 0])),
        ...(runs.b ? { [NFP]: runs.b.findings[NFP] ?? 0 } : {}),
      },
    };
    perRound.push(r);
    log(
      `  round ${r.round} [${r.order}]: parse ${fmtMs(r.typedParse)}, ${runs.b ? `nfp ${fmtMs(r.nfp)}, ` : ''}ours ${fmtMs(r.ours)} ` +
        (runs.b ? `→ ours/nfp ${r.oursPerNfp.toFixed(2)}` : '') +
        (r.marginal ? `; recommendedTypeChecked ${fmtMs(r.marginal.rtcWall)} → +ours ${fmtMs(r.marginal.withOursWall)} (${r.marginal.wallAdded >= 0 ? '+' : ''}${fmtPct(r.marginal.wallAdded)})` : ''),
    );
  }
  const med = key => median(perRound.map(r => (typeof key === 'function' ? key(r) : r[key])));
  const result = {
    scale,
    scenarios,
    manifest,
    rounds: perRound,
    median: {
      typedParseMs: med('typedParse'),
      nfpMs: med('nfp'),
      oursMs: med('ours'),
      oursRulesMs: Object.fromEntries(tools.ours.map(id => [id, med(r => r.oursRules[id])])),
      bothOursMs: med(r => r.both?.ours ?? NaN),
      bothNfpMs: med(r => r.both?.nfp ?? NaN),
      wallMs: Object.fromEntries(scenarios.map(s => [s, med(r => r.wall[s])])),
      wallAddedByOursMs: med('wallAddedByOurs'),
      cpuMs: Object.fromEntries(scenarios.map(s => [s, med(r => r.cpu[s])])),
    },
    marginal: perRound[0].marginal
      ? {
          rtcWallMs: med(r => r.marginal.rtcWall),
          withOursWallMs: med(r => r.marginal.withOursWall),
          wallAdded: med(r => r.marginal.wallAdded),
          cpuAdded: med(r => r.marginal.cpuAdded),
          oursInFMs: med(r => r.marginal.oursInF),
          oursShareOfF: med(r => r.marginal.oursShareOfF),
          rtcRulesMs: med(r => r.marginal.rtcRules),
          rounds: perRound.map(r => r.marginal.wallAdded),
        }
      : undefined,
    ratios: {
      oursPerNfp: med('oursPerNfp'),
      oursPerParse: med('oursPerParse'),
      nfpPerParse: med('nfpPerParse'),
      cpuOursPerNfp: med('cpuOursPerNfp'),
      cpuOursPerParse: med('cpuOursPerParse'),
    },
    perFile: {
      oursMs: med(r => r.ours / manifest.files),
      typedParseMs: med(r => r.typedParse / manifest.files),
      nfpMs: med(r => r.nfp / manifest.files),
    },
    findings: perRound[0].findings,
  };

  // Peak RSS needs a fresh process per scenario; done at the first and the last scale (a child run costs a round).
  if (options.rss && (first || scale === options.scales.at(-1))) {
    const rss = {};
    for (const scenario of ['a', 'b', 'c']) {
      const run = runChild(scenario, projectDir);
      check.check(label, run, `${label} child process (${scenario})`);
      rss[scenario] = run.maxRssMB;
    }
    result.peakRssMB = { typedParse: rss.a, ours: rss.c, over: rss.c / rss.a - 1, nfp: rss.b, nfpOver: rss.b ? rss.b / rss.a - 1 : undefined };
    log(`  peak RSS: ${Object.entries(rss).map(([k, v]) => `(${k}) ${v.toFixed(0)} MB`).join(', ')}`);
  }
  result.projectDir = projectDir;
  return result;
}

function report(results, latency, profile, log) {
  const ours = results.length > 0 ? Object.keys(results[0].median.oursRulesMs) : [];
  const reference = [];
  for (const r of results) {
    const label = r.scale === 'quick' ? 'quick' : `scale ${r.scale}`;
    const n = r.manifest.files;
    const rows = [['', 'ms (median)', 'ms/file', '× typed parse']];
    const line = (name, ms) => {
      if (Number.isFinite(ms)) rows.push([name, fmtMs(ms), (ms / n).toFixed(2), fmtPct(ms / r.median.typedParseMs)]);
    };
    line('(a) typed parse', r.median.typedParseMs);
    line('(b) no-floating-promises', r.median.nfpMs);
    line(`(c) orm-hygiene, ${ours.length} rules`, r.median.oursMs);
    for (const id of ours) line(`      ${id.replace('orm-hygiene/', '')}`, r.median.oursRulesMs[id]);
    line('(d) both: orm-hygiene', r.median.bothOursMs);
    line('(d) both: no-floating-promises', r.median.bothNfpMs);
    log(`\n${label}: ${n} files, ${r.manifest.lines.toLocaleString('en')} lines, ${r.rounds.length} round(s); ratios are medians of per-round ratios`);
    log(table(rows));
    log(
      `wall per run: ${r.scenarios.map(s => `(${s}) ${fmtMs(r.median.wallMs[s])}`).join(', ')}; wall added by ours (c − a): ${fmtMs(r.median.wallAddedByOursMs)}`,
    );
    log(
      `process CPU per run: ${r.scenarios.map(s => `(${s}) ${fmtMs(r.median.cpuMs[s])}`).join(', ')}; ` +
        `CPU added by ours (c − a) / (b − a): ${Number.isFinite(r.ratios.cpuOursPerNfp) ? r.ratios.cpuOursPerNfp.toFixed(3) : 'n/a'}, ` +
        `(c − a) / (a): ${fmtPct(r.ratios.cpuOursPerParse)}`,
    );
    if (r.peakRssMB) {
      log(
        `peak RSS (child processes): (a) typed parse ${r.peakRssMB.typedParse.toFixed(0)} MB, (b) no-floating-promises ${r.peakRssMB.nfp.toFixed(0)} MB, ` +
          `(c) ours ${r.peakRssMB.ours.toFixed(0)} MB`,
      );
    }
    if (r.marginal) {
      const m = r.marginal;
      log(
        `recommendedTypeChecked (e) ${fmtMs(m.rtcWallMs)} (its rules ${fmtMs(m.rtcRulesMs)}), with orm-hygiene (f) ${fmtMs(m.withOursWallMs)}: ` +
          `added ${signedPct(m.wallAdded)} wall (rounds: ${m.rounds.map(signedPct).join(', ')}), ${signedPct(m.cpuAdded)} CPU; ` +
          `our rules' own time in (f) ${fmtMs(m.oursInFMs)} (${fmtPct(m.oursShareOfF)} of its wall)`,
      );
    }
    reference.push(`${label}: ours / typed parse ${fmtPct(r.ratios.oursPerParse)} (≤ ${fmtPct(REFERENCE.oursPerParse)})` + (r.peakRssMB ? `, peak RSS ours vs typed parse ${signedPct(r.peakRssMB.over)} (≤ +${fmtPct(REFERENCE.rssOverParse)})` : ''));
    log(`findings (identical in every run): ${Object.entries(r.findings).map(([k, v]) => `${k.replace('orm-hygiene/', '')} ${v}`).join(', ')}`);
  }
  const numeric = results.filter(r => r.scale !== 'quick');
  if (numeric.length > 1) {
    const base = numeric[0];
    const rows = [['scale', 'files', 'lines', 'ours ms/file', 'nfp ms/file', 'parse ms/file', 'ours / nfp', 'ours/nfp vs first']];
    for (const r of numeric) {
      rows.push([
        String(r.scale),
        String(r.manifest.files),
        r.manifest.lines.toLocaleString('en'),
        r.perFile.oursMs.toFixed(2),
        Number.isFinite(r.perFile.nfpMs) ? r.perFile.nfpMs.toFixed(2) : 'n/a',
        r.perFile.typedParseMs.toFixed(2),
        Number.isFinite(r.ratios.oursPerNfp) ? r.ratios.oursPerNfp.toFixed(2) : 'n/a',
        Number.isFinite(r.ratios.oursPerNfp) ? `${(r.ratios.oursPerNfp / base.ratios.oursPerNfp).toFixed(2)}×` : 'n/a',
      ]);
    }
    log('\nscaling (per-file cost of our rules should stay flat):');
    log(table(rows));
    // Raw ms/file moves with the machine's load between scales, and typed parse per file falls with scale (the ORM
    // typings are parsed once per program). no-floating-promises is a typed rule with a flat per-file cost, measured
    // in the same rounds, so the change of ours / no-floating-promises is the per-file drift of our rules.
    const last = numeric.at(-1);
    const drift = last.ratios.oursPerNfp / base.ratios.oursPerNfp - 1;
    const raw = last.perFile.oursMs / base.perFile.oursMs - 1;
    if (Number.isFinite(drift)) reference.push(`per-file drift scale ${last.scale} vs ${base.scale}, as ours / nfp ${signedPct(drift)} (flat = within ±${fmtPct(REFERENCE.perFileDrift)}; raw ms/file ${signedPct(raw)})`);
  }
  if (latency) {
    log(`\neditor latency (${latency.scale === 'quick' ? 'quick' : `scale ${latency.scale}`}, one warm ESLint per configuration, ${latency.files} single-file re-lints after an edit):`);
    log(
      table([
        ['', 'p50', 'p95', 'max'],
        ['typed parse alone', fmtMs(latency.typedParse.p50), fmtMs(latency.typedParse.p95), fmtMs(latency.typedParse.max)],
        ['with orm-hygiene', fmtMs(latency.withOurs.p50), fmtMs(latency.withOurs.p95), fmtMs(latency.withOurs.max)],
        ['  our rules (stats)', fmtMs(latency.oursRuleTime.p50), fmtMs(latency.oursRuleTime.p95), fmtMs(latency.oursRuleTime.max)],
        ['  no-floating-promises alone (stats)', fmtMs(latency.nfpRuleTime.p50), fmtMs(latency.nfpRuleTime.p95), fmtMs(latency.nfpRuleTime.max)],
      ]),
    );
    log(`slowest re-lints (our rules; no-floating-promises on the same file): ${latency.slowest.map(s => `${s.file} ${fmtMs(s.ours)} (${fmtMs(s.nfp)})`).join(', ')}`);
  }
  if (profile) {
    log(`\nCPU profile of scenario (${profile.scenario}) at ${profile.scale === 'quick' ? 'quick' : `scale ${profile.scale}`}: ${profile.file}`);
    log('self time by area:');
    log(table(profile.summary.areas.map(a => [a.name, fmtMs(a.ms)])));
    if (profile.summary.rules.length > 0) {
      log('time under each rule (inclusive, including the type-checker work it triggers):');
      log(table(profile.summary.rules.map(a => [a.name, fmtMs(a.ms)])));
    }
    if (profile.summary.inclusiveOurs.length > 0) {
      log('orm-hygiene functions, inclusive time (self + the TypeScript work they trigger):');
      log(table(profile.summary.inclusiveOurs.map(a => [a.name, fmtMs(a.ms)])));
      log('orm-hygiene functions, self time:');
      log(table(profile.summary.selfOurs.map(a => [a.name, fmtMs(a.ms)])));
    }
  }
  const checks = results.length > 0 ? budgetChecks(results, latency) : [];
  if (checks.length > 0) {
    log('\nbudget (issue #15):');
    log(
      table(
        checks.map(c => [
          `  ${c.name}`,
          c.budget,
          c.measured.map(m => `${m.scale === 'quick' ? 'quick' : `scale ${m.scale}`}: ${m.text}`).join(', ') || c.skipped,
          c.measured.length === 0 ? '' : c.measured.every(m => m.value <= c.limit) ? 'ok' : 'OVER BUDGET',
        ]),
        { left: true },
      ),
    );
    log(`for reference, the first budget's lines (not checked): ${reference.join('; ')}`);
  }
  return checks.flatMap(c => c.measured.map(m => ({ scale: m.scale, name: c.name, value: m.value, limit: c.limit })));
}

/** Issue 15's four budget lines, each with the scales where it was measured (or why it was not). */
function budgetChecks(results, latency) {
  const measured = (pick, text) => results.flatMap(r => (pick(r) === undefined || !Number.isFinite(pick(r)) ? [] : [{ scale: r.scale, value: pick(r), text: text(r) }]));
  return [
    {
      name: 'ours vs no-floating-promises',
      budget: `≤ ${BUDGET.oursPerNfp}×`,
      limit: BUDGET.oursPerNfp,
      measured: measured(r => r.ratios.oursPerNfp, r => `${r.ratios.oursPerNfp.toFixed(2)}×`),
      skipped: 'not measured',
    },
    {
      name: 'recommendedTypeChecked + ours vs recommendedTypeChecked',
      budget: `≤ +${fmtPct(BUDGET.marginalOverRtc)} wall`,
      limit: BUDGET.marginalOverRtc,
      measured: measured(r => r.marginal?.wallAdded, r => signedPct(r.marginal.wallAdded)),
      skipped: 'not measured (--no-marginal)',
    },
    {
      name: 'peak RSS, ours vs no-floating-promises',
      budget: 'not higher',
      limit: BUDGET.rssOverNfp,
      measured: measured(
        r => (r.peakRssMB ? r.peakRssMB.ours / r.peakRssMB.nfp - 1 : undefined),
        r => `${r.peakRssMB.ours.toFixed(0)} vs ${r.peakRssMB.nfp.toFixed(0)} MB (${signedPct(r.peakRssMB.ours / r.peakRssMB.nfp - 1)})`,
      ),
      skipped: 'not measured (--no-rss)',
    },
    {
      name: "editor p95, our rules' own time per re-lint",
      budget: `≤ ${BUDGET.editorP95Ms} ms`,
      limit: BUDGET.editorP95Ms,
      measured: latency ? [{ scale: latency.scale, value: latency.oursRuleTime.p95, text: fmtMs(latency.oursRuleTime.p95) }] : [],
      skipped: 'not measured (--no-latency)',
    },
  ];
}

async function main() {
  const options = readOptions(normaliseArgv(process.argv.slice(2)));
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  if (options.child) return childMain(options).then(() => 0);
  if (options.summarizeProfile) {
    const dist = process.env.ORM_HYGIENE_BENCH_PLUGIN ? path.dirname(process.env.ORM_HYGIENE_BENCH_PLUGIN) : path.join(benchDir, 'plugin/dist');
    report([], undefined, { scenario: '?', scale: '?', file: options.summarizeProfile, summary: profileSummary(options.summarizeProfile, dist) }, console.log);
    return 0;
  }

  // Re-run in a worker with GC exposed and a large heap (scale 4 holds ~250k lines of program at once).
  if (!process.env.ORM_HYGIENE_BENCH_WORKER) {
    const result = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', self, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, ORM_HYGIENE_BENCH_WORKER: '1' },
    });
    return result.status ?? 1;
  }

  const jsonToStdout = options.json === '-';
  const log = jsonToStdout || options.findings === '-' ? (...a) => console.error(...a) : (...a) => console.log(...a);
  const started = performance.now();
  const entry = pluginEntry(options, log);
  process.env.ORM_HYGIENE_BENCH_PLUGIN = entry; // for the child processes
  const { prismaGenerate } = await import(pathToFileURL(path.join(root, 'scripts/prisma-generate.mjs')).href);
  prismaGenerate();
  mkdirSync(benchDir, { recursive: true });
  const tools = await loadTools(entry);
  if (options.findings !== undefined) {
    log(`orm-hygiene bench, findings only (no timing): plugin ${path.relative(root, entry)}; project generator of commit ${revision().commit}`);
    await findingsOnly(tools, options, log);
    return 0;
  }
  const info = machine();
  const rev = revision();
  log(`orm-hygiene bench — ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.node}, ESLint ${info.eslint}, TypeScript ${info.typescript}, typescript-eslint ${info.typescriptEslint}`);
  log(`commit ${rev.commit}${rev.srcDirty ? ' + uncommitted changes in src/' : ''}; rules: ${tools.ours.join(', ')}; compared with ${NFP}`);
  log(`scenarios: ${[...SCENARIOS, ...(options.marginal ? MARGINAL : [])].map(s => `(${s}) ${SCENARIO_NAMES[s]}`).join('; ')}`);

  const check = new FindingsCheck(tools.ours);
  const results = [];
  for (const scale of options.scales) results.push(await benchScale(tools, options, scale, log, check));

  let latency;
  if (options.latency) {
    const target = results[0];
    log(`\n== editor latency at ${target.scale === 'quick' ? 'quick' : `scale ${target.scale}`}`);
    latency = { scale: target.scale, ...(await measureLatency(tools, target.projectDir, options.latencyFiles, log)) };
  }

  let profile;
  if (options.profile) {
    if (!SCENARIOS.includes(options.profile)) throw new Error(`--profile takes one of ${SCENARIOS.join(', ')}`);
    const target = results[0];
    const dir = path.join(benchDir, 'profiles');
    mkdirSync(dir, { recursive: true });
    const name = `scenario-${options.profile}-${target.scale}-${Date.now()}.cpuprofile`;
    log(`\n== CPU profile of scenario (${options.profile})`);
    const run = runChild(options.profile, target.projectDir, ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`, '--cpu-prof-interval=500']);
    check.check(target.scale === 'quick' ? 'quick' : `scale ${target.scale}`, run, 'profiled child');
    const file = path.join(dir, name);
    profile = { scenario: options.profile, scale: target.scale, file: path.relative(root, file), summary: profileSummary(file, path.dirname(entry)) };
  }

  const checks = report(results, latency, profile, log);
  const elapsed = (performance.now() - started) / 1000;
  log(`\nbench finished in ${(elapsed / 60).toFixed(1)} min`);

  if (options.json !== undefined) {
    const data = {
      date: new Date().toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      machine: info,
      revision: rev,
      budget: BUDGET,
      elapsedSeconds: elapsed,
      scales: results.map(({ projectDir, ...r }) => ({ ...r, projectDir: path.relative(root, projectDir) })),
      latency,
      profile,
      reference: REFERENCE,
      checks: checks.map(c => ({ ...c, ok: c.value <= c.limit })),
    };
    const text = `${JSON.stringify(data, null, 2)}\n`;
    if (jsonToStdout) process.stdout.write(text);
    else {
      const file = path.resolve(root, options.json === '' ? '.bench/results.json' : options.json);
      writeFileSync(file, text);
      log(`JSON written to ${path.relative(root, file)}`);
    }
  }
  const failed = checks.filter(c => c.value > c.limit);
  if (options.checkBudget && failed.length > 0) {
    log(`budget failed: ${failed.map(c => `${c.name} at ${c.scale}`).join('; ')}`);
    return 2;
  }
  return 0;
}

main().then(
  code => {
    process.exitCode = code;
  },
  error => {
    console.error(`\nbench FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
