// The plugin as users run it: the ESLint 10 and ESLint 9 CLIs, typed linting through each example's own
// eslint.config.mjs, `--fix`, `--concurrency`, `--cache`. Every run works on a scratch copy of examples/<name>.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  expectedFindings,
  findingDetails,
  findingKeys,
  lintJson,
  readSources,
  requireBuild,
  runTsc,
  scratchCopy,
  sortedKeys,
  type ExampleName,
  type LintResult,
  type RunResult,
} from './helpers.js';

requireBuild();
// Each step spawns typed ESLint runs (seconds each, much more on a busy machine): time out on hangs only.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

interface ExampleRuns {
  lintDir: string;
  fixDir: string;
  lint10: LintResult[];
  lint9: LintResult[];
  fix10: LintResult[];
  fixedBy9: Map<string, string>;
  tsc: RunResult;
  relint: LintResult[];
}

/** Runs everything once per example, two processes at a time (one per core); the tests below only compare. */
async function runExample(example: ExampleName, cleanUps: (() => void)[]): Promise<ExampleRuns> {
  const lintCopy = scratchCopy(example, 'cli-lint');
  const fixCopy10 = scratchCopy(example, 'cli-fix10');
  const fixCopy9 = scratchCopy(example, 'cli-fix9');
  cleanUps.push(lintCopy.remove, fixCopy10.remove, fixCopy9.remove);

  const [lint10, lint9] = await Promise.all([lintJson(10, lintCopy.dir), lintJson(9, lintCopy.dir)]);
  const [fix10] = await Promise.all([lintJson(10, fixCopy10.dir, ['--fix', '.']), lintJson(9, fixCopy9.dir, ['--fix', '.'])]);
  // The second lint uses the other ESLint major, so the fixed code is also checked by a fresh process and version.
  const [tsc, relint] = await Promise.all([runTsc(fixCopy10.dir), lintJson(9, fixCopy10.dir)]);
  console.log(`[e2e] examples/${example}: eslint 10 ${String(lint10.ms)} ms, eslint 9 ${String(lint9.ms)} ms, tsc ${String(tsc.ms)} ms`);
  return {
    lintDir: lintCopy.dir,
    fixDir: fixCopy10.dir,
    lint10: lint10.results,
    lint9: lint9.results,
    fix10: fix10.results,
    fixedBy9: readSources(fixCopy9.dir),
    tsc,
    relint: relint.results,
  };
}

// Scratch copies live until the end of the file: the CLI-option tests reuse the TypeORM runs.
const cleanUps: (() => void)[] = [];
const runsByExample = new Map<ExampleName, ExampleRuns>();
afterAll(() => {
  for (const cleanUp of cleanUps) cleanUp();
});

describe.each<ExampleName>(['typeorm', 'mikro-orm'])('examples/%s with the ESLint CLI', example => {
  const expected = expectedFindings(example);
  let runs: ExampleRuns;

  beforeAll(async () => {
    runs = await runExample(example, cleanUps);
    runsByExample.set(example, runs);
  });

  it('ESLint 10 reports exactly the expected findings (rule, file, line)', () => {
    expect(findingKeys(runs.lint10, runs.lintDir)).toEqual(sortedKeys(expected.findings));
  });

  it('ESLint 9 reports the same findings, positions and messages as ESLint 10', () => {
    expect(findingDetails(runs.lint9, runs.lintDir)).toEqual(findingDetails(runs.lint10, runs.lintDir));
  });

  it('no finding is a crash or a parse error', () => {
    const fatal = runs.lint10.flatMap(r => r.messages).filter(m => m.fatal === true || m.ruleId === null);
    expect(fatal).toEqual([]);
  });

  it('--fix changes exactly the files that have fixable findings, the same way in ESLint 9 and 10', () => {
    const original = readSources(runs.lintDir);
    const fixed = readSources(runs.fixDir);
    const changed = [...fixed].filter(([file, text]) => original.get(file) !== text).map(([file]) => file);
    const fixable = findingKeys(
      runs.lint10.map(r => ({ ...r, messages: r.messages.filter(m => m.fix !== undefined) })),
      runs.lintDir,
    ).map(key => key.split(':')[0]);
    expect(changed.sort()).toEqual([...new Set(fixable)].sort());
    expect(runs.fixedBy9).toEqual(fixed);
  });

  it('the fixed code compiles (tsc --noEmit -p tsconfig.json)', () => {
    expect(runs.tsc.stdout + runs.tsc.stderr).toBe('');
    expect(runs.tsc.status).toBe(0);
  });

  it('a second lint of the fixed copy reports only the findings that have no autofix', () => {
    expect(findingKeys(runs.relint, runs.fixDir)).toEqual(sortedKeys(expected.afterFix));
    expect(runs.relint.flatMap(r => r.messages).filter(m => m.fix !== undefined)).toEqual([]);
    // What `--fix` itself printed as remaining is what the fresh lint sees.
    expect(findingDetails(runs.fix10, runs.fixDir)).toEqual(findingDetails(runs.relint, runs.fixDir));
  });
});

describe('ESLint 10 CLI options on examples/typeorm', () => {
  // Compared with the single-threaded, uncached ESLint 10 run above.
  const reference = (): ExampleRuns => {
    const runs = runsByExample.get('typeorm');
    if (!runs) throw new Error('the examples/typeorm CLI runs did not happen');
    return runs;
  };

  it('--concurrency=2 reports exactly what a single-threaded run does', async () => {
    const { lintDir, lint10 } = reference();
    const threaded = await lintJson(10, lintDir, ['--concurrency=2', '.']);
    console.log(`[e2e] --concurrency=2: ${String(threaded.ms)} ms`);
    expect(findingDetails(threaded.results, lintDir)).toEqual(findingDetails(lint10, lintDir));
  });

  it('--cache: the second, cached run reports the same findings', async () => {
    const { lintDir, lint10 } = reference();
    const cacheLocation = path.join(lintDir, '..', 'eslintcache');
    const first = await lintJson(10, lintDir, ['--cache', '--cache-location', cacheLocation, '.']);
    const second = await lintJson(10, lintDir, ['--cache', '--cache-location', cacheLocation, '.']);
    console.log(`[e2e] --cache: first run ${String(first.ms)} ms, cached run ${String(second.ms)} ms`);
    expect(findingDetails(first.results, lintDir)).toEqual(findingDetails(lint10, lintDir));
    expect(findingDetails(second.results, lintDir)).toEqual(findingDetails(lint10, lintDir));
  });
});
