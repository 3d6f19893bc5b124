// README "Troubleshooting", item 1: `eslint --fix` with `parserOptions.project` in typescript-eslint's single-run
// mode crashes inside TypeScript (`getModuleSpecifiers`: "Cannot read properties of undefined (reading
// 'includes')"), with or without this plugin's rules. The documented workarounds must pass: `projectService`, or
// `TSESTREE_SINGLE_RUN=false`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectedFindings, findingKeys, lintJson, requireBuild, runEslint, scratchCopy, sortedKeys, type RunResult } from './helpers.js';

requireBuild();
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const cleanUps: (() => void)[] = [];
afterAll(() => {
  for (const cleanUp of cleanUps) cleanUp();
});

/** A scratch copy of examples/typeorm whose config uses `parserOptions.project` (or keeps `projectService`). */
function copy(label: string, project: boolean): string {
  const scratch = scratchCopy('typeorm', label);
  cleanUps.push(scratch.remove);
  const config = path.join(scratch.dir, 'eslint.config.mjs');
  const text = readFileSync(config, 'utf8');
  if (!text.includes('projectService: true,')) throw new Error('examples/typeorm/eslint.config.mjs changed: update this test');
  if (project) writeFileSync(config, text.replace('projectService: true,', "project: './tsconfig.json',"));
  return scratch.dir;
}

const afterFix = sortedKeys(expectedFindings('typeorm').afterFix);

describe('eslint --fix with parserOptions.project', () => {
  const runs = new Map<string, { dir: string; run: RunResult }>();

  beforeAll(async () => {
    const cases: [string, boolean, Record<string, string>][] = [
      ['single-run', true, { TSESTREE_SINGLE_RUN: 'true' }],
      ['no-single-run', true, { TSESTREE_SINGLE_RUN: 'false' }],
      ['project-service', false, { TSESTREE_SINGLE_RUN: 'true' }],
    ];
    for (let i = 0; i < cases.length; i += 2) {
      await Promise.all(
        cases.slice(i, i + 2).map(async ([label, project, env]) => {
          const dir = copy(`trouble-${label}`, project);
          runs.set(label, { dir, run: await runEslint(10, dir, ['--fix', '.'], env) });
        }),
      );
    }
  });

  it('upstream: crashes in single-run mode (when this fails, the upstream bug is fixed: update the README)', () => {
    const { run } = runs.get('single-run')!;
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("TypeError: Cannot read properties of undefined (reading 'includes')");
  });

  it.each(['no-single-run', 'project-service'])('workaround %s: --fix completes and leaves only the findings without autofix', async label => {
    const { dir, run } = runs.get(label)!;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const { results } = await lintJson(10, dir);
    expect(findingKeys(results, dir)).toEqual(afterFix);
  });
});
