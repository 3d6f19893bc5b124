import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist/index.js');

describe('published package', () => {
  it('is built (npm test runs `npm run build` first)', () => {
    expect(existsSync(dist), 'dist/index.js is missing: run `npm run build`').toBe(true);
  });

  it('packs only dist, README, LICENSE and package.json', () => {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    const [{ files }] = JSON.parse(output) as [{ files: { path: string }[] }];
    const outside = files.map(f => f.path).filter(p => !p.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(p));
    expect(outside).toEqual([]);
    expect(files.map(f => f.path)).toContain('dist/index.d.ts');
  });

  it('loads with import (eslint.config.js/.mjs/.ts) and with require (eslint.config.cjs) in plain Node', () => {
    // Outside vitest's module graph: exactly what ESLint does when it loads a user's config file.
    const script = `
      const required = require(${JSON.stringify(dist)}).default;
      import(${JSON.stringify(pathToFileURL(dist).href)}).then(m => {
        console.log(JSON.stringify({ same: m.default === required, namespace: required.meta.namespace,
          rules: Object.keys(required.rules), configs: Object.keys(required.configs) }));
      });`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      same: true,
      namespace: 'orm-hygiene',
      rules: ['no-entity-across-async-boundary', 'no-unimported-models', 'require-audit-fields'],
      configs: ['recommended', 'strict', 'disable-type-checked'],
    });
  });

  it('depends at run time on @typescript-eslint/utils and type-utils only, at one exact version', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@typescript-eslint/type-utils', '@typescript-eslint/utils']);
    expect(new Set(Object.values(manifest.dependencies)).size).toBe(1);
  });

  it('imports at run time only what it declares: its dependencies, its peers (eslint, typescript), Node built-ins', () => {
    // A strict package manager (pnpm) does not let a package import a dependency of its dependencies (ts-api-utils).
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const imported = new Set<string>();
    const files = readdirSync(path.join(root, 'dist'), { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.js'));
    for (const file of files) {
      const text = readFileSync(path.join(root, 'dist', file), 'utf8');
      for (const [, specifier] of text.matchAll(/^(?:import|export)\s(?:[^;]*?\sfrom\s)?'([^'.][^']*)'/gm)) {
        if (/[{$]/.test(specifier!)) continue; // a message template (`import { X } from '{{pkg}}'`), not an import
        const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
        if (!name.startsWith('node:') && !builtinModules.includes(name)) imported.add(name);
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect([...imported].filter(name => !declared.has(name)).sort()).toEqual([]);
    expect(imported).toContain('@typescript-eslint/utils');
  });

  it('resolves by its own name through package.json exports', async () => {
    const byName = (await import('eslint-plugin-orm-hygiene')) as { default: unknown };
    const byPath = (await import(pathToFileURL(dist).href)) as { default: unknown };
    expect(byName.default).toBe(byPath.default);
  });
});
