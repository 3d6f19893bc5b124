import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../src/rules/no-entity-across-async-boundary.js';

// ---------------------------------------------------------------------------------------------------------------
// Helpers. Each error names the text it flags; its position is computed from that text, so a case states exactly
// what is reported and where.

export const wordChar = /[\w$]/u;

export interface Where {
  /** Search starts at the first occurrence of this text. */
  after?: string;
  /** Which whole-word occurrence of the snippet (from `after`), 1-based. */
  nth?: number;
}

export function offsetOf(code: string, snippet: string, where: Where = {}): number {
  const after = where.after ?? '';
  let from = code.indexOf(after);
  if (from === -1) throw new Error(`'${after}' is not in the case`);
  let found = -1;
  for (let count = 0; count < (where.nth ?? 1); ) {
    found = code.indexOf(snippet, from);
    if (found === -1) throw new Error(`'${snippet}' is not in the case after '${after}'`);
    from = found + 1;
    const before = code.charAt(found - 1);
    const next = code.charAt(found + snippet.length);
    const cutStart = wordChar.test(snippet.charAt(0)) && wordChar.test(before);
    const cutEnd = wordChar.test(snippet.charAt(snippet.length - 1)) && wordChar.test(next);
    if (!cutStart && !cutEnd) count++;
  }
  return found;
}

export function lineColumn(code: string, offset: number): { line: number; column: number } {
  const before = code.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

export function span(code: string, snippet: string, where?: Where) {
  const start = offsetOf(code, snippet, where);
  const begin = lineColumn(code, start);
  const end = lineColumn(code, start + snippet.length);
  return { line: begin.line, column: begin.column, endLine: end.line, endColumn: end.column };
}

export interface Fix {
  /** The replacement text (also the suggestion's `replacement`). */
  to: string;
  /** The replaced text, ending where the flagged snippet ends (`target: phase`); the snippet itself by default. */
  from?: string;
}

export interface Spec extends Where {
  entity?: string;
  fix?: Fix;
}

export function suggestionOutput(code: string, snippet: string, spec: Spec, fix: Fix): string {
  const end = offsetOf(code, snippet, spec) + snippet.length;
  const from = fix.from ?? snippet;
  const start = end - from.length;
  if (code.slice(start, end) !== from) throw new Error(`'${from}' does not end at '${snippet}'`);
  return code.slice(0, start) + fix.to + code.slice(end);
}

export type Error = TestCaseError<MessageIds>;

/** `entityInPayload` at `snippet`; `expression` defaults to the snippet. With `fix`, the one suggestion. */
export function payload(
  code: string,
  snippet: string,
  boundary: string,
  spec: Spec & { expression?: string; messageId?: 'entityInPayload' | 'rowInPayload' } = {},
): Error {
  const entity = spec.entity ?? 'WorkflowPhase';
  const fix = spec.fix;
  return {
    messageId: spec.messageId ?? 'entityInPayload',
    data: { entity, expression: spec.expression ?? snippet, boundary },
    ...span(code, snippet, spec),
    suggestions: fix
      ? [{ messageId: 'passPrimaryKey', data: { replacement: fix.to, entity }, output: suggestionOutput(code, snippet, spec, fix) }]
      : [],
  };
}

export function jobType(code: string, snippet: string, subject: string, at: string | undefined, spec: Spec = {}): Error {
  return {
    messageId: 'entityInJobType',
    data: { subject, entity: spec.entity ?? 'WorkflowPhase', at: at === undefined ? '' : ` at \`${at}\`` },
    ...span(code, snippet, spec),
  };
}

export function deferred(code: string, snippet: string, callee: string, spec: Spec & { name?: string } = {}): Error {
  return {
    messageId: 'entityCapturedByDeferredCallback',
    data: { entity: spec.entity ?? 'WorkflowPhase', name: spec.name ?? snippet, callee },
    ...span(code, snippet, spec),
  };
}

export function floating(code: string, snippet: string, call: string, spec: Spec & { name?: string } = {}): Error {
  return {
    messageId: 'entityInFloatingCall',
    data: { entity: spec.entity ?? 'WorkflowPhase', name: spec.name ?? snippet, call },
    ...span(code, snippet, spec),
  };
}

export type Invalid = InvalidTestCase<MessageIds, Options>;
export type Valid = ValidTestCase<Options>;

export function invalid(code: string, errors: (code: string) => Error[], extra: Partial<Invalid> = {}): Invalid {
  return { code, output: null, errors: errors(code), ...extra };
}

// ---------------------------------------------------------------------------------------------------------------
// Headers shared by the cases.

export const models = `import { TestCycle, WorkflowPhase } from './models/typeorm';\n`;
export const bullmq = `import { FlowProducer, Job, Queue, Worker } from 'bullmq';\n${models}`;
export const bull = `import Bull from 'bull';\n${models}`;
export const pgBoss = `import { PgBoss } from 'pg-boss';\n${models}`;
export const agenda = `import type { Agenda } from 'agenda';\n${models}`;
export const graphile = `import { quickAddJob, type Helpers, type WorkerUtils } from 'graphile-worker';\n${models}`;
export const inngest = `import { Inngest } from 'inngest';\n${models}declare const phase: WorkflowPhase;\nconst inngest = new Inngest({ id: 'app' });\n`;
export const trigger = `import { task, tasks } from '@trigger.dev/sdk';\n${models}export const recalc = task({ id: 'recalc', run: async (payload: Record<string, unknown>) => Object.keys(payload).length });\n`;
export const temporalClient = `import type { Client } from '@temporalio/client';\n${models}import { reviewPhase, reviewPhaseById } from './async/workflows';\n`;
export const temporalWorkflow = `import { continueAsNew, executeChild, proxyActivities, proxyLocalActivities, startChild } from '@temporalio/workflow';\n${models}import type { entityActivities, idActivities } from './async/workflows';\nimport { reviewPhase, reviewPhaseById } from './async/workflows';\n`;
export const node = `import { fork } from 'node:child_process';\nimport { Worker, parentPort } from 'node:worker_threads';\n${models}`;
export const timers = `import type { EntityManager } from 'typeorm';\n${models}declare function recalc(phase: WorkflowPhase): void;\n`;
export const floats = `${models}declare function recalc(phase: WorkflowPhase): Promise<void>;\ndeclare function recalcById(phaseId: string): Promise<void>;\ndeclare function audit(phase: WorkflowPhase): void;\ndeclare function runLater(work: () => Promise<void>): Promise<void>;\n`;

