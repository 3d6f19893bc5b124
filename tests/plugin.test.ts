import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ruleFiles = readdirSync(path.join(root, 'src/rules'))
  .filter(file => file.endsWith('.ts') && file !== 'index.ts')
  .map(file => file.replace(/\.ts$/u, ''));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

describe('plugin', () => {
  it('exports every rule file, and only those', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleFiles].sort());
  });

  it('has meta with name, version and namespace', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'orm-hygiene' });
  });

  describe.each(ruleFiles)('rule %s', name => {
    const rule = plugin.rules[name as keyof typeof plugin.rules];

    it('has docs, tests and a docs.url pointing at its doc', () => {
      expect(existsSync(path.join(root, 'docs/rules', `${name}.md`))).toBe(true);
      expect(existsSync(path.join(root, 'tests/rules', `${name}.test.ts`))).toBe(true);
      expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`, 'u'));
      expect(rule.meta.docs?.description).toMatch(/^[A-Z].*[^.]$/u);
    });

    it('has a schema with descriptions and defaults in meta.defaultOptions', () => {
      const schema = rule.meta.schema;
      expect(Array.isArray(schema)).toBe(true);
      for (const item of schema as readonly { properties?: Record<string, { description?: string }> }[]) {
        for (const [key, property] of Object.entries(item.properties ?? {})) {
          expect(property.description, `${name} option ${key}`).toBeTruthy();
        }
      }
      if ((schema as unknown[]).length > 0) expect(rule.meta.defaultOptions).toBeDefined();
    });

    it('documents every option: in the generated options list, or in a hand-written section per option', () => {
      const doc = readFileSync(path.join(root, 'docs/rules', `${name}.md`), 'utf8');
      const generated = doc.includes('<!-- begin auto-generated rule options list -->');
      for (const item of rule.meta.schema as readonly { properties?: Record<string, unknown> }[]) {
        for (const key of Object.keys(item.properties ?? {})) {
          expect(doc, `${name} option ${key}`).toContain(generated ? `| \`${key}\`` : `### \`${key}\``);
        }
      }
    });
  });

  it('derives configs from meta.docs.recommended (and meta.docs.strictOptions for strict)', () => {
    const expected = (levels: string[], strict: boolean) =>
      Object.fromEntries(
        ruleFiles
          .filter(name => levels.includes(plugin.rules[name as keyof typeof plugin.rules].meta.docs?.recommended ?? ''))
          .map(name => {
            const strictOptions = strict ? plugin.rules[name as keyof typeof plugin.rules].meta.docs?.strictOptions : undefined;
            return [`orm-hygiene/${name}`, strictOptions ? ['error', ...strictOptions] : 'error'];
          }),
      );
    expect(plugin.configs.recommended.rules).toEqual(expected(['recommended'], false));
    expect(plugin.configs.strict.rules).toEqual(expected(['recommended', 'strict'], true));
    expect(plugin.configs.strict.rules?.['orm-hygiene/require-audit-fields']).toEqual(['error', { requireActor: 'always' }]);
    expect(plugin.configs['disable-type-checked'].rules).toEqual(
      Object.fromEntries(
        ruleFiles
          .filter(name => plugin.rules[name as keyof typeof plugin.rules].meta.docs?.requiresTypeChecking)
          .map(name => [`orm-hygiene/${name}`, 'off']),
      ),
    );
    for (const [key, config] of Object.entries(plugin.configs)) {
      expect(config.name).toBe(`orm-hygiene/${key}`);
    }
    expect(plugin.configs.recommended.plugins?.['orm-hygiene']).toBe(plugin);
  });
});
