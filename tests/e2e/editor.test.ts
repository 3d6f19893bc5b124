// The editor path: the VS Code ESLint extension keeps one `ESLint` instance per workspace and calls
// `lintText(unsavedText, { filePath })` on every edit. Findings and quick fixes (suggestions) must follow the
// unsaved text, not the file on disk, and a re-lint in the same instance must reflect the next edit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requireBuild, scratchCopy } from './helpers.js';

requireBuild();
// Each step spawns typed ESLint runs (seconds each, much more on a busy machine): time out on hangs only.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const file = 'src/services/sampling.service.ts';
const copy = scratchCopy('typeorm', 'editor');
const filePath = path.join(copy.dir, file);
const onDisk = readFileSync(filePath, 'utf8');

/** Applies one edit to the text; fails loudly if the example changed under the test. */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

function applySuggestion(text: string, fix: { range: [number, number]; text: string }): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

describe(`ESLint#lintText on unsaved text of examples/typeorm/${file}`, () => {
  let eslint: ESLint;

  beforeAll(() => {
    // What the extension does: cwd = workspace folder, the workspace's eslint.config.mjs.
    eslint = new ESLint({ cwd: copy.dir });
  });
  afterAll(() => {
    copy.remove();
  });

  it('the file as saved on disk is clean', async () => {
    const [result] = await eslint.lintText(onDisk, { filePath });
    expect(result?.messages).toEqual([]);
  });

  // The unsaved edit: forget the actor stamp, and put the entity itself into the job payload.
  const unsaved = edit(
    edit(onDisk, '    phase.updatedBy = userId;\n', ''),
    "metricsQueue.add('phase-started', { phaseId: phase.id })",
    "metricsQueue.add('phase-started', { phase })",
  );

  it('reports the unsaved edits at their unsaved positions, with autofix and quick fixes', async () => {
    const [result] = await eslint.lintText(unsaved, { filePath });
    const messages = result?.messages ?? [];
    expect(messages.map(m => [m.ruleId, m.line])).toEqual([
      ['orm-hygiene/require-audit-fields', lineOf(unsaved, "phase.state = 'In Progress'")],
      ['orm-hygiene/no-entity-across-async-boundary', lineOf(unsaved, '{ phase }')],
    ]);

    const [audit, boundary] = messages;
    // The autofix puts the stamp back after the last write of the group.
    expect(audit?.fix).toBeDefined();
    if (audit?.fix) {
      expect(applySuggestion(unsaved, audit.fix)).toBe(
        edit(unsaved, '    phase.startedBy = userId;\n', '    phase.startedBy = userId;\n    phase.updatedBy = userId;\n'),
      );
    }
    // No autofix across a boundary (the job must change too), but a quick fix: pass the primary key.
    expect(boundary?.fix).toBeUndefined();
    const suggestion = boundary?.suggestions?.[0];
    expect(suggestion?.desc).toBeTruthy();
    if (suggestion) expect(applySuggestion(unsaved, suggestion.fix)).toBe(edit(unsaved, '{ phase }', '{ phaseId: phase.id }'));
  });

  it('re-linting in the same instance after a further edit reflects that edit', async () => {
    // The user accepts the quick fix and re-adds the stamp by hand: the same ESLint instance must see a clean file.
    const repaired = edit(
      edit(unsaved, '{ phase }', '{ phaseId: phase.id }'),
      '    phase.startedBy = userId;\n',
      '    phase.startedBy = userId;\n    phase.updatedBy = userId;\n',
    );
    const [result] = await eslint.lintText(repaired, { filePath });
    expect(result?.messages).toEqual([]);

    // And the next unsaved slip is reported again, still without saving anything.
    const again = edit(repaired, '    cycleReport.updatedBy = userId;\n', '');
    const [next] = await eslint.lintText(again, { filePath });
    expect(next?.messages.map(m => [m.ruleId, m.line])).toEqual([
      ['orm-hygiene/require-audit-fields', lineOf(again, "cycleReport.status = 'Signed Off'")],
    ]);
    expect(readFileSync(filePath, 'utf8')).toBe(onDisk);
  });
});
