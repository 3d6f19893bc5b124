import path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fileCalls, importedModules } from '../../src/analysis/call-names.js';
import { wrapperPolicy } from '../../src/analysis/entity-policy.js';
import { wrapperArguments } from '../../src/analysis/wrappers.js';
import { boundaryTables, payloadCallNames } from '../../src/orm/boundary-matcher.js';
import { packagesInProgram } from '../../src/util/specifiers.js';
import { fixturesDir } from '../rule-tester.js';

/** A document registry as a language service has one: an unchanged file's text gives back the same `SourceFile`. */
const documents = new Map<string, ts.SourceFile>();

/**
 * A program of in-memory files (next to the fixtures, so packages resolve from the repository's node_modules). With
 * `oldProgram`, an edit's next program: unchanged files keep their `SourceFile`, as in an editor.
 */
function programOf(files: Record<string, string>, oldProgram?: ts.Program): ts.Program {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    experimentalDecorators: true,
  };
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(fixturesDir, 'virtual', name), text]));
  const host = ts.createCompilerHost(options, true);
  const disk = { ...host };
  host.getSourceFile = (fileName, language, ...rest) => {
    const text = virtual.get(fileName);
    if (text === undefined) return disk.getSourceFile(fileName, language, ...rest);
    const known = documents.get(fileName);
    if (known?.text === text) return known;
    const created = ts.createSourceFile(fileName, text, language, true);
    documents.set(fileName, created);
    return created;
  };
  host.fileExists = fileName => virtual.has(fileName) || disk.fileExists(fileName);
  host.readFile = fileName => virtual.get(fileName) ?? disk.readFile(fileName);
  host.directoryExists = name => name === path.join(fixturesDir, 'virtual') || (disk.directoryExists?.(name) ?? true);
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host, oldProgram });
  program.getTypeChecker();
  return program;
}

function summaryOf(code: string) {
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true);
  const summary = fileCalls(file);
  return {
    summary,
    functions: summary.functions.map(f => ({ names: f.names, calls: [...f.calls].sort() })),
  };
}

describe('fileCalls', () => {
  it('names each function by what it can be called as, and lists the calls inside it, nested callbacks included', () => {
    const { functions } = summaryOf(`
      import { add as put } from 'somewhere';
      export default function main(xs: number[]) { xs.forEach(x => put(x)); }
      class Jobs {
        constructor() { this.init(); }
        enqueue(data: object) { return this.queue['add']('job', data); }
        schedule = async (data: object) => new Worker(data);
      }
      const helpers = { notify: (x: object) => send(x), run(y: object) { return (y as any).go(); } };
      const later = (async () => { await tick(); }) as () => Promise<void>;
    `);
    expect(functions).toEqual([
      { names: ['main', 'default'], calls: ['add', 'forEach', 'put'] },
      { names: [], calls: ['add', 'put'] },
      { names: ['Jobs'], calls: ['init'] },
      { names: ['enqueue'], calls: ['add'] },
      { names: ['schedule'], calls: ['Worker'] },
      { names: ['notify'], calls: ['send'] },
      { names: ['run'], calls: ['go'] },
      { names: ['later'], calls: ['tick'] },
    ]);
  });

  it('records imports and export aliases', () => {
    const { summary } = summaryOf(`
      import { Queue } from 'bullmq';
      import type { Job } from './job';
      function enqueue() {}
      export { enqueue as schedule };
      export default enqueue;
    `);
    expect([...summary.imports]).toEqual(['bullmq', './job']);
    expect(summary.exportAliases).toEqual([
      ['enqueue', 'schedule'],
      ['enqueue', 'default'],
    ]);
  });

  it('lists the calls outside any function body, and shares its imports with importedModules', () => {
    const { summary } = summaryOf(`
      import { proxyActivities } from '@temporalio/workflow';
      const acts = proxyActivities<typeof import('./acts')>({ startToCloseTimeout: '1 minute' });
      class Holder { field = make(); method() { return inner(); } }
      await main(() => nested());
    `);
    expect(summary.topLevelCalls.map(call => call.expression.getText())).toEqual(['proxyActivities', 'make', 'main']);
    const file = ts.createSourceFile('y.ts', `import '@temporalio/workflow';\nexport { x } from './x';`, ts.ScriptTarget.ES2022, true);
    expect([...importedModules(file)]).toEqual(['@temporalio/workflow']);
    expect(importedModules(file)).toBe(fileCalls(file).imports);
  });
});

