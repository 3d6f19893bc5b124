// The README's configuration, copied from README.md as it stands, with and without its optional
// `tseslint.configs.*` line, linting one file of each extension users have: .js .cjs .mjs (ESLint's own parser, or
// typescript-eslint's without types) and .ts .tsx .mts .cts (typed).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { examplesDir, requireBuild, root, runEslint, type EslintVersion, type LintResult } from './helpers.js';

requireBuild();
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const block = /```js\n(\/\/ eslint\.config\.mjs\n[\s\S]*?)```/u.exec(readme)?.[1];
if (!block) throw new Error('README.md has no ```js block starting with `// eslint.config.mjs`: update this test');
const optionalLine = block.split('\n').find(line => /^\s*\.\.\.tseslint\.configs\.\w+, \/\/ optional/u.test(line));
if (!optionalLine) throw new Error('README.md: the config block has no `...tseslint.configs.*, // optional` line');

/** The README block, the optional line kept or left out, plus an options entry the test needs for `.js` files. */
function configText(withOptional: boolean): string {
  const text = withOptional ? block! : block!.replace(`${optionalLine!}\n`, '');
  return text.replace(
    /\n\];\n$/u,
    "\n  { rules: { 'orm-hygiene/no-unimported-models': ['error', { models: ['Invoice'] }] } },\n];\n",
  );
}

const model = `import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity()
export class Invoice {
  @PrimaryGeneratedColumn() id!: number;
  @Column() status!: string;
  @UpdateDateColumn() updatedAt!: Date;
  @Column({ type: 'varchar', nullable: true }) updatedBy!: string | null;
}
`;
const typed = (extra = ''): string => `import { Invoice } from './models/invoice';

export function approve(invoice: Invoice, userId: string): void {
  invoice.status = 'approved';
}
${extra}`;
const untyped = 'export const all = () => Invoice.find();\n';

const files: Record<string, string> = {
  'src/a.ts': typed(),
  'src/b.tsx': typed('export const badge = <b>approved</b>;\n'),
  'src/c.mts': typed(),
  'src/d.cts': typed(),
  'src/e.js': untyped,
  'src/f.mjs': untyped,
  'src/g.cjs': 'exports.all = () => Invoice.find();\n',
};
const expected: Record<string, string[]> = {
  'src/a.ts': ['4:3 orm-hygiene/require-audit-fields'],
  'src/b.tsx': ['4:3 orm-hygiene/require-audit-fields'],
  'src/c.mts': ['4:3 orm-hygiene/require-audit-fields'],
  'src/d.cts': ['4:3 orm-hygiene/require-audit-fields'],
  'src/e.js': ['1:26 orm-hygiene/no-unimported-models'],
  'src/f.mjs': ['1:26 orm-hygiene/no-unimported-models'],
  'src/g.cjs': ['1:21 orm-hygiene/no-unimported-models'],
};

function project(label: string, withOptional: boolean): string {
  const dir = path.join(examplesDir, `.e2e-readme-${label}-${String(process.pid)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src/models'), { recursive: true });
  writeFileSync(path.join(dir, 'eslint.config.mjs'), configText(withOptional));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'preserve', strict: true,
        experimentalDecorators: true, skipLibCheck: true, noEmit: true, types: [],
      },
      include: ['src/**/*.ts', 'src/**/*.tsx', 'src/**/*.mts', 'src/**/*.cts'],
    }),
  );
  writeFileSync(path.join(dir, 'src/models/invoice.ts'), model);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const variants = { 'with the optional line': true, 'without the optional line': false } as const;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.keys(variants) as (keyof typeof variants)[])('README setup %s', variant => {
  const runs = new Map<EslintVersion, { status: number | null; results: LintResult[]; stderr: string }>();
  let dir: string;

  beforeAll(async () => {
    dir = project(variants[variant] ? 'with' : 'without', variants[variant]);
    dirs.push(dir);
    await Promise.all(
      ([10, 9] as const).map(async version => {
        const run = await runEslint(version, dir, ['--format', 'json', '.']);
        runs.set(version, { status: run.status, stderr: run.stderr, results: run.stdout ? (JSON.parse(run.stdout) as LintResult[]) : [] });
      }),
    );
  });

  it.each<EslintVersion>([10, 9])('ESLint %i lints every extension, typed where it can be, without a crash', version => {
    const run = runs.get(version)!;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const found: Record<string, string[]> = {};
    for (const result of run.results) {
      const file = path.relative(dir, result.filePath).split(path.sep).join('/');
      if (file === 'eslint.config.mjs' || file.startsWith('src/models/')) {
        expect(result.messages.filter(m => m.fatal || m.ruleId?.startsWith('orm-hygiene/'))).toEqual([]);
        continue;
      }
      expect(result.messages.filter(m => m.fatal)).toEqual([]);
      found[file] = result.messages
        .filter(m => m.ruleId?.startsWith('orm-hygiene/'))
        .map(m => `${String(m.line)}:${String(m.column)} ${m.ruleId!}`);
    }
    expect(found).toEqual(expected);
  });
});
