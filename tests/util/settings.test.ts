// settings['orm-hygiene'] is validated against its JSON schema once per settings object, and every problem is in
// one message without a stack into the plugin; the README's settings table is rendered from the schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { defaultSettings, parseSettings, settingsSchema } from '../../src/util/settings.js';
import { renderSettingsTable } from '../../scripts/settings-docs.mjs';

const message = (raw: unknown): string => {
  try {
    parseSettings(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('settings validation', () => {
  it('reports every problem in one message, with the path of each', () => {
    expect(
      message({
        entityTypes: [{ from: 'package', name: 'X' }, { from: 'elsewhere', name: 'Y' }, 3],
        timestampFields: 'updatedAt',
        managedFields: [{ entity: 'X' }],
        modelModule: ['@/models'],
      }),
    ).toBe(
      `eslint-plugin-orm-hygiene: invalid settings['orm-hygiene'] (see the README section "Settings"):
  - settings['orm-hygiene'] has an unknown key 'modelModule'
  - settings['orm-hygiene'].entityTypes[0] should have required property 'package'
  - settings['orm-hygiene'].entityTypes[1] matches none of the forms it can take
  - settings['orm-hygiene'].entityTypes[2] matches none of the forms it can take
  - settings['orm-hygiene'].timestampFields should be array
  - settings['orm-hygiene'].managedFields[0] should have required property 'field'`,
    );
  });

  it('a settings value that is not an object has no stray dot in its path', () => {
    expect(message('@/models')).toContain("  - settings['orm-hygiene'] should be object");
  });

  it('valid settings get the defaults, once per settings object', () => {
    const raw = { modelModules: ['@/models'], entityTypes: [{ from: 'package', package: 'x', name: 'X' }] };
    const settings = parseSettings(raw);
    expect(settings).toEqual({ ...defaultSettings, ...raw });
    expect(parseSettings(raw)).toBe(settings);
  });

  it('stops ESLint with the message and no stack frame of the plugin', () => {
    const linter = new Linter();
    let error: Error | undefined;
    try {
      linter.verify(
        'export {};\n',
        [
          plugin.configs.recommended,
          { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
          { settings: { 'orm-hygiene': { entityTypes: [{ from: 'package', name: 'X' }] } } },
          { files: ['**/*.ts'], ...plugin.configs['disable-type-checked'] },
        ] as Linter.Config[],
        'file.ts',
      );
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toMatch(
      /^Error while loading rule 'orm-hygiene\/no-unimported-models': eslint-plugin-orm-hygiene: invalid settings\['orm-hygiene'\]/u,
    );
    expect(error?.stack).not.toMatch(/^\s+at /mu);
  });
});

describe('README settings table', () => {
  it('is rendered from the schema (`npm run docs` writes it)', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
    const table = renderSettingsTable(settingsSchema, { ...defaultSettings });
    expect(readme).toContain(`<!-- begin settings table -->\n\n${table}\n\n<!-- end settings table -->`);
    for (const [key, value] of Object.entries((settingsSchema as { properties: Record<string, unknown> }).properties)) {
      expect(table).toContain(`| \`${key}\` |`);
      expect(table).toContain((value as { description: string }).description);
    }
  });
});