describe('boundary names by the packages of a program', () => {
  const program = programOf({
    'queue.ts': `
      import { Queue } from 'bullmq';
      export class Phase { id = 1; }
      declare const queue: Queue;
      async function enqueuePhase(data: object): Promise<void> { await queue.add('job', data); }
      async function relay(data: object): Promise<void> { await enqueuePhase(data); }
      export { relay as schedulePhase };
      export function unrelated(set: Set<object>, data: object): void { set.add(data); }
    `,
    'use.ts': `
      import { schedulePhase, unrelated } from './queue';
      declare const phase: object;
      export const calls = [schedulePhase(phase), unrelated(new Set(), phase)];
    `,
  });

  it('knows which packages the program has declarations of, ambient modules included', () => {
    const packages = packagesInProgram(program);
    expect(packages?.has('bullmq')).toBe(true);
    expect(packages?.has('agenda')).toBe(false);
    expect(packages?.has('pg-boss')).toBe(false);
  });

  it('leaves out boundaries of packages the program does not have', () => {
    const names = payloadCallNames(program, boundaryTables([], []));
    expect(names?.has('add')).toBe(true);
    // agenda's `create`/`now`, pg-boss's `send`, Temporal's `start`: none of those packages is in this program.
    for (const name of ['create', 'now', 'schedule', 'start', 'sendAfter']) expect(names?.has(name), name).toBe(false);
    // A user entry matched by callee type alone can have any name.
    expect(payloadCallNames(program, boundaryTables([{ callee: [{ from: 'file', name: 'Enqueue' }], payload: [{ index: 0 }] }], []))).toBeUndefined();
  });

  it('finds a wrapper reached through an export alias and leaves out a function that only calls a same-named method', () => {
    const use = program.getSourceFile(path.join(fixturesDir, 'virtual', 'use.ts'))!;
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isArrayLiteralExpression(node.parent)) calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(use);
    const policy = wrapperPolicy(program, boundaryTables([], []));
    expect(calls.map(c => [...wrapperArguments(program, policy, c)])).toEqual([[[0, 'bullmq.Queue.add']], []]);
  });
});

describe('project wrappers across the programs of an editor', () => {
  const queue = `
    import { Queue } from 'bullmq';
    declare const queue: Queue;
    export async function enqueuePhase(data: object): Promise<void> { await queue.add('job', data); }
    export function unrelated(set: Set<object>, data: object): void { set.add(data); }
  `;
  const use = (edit: string): string => `
    import { enqueuePhase } from './wrappers-queue';
    declare const phase: object;
    export const calls = [enqueuePhase(phase)];${edit}
  `;
  const fileName = (name: string): string => path.join(fixturesDir, 'virtual', name);
  const firstCall = (program: ts.Program): ts.CallExpression => {
    let found: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (!found && ts.isCallExpression(node) && ts.isArrayLiteralExpression(node.parent)) found = node;
      ts.forEachChild(node, visit);
    };
    visit(program.getSourceFile(fileName('wrappers-use.ts'))!);
    return found!;
  };
  /** The wrapper verdict of the use's call, and the calls of `queue.ts` whose boundary was asked for on the way. */
  const lint = (program: ts.Program) => {
    const tables = boundaryTables([], []);
    const policy = wrapperPolicy(program, tables);
    const asked: string[] = [];
    const spy = {
      ...policy,
      boundaryOfArgument: (call: ts.CallExpression | ts.NewExpression, index: number) => {
        if (call.getSourceFile().fileName === fileName('wrappers-queue.ts')) asked.push(call.getText());
        return policy.boundaryOfArgument(call, index);
      },
    };
    return { verdict: [...wrapperArguments(program, spy, firstCall(program))], asked };
  };

  it('types the boundary-named calls of an unchanged file once, not again for each edit of another file', () => {
    const first = programOf({ 'wrappers-queue.ts': queue, 'wrappers-use.ts': use('') });
    const before = lint(first);
    expect(before.verdict).toEqual([[0, 'bullmq.Queue.add']]);
    // The first program types every call named like a boundary, `set.add(data)` included.
    expect(before.asked).toContain('set.add(data)');
    const second = programOf({ 'wrappers-queue.ts': queue, 'wrappers-use.ts': use('\n// edited') }, first);
    expect(second.getSourceFile(fileName('wrappers-queue.ts'))).toBe(first.getSourceFile(fileName('wrappers-queue.ts')));
    const after = lint(second);
    expect(after.verdict).toEqual([[0, 'bullmq.Queue.add']]);
    // The next program follows the wrapper's parameter into `queue.add` again, but does not look for wrappers anew.
    expect(after.asked).not.toContain('set.add(data)');
  });

  it('looks again at a file that changed', () => {
    const first = programOf({ 'wrappers-queue.ts': queue, 'wrappers-use.ts': use('\n// one') });
    lint(first);
    const changed = queue.replace('set.add(data);', 'set.add(data);\n    set.add(data);');
    const second = programOf({ 'wrappers-queue.ts': changed, 'wrappers-use.ts': use('\n// one') }, first);
    expect(lint(second).asked).toContain('set.add(data)');
  });
});

