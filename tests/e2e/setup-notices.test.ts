// Setup notices are told once per program, not once per file or per rule: the real CLIs (ESLint 10 and 9) on
// scratch copies of examples/typeorm, one with a modelModules entry that resolves nowhere, one whose entities are
// declared through a decorator the type checker cannot follow.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { lintJson, requireBuild, scratchCopy, type EslintVersion, type LintResult } from './helpers.js';

requireBuild();
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const cleanUps: (() => void)[] = [];
afterAll(() => {
  for (const cleanUp of cleanUps) cleanUp();
});

function messagesWith(results: readonly LintResult[], messageId: string, dir: string): string[] {
  return results.flatMap(r =>
    r.messages
      .filter(m => m.messageId === messageId)
      .map(m => `${path.relative(dir, r.filePath)}:${String(m.line)} ${m.ruleId ?? ''}`),
  );
}

describe('a modelModules entry that resolves from no file of the program', () => {
  const copy = scratchCopy('typeorm', 'notice-module');
  cleanUps.push(copy.remove);
  const config = path.join(copy.dir, 'eslint.config.mjs');
  const text = readFileSync(config, 'utf8');
  if (!text.includes("modelModules: ['@/models']")) throw new Error('examples/typeorm/eslint.config.mjs changed: update this test');
  writeFileSync(config, text.replace("modelModules: ['@/models']", "modelModules: ['@/models', '@/missing-models']"));

  it.each<EslintVersion>([10, 9])('ESLint %i tells it once for the whole program', async version => {
    const { results } = await lintJson(version, copy.dir);
    expect(results.length).toBeGreaterThan(3);
    const notices = messagesWith(results, 'unresolvedModelModule', copy.dir);
    expect(notices).toHaveLength(1);
    const all = results.flatMap(r => r.messages).filter(m => m.messageId === 'unresolvedModelModule');
    expect(all[0]?.message).toContain("'@/missing-models' resolves from no file of this program");
  });
});

describe('a program whose entities are declared through a decorator the checker cannot follow', () => {
  const copy = scratchCopy('typeorm', 'notice-entities');
  cleanUps.push(copy.remove);
  const models = path.join(copy.dir, 'src/models');
  let rewritten = 0;
  for (const name of readdirSync(models)) {
    const file = path.join(models, name);
    const source = readFileSync(file, 'utf8');
    if (!source.includes('@Entity(')) continue;
    // `@opaque(Entity)()`: the decorator is a call result typed `any`, so nothing says it is TypeORM's.
    const lines = source.replace(/@Entity\(/gu, '@opaque(Entity)(').split('\n');
    lines.splice(1, 0, 'const opaque = (decorator: unknown): any => decorator;');
    writeFileSync(file, lines.join('\n'));
    rewritten++;
  }
  if (rewritten < 3) throw new Error('examples/typeorm/src/models changed: update this test');

  it.each<EslintVersion>([10, 9])('ESLint %i tells it once, at an entity-declaring import, whichever rules run', async version => {
    const { results } = await lintJson(version, copy.dir);
    const notices = messagesWith(results, 'noEntitiesRecognised', copy.dir);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^src\/models\/[\w-]+\.ts:1 orm-hygiene\//u);
    const message = results.flatMap(r => r.messages).find(m => m.messageId === 'noEntitiesRecognised')?.message ?? '';
    expect(message).toContain("imports `Entity` from 'typeorm'");
    expect(message).toContain("settings['orm-hygiene'].entityTypes");
  });
});
