import * as parser from '@typescript-eslint/parser';
import { TSESLint } from '@typescript-eslint/utils';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule, { type Options } from '../../src/rules/no-entity-across-async-boundary.js';
import { createTypedRuleTester, fixturesDir } from '../rule-tester.js';
import { typecheckOutput } from '../typecheck-output.js';
import {
  agenda,
  bull,
  bullmq,
  deferred,
  floating,
  floats,
  graphile,
  inngest,
  invalid,
  jobType,
  models,
  node,
  payload,
  pgBoss,
  temporalClient,
  temporalWorkflow,
  timers,
  trigger,
  type Invalid,
  type Valid,
} from './async-boundary-cases.js';

const ruleTester = createTypedRuleTester();

// Suggestion outputs of single-error cases are linted again as valid cases: the suggestion converges.
const convergence: Valid[] = [];
function converges(cases: Invalid[]): Invalid[] {
  for (const item of cases) {
    const [only] = item.errors;
    const output = only?.suggestions?.[0]?.output;
    if (item.errors.length === 1 && output !== undefined) {
      convergence.push(item.options ? { code: output, options: item.options } : { code: output });
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Every default boundary: one valid and one invalid case, against the real packages' types.

const boundaryValid: Valid[] = [
  // bullmq
  `${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { phaseId: phase.id });\n}`,
  `${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.addBulk([{ name: 'recalc', data: { phaseId: phase.id } }]);\n}`,
  `${bullmq}export async function enqueue(phase: WorkflowPhase, flows: FlowProducer): Promise<void> {\n  await flows.add({ name: 'recalc', queueName: 'q', data: { phaseId: phase.id }, children: [{ name: 'audit', queueName: 'a', data: { phaseId: phase.id } }] });\n}`,
  // bull
  `${bull}export async function enqueue(phase: WorkflowPhase, queue: Bull.Queue): Promise<void> {\n  await queue.add({ phaseId: phase.id });\n  await queue.add('recalc', { phaseId: phase.id });\n}`,
  `${bull}export async function enqueue(phase: WorkflowPhase, queue: Bull.Queue): Promise<void> {\n  await queue.addBulk([{ name: 'recalc', data: { phaseId: phase.id } }]);\n}`,
  // pg-boss
  `${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.send('recalc', { phaseId: phase.id });\n  await boss.send({ name: 'recalc', data: { phaseId: phase.id } });\n}`,
  `${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.sendAfter('recalc', { phaseId: phase.id }, null, 60);\n}`,
  `${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.sendThrottled('recalc', { phaseId: phase.id }, null, 60);\n}`,
  `${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.sendDebounced('recalc', { phaseId: phase.id }, null, 60, 'key');\n}`,
  `${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.publish('phase.changed', { phaseId: phase.id });\n}`,
  `${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.schedule('recalc', '0 * * * *', { phaseId: phase.id });\n}`,
  `${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.insert('recalc', [{ data: { phaseId: phase.id } }]);\n}`,
  // agenda
  `${agenda}export async function enqueue(phase: WorkflowPhase, agenda: Agenda): Promise<void> {\n  await agenda.now('recalc', { phaseId: phase.id });\n}`,
  `${agenda}export async function enqueue(phase: WorkflowPhase, agenda: Agenda): Promise<void> {\n  await agenda.schedule('in 5 minutes', 'recalc', { phaseId: phase.id });\n}`,
  `${agenda}export async function enqueue(phase: WorkflowPhase, agenda: Agenda): Promise<void> {\n  await agenda.every('5 minutes', 'recalc', { phaseId: phase.id });\n}`,
  `${agenda}export async function enqueue(phase: WorkflowPhase, agenda: Agenda): Promise<void> {\n  await agenda.create('recalc', { phaseId: phase.id }).save();\n}`,
  // graphile-worker
  `${graphile}export async function enqueue(phase: WorkflowPhase, utils: WorkerUtils, helpers: Helpers): Promise<void> {\n  await utils.addJob('recalc', { phaseId: phase.id });\n  const { addJob } = helpers;\n  await addJob('recalc', phase.id);\n}`,
  `${graphile}export async function enqueue(phase: WorkflowPhase, utils: WorkerUtils): Promise<void> {\n  await utils.addJobs([{ identifier: 'recalc', payload: { phaseId: phase.id } }]);\n}`,
  `${graphile}export async function enqueue(phase: WorkflowPhase): Promise<void> {\n  await quickAddJob({ connectionString: 'postgres://localhost/app' }, 'recalc', { phaseId: phase.id });\n}`,
  // inngest
  `${inngest}export async function emit(): Promise<void> {\n  await inngest.send({ name: 'phase/changed', data: { phaseId: phase.id } });\n}`,
  `${inngest}export const review = inngest.createFunction({ id: 'review', triggers: [{ event: 'phase/review' }] }, async ({ step }) => {\n  await step.sendEvent('emit', { name: 'phase/changed', data: { phaseId: phase.id } });\n});`,
  `${inngest}const recalc = inngest.createFunction({ id: 'recalc', triggers: [{ event: 'phase/recalc' }] }, async () => 'done');\nexport const review = inngest.createFunction({ id: 'review', triggers: [{ event: 'phase/review' }] }, async ({ step }) => {\n  await step.invoke('recalc', { function: recalc, data: { phaseId: phase.id } });\n});`,
  // trigger.dev
  `${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await recalc.trigger({ phaseId: phase.id });\n}`,
  `${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await recalc.triggerAndWait({ phaseId: phase.id });\n}`,
  `${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await recalc.batchTrigger([{ payload: { phaseId: phase.id } }]);\n}`,
  `${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await tasks.trigger<typeof recalc>('recalc', { phaseId: phase.id });\n}`,
  `${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await tasks.batchTrigger<typeof recalc>('recalc', [{ payload: { phaseId: phase.id } }]);\n}`,
  // Temporal client
  `${temporalClient}export async function start(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.start(reviewPhaseById, { args: [phase.id], taskQueue: 'reviews', workflowId: 'review-1' });\n}`,
  `${temporalClient}export async function run(client: Client, phase: WorkflowPhase): Promise<string> {\n  return client.workflow.execute(reviewPhaseById, { args: [phase.id], taskQueue: 'reviews', workflowId: 'review-1' });\n}`,
  `${temporalClient}export async function start(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.signalWithStart(reviewPhaseById, { args: [phase.id], signal: 'approve', signalArgs: [phase.id], taskQueue: 'reviews', workflowId: 'review-1' });\n}`,
  `${temporalClient}export async function approve(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.getHandle('review-1').signal('approve', phase.id);\n}`,
  `${temporalClient}export async function plan(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.schedule.create({ scheduleId: 'nightly', spec: { intervals: [{ every: '1d' }] }, action: { type: 'startWorkflow', workflowType: reviewPhaseById, args: [phase.id], taskQueue: 'reviews' } });\n}`,
  // Temporal workflow side
  `${temporalWorkflow}const acts = proxyActivities<typeof idActivities>({ startToCloseTimeout: '1 minute' });\nasync function review(phase: WorkflowPhase): Promise<void> {\n  await acts.recalcById(phase.id);\n}`,
  `${temporalWorkflow}async function review(phase: WorkflowPhase): Promise<void> {\n  await startChild(reviewPhaseById, { args: [phase.id] });\n}`,
  `${temporalWorkflow}async function review(phase: WorkflowPhase): Promise<void> {\n  await executeChild(reviewPhaseById, { args: [phase.id] });\n}`,
  `${temporalWorkflow}async function review(phase: WorkflowPhase): Promise<void> {\n  await continueAsNew<typeof reviewPhaseById>(phase.id);\n}`,
  // Node.js
  `${node}export function spawn(phase: WorkflowPhase): void {\n  const worker = new Worker('./recalc.js', { workerData: { phaseId: phase.id } });\n  worker.unref();\n}`,
  `${node}export function notify(phase: WorkflowPhase, worker: Worker): void {\n  worker.postMessage({ phaseId: phase.id });\n  parentPort?.postMessage(phase.id);\n}`,
  `${node}export function notify(phase: WorkflowPhase): void {\n  const child = fork('./recalc.js');\n  child.send({ phaseId: phase.id });\n  process.send?.(phase.id);\n}`,
].map(code => ({ code }));

const boundaryInvalid: Invalid[] = converges([
  // --- bullmq ---
  invalid(`${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { phase });\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.add', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.addBulk([{ name: 'recalc', data: { phase } }]);\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.addBulk', { after: 'data:', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(
    `${bullmq}export async function enqueue(phase: WorkflowPhase, flows: FlowProducer): Promise<void> {\n  await flows.add({ name: 'recalc', queueName: 'q', data: { phase }, children: [{ name: 'audit', queueName: 'a', data: { target: phase } }] });\n}`,
    code => [
      payload(code, 'phase', 'bullmq.FlowProducer.add', { after: 'data:', fix: { to: 'phaseId: phase.id' } }),
      payload(code, 'phase', 'bullmq.FlowProducer.add', { after: 'target:', fix: { from: 'target: phase', to: 'targetId: phase.id' } }),
    ],
  ),
  // --- bull: both overloads of `add` ---
  invalid(`${bull}export async function enqueue(phase: WorkflowPhase, queue: Bull.Queue): Promise<void> {\n  await queue.add(phase);\n}`, code => [
    payload(code, 'phase', 'bull.Queue.add', { after: 'add(', fix: { to: '{ id: phase.id }' } }),
  ]),
  invalid(`${bull}export async function enqueue(phase: WorkflowPhase, queue: Bull.Queue): Promise<void> {\n  await queue.add('recalc', { phase }, { delay: 1000 });\n}`, code => [
    payload(code, 'phase', 'bull.Queue.add', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${bull}export async function enqueue(phase: WorkflowPhase, queue: Bull.Queue): Promise<void> {\n  await queue.addBulk([{ name: 'recalc', data: { phase } }]);\n}`, code => [
    payload(code, 'phase', 'bull.Queue.addBulk', { after: 'data:', fix: { to: 'phaseId: phase.id' } }),
  ]),
  // --- pg-boss: both overloads of `send` ---
  invalid(
    `${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.send('recalc', { phase });\n  await boss.send({ name: 'recalc', data: { phase } });\n}`,
    code => [
      payload(code, 'phase', 'pg-boss.send', { after: "send('recalc', {", fix: { to: 'phaseId: phase.id' } }),
      payload(code, 'phase', 'pg-boss.send', { after: 'data:', fix: { to: 'phaseId: phase.id' } }),
    ],
  ),
  invalid(`${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.sendAfter('recalc', { phase }, null, 60);\n}`, code => [
    payload(code, 'phase', 'pg-boss.sendAfter', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.sendThrottled('recalc', { phase }, null, 60);\n}`, code => [
    payload(code, 'phase', 'pg-boss.sendThrottled', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.sendDebounced('recalc', { phase }, null, 60, 'key');\n}`, code => [
    payload(code, 'phase', 'pg-boss.sendDebounced', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.publish('phase.changed', { phase });\n}`, code => [
    payload(code, 'phase', 'pg-boss.publish', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.schedule('recalc', '0 * * * *', { phase });\n}`, code => [
    payload(code, 'phase', 'pg-boss.schedule', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${pgBoss}export async function enqueue(phase: WorkflowPhase, boss: PgBoss): Promise<void> {\n  await boss.insert('recalc', [{ data: { phase } }]);\n}`, code => [
    payload(code, 'phase', 'pg-boss.insert', { after: 'data:', fix: { to: 'phaseId: phase.id' } }),
  ]),
  // --- agenda ---
  invalid(`${agenda}export async function enqueue(phase: WorkflowPhase, agenda: Agenda): Promise<void> {\n  await agenda.now('recalc', { phase });\n}`, code => [
    payload(code, 'phase', 'agenda.now', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${agenda}export async function enqueue(phase: WorkflowPhase, agenda: Agenda): Promise<void> {\n  await agenda.schedule('in 5 minutes', 'recalc', phase);\n}`, code => [
    payload(code, 'phase', 'agenda.schedule', { after: "'recalc',", fix: { to: '{ id: phase.id }' } }),
  ]),
  invalid(`${agenda}export async function enqueue(phase: WorkflowPhase, agenda: Agenda): Promise<void> {\n  await agenda.every('5 minutes', 'recalc', { phase });\n}`, code => [
    payload(code, 'phase', 'agenda.every', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${agenda}export async function enqueue(phase: WorkflowPhase, agenda: Agenda): Promise<void> {\n  await agenda.create('recalc', { phase }).save();\n}`, code => [
    payload(code, 'phase', 'agenda.create', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  // --- graphile-worker: matched by the callee's type (`AddJobFunction`), also when destructured ---
  invalid(
    `${graphile}export async function enqueue(phase: WorkflowPhase, utils: WorkerUtils, helpers: Helpers): Promise<void> {\n  await utils.addJob('recalc', { phase });\n  const { addJob } = helpers;\n  await addJob('recalc', phase);\n}`,
    code => [
      payload(code, 'phase', 'graphile-worker.addJob', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
      payload(code, 'phase', 'graphile-worker.addJob', { after: "await addJob('recalc',", fix: { to: '{ id: phase.id }' } }),
    ],
  ),
  invalid(`${graphile}export async function enqueue(phase: WorkflowPhase, utils: WorkerUtils): Promise<void> {\n  await utils.addJobs([{ identifier: 'recalc', payload: { phase } }]);\n}`, code => [
    payload(code, 'phase', 'graphile-worker.addJobs', { after: 'payload:', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${graphile}export async function enqueue(phase: WorkflowPhase): Promise<void> {\n  await quickAddJob({ connectionString: 'postgres://localhost/app' }, 'recalc', { phase });\n}`, code => [
    payload(code, 'phase', 'graphile-worker.quickAddJob', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  // --- inngest ---
  invalid(
    `${inngest}export async function emit(): Promise<void> {\n  await inngest.send({ name: 'phase/changed', data: { phase } });\n  await inngest.send([{ name: 'phase/changed', data: { phase } }]);\n}`,
    code => [
      payload(code, 'phase', 'inngest.send', { after: 'data: {', fix: { to: 'phaseId: phase.id' } }),
      payload(code, 'phase', 'inngest.send', { after: 'send([', nth: 2, fix: { to: 'phaseId: phase.id' } }),
    ],
  ),
  invalid(
    `${inngest}export const review = inngest.createFunction({ id: 'review', triggers: [{ event: 'phase/review' }] }, async ({ step }) => {\n  await step.sendEvent('emit', { name: 'phase/changed', data: { phase } });\n});`,
    code => [payload(code, 'phase', 'inngest.step.sendEvent', { after: 'data: {', fix: { to: 'phaseId: phase.id' } })],
  ),
  invalid(
    `${inngest}const recalc = inngest.createFunction({ id: 'recalc', triggers: [{ event: 'phase/recalc' }] }, async () => 'done');\nexport const review = inngest.createFunction({ id: 'review', triggers: [{ event: 'phase/review' }] }, async ({ step }) => {\n  await step.invoke('recalc', { function: recalc, data: { phase } });\n});`,
    code => [payload(code, 'phase', 'inngest.step.invoke', { after: 'data: {', fix: { to: 'phaseId: phase.id' } })],
  ),
  // --- trigger.dev ---
  invalid(`${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await recalc.trigger({ phase });\n}`, code => [
    payload(code, 'phase', 'trigger.dev.trigger', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await recalc.triggerAndWait({ phase });\n}`, code => [
    payload(code, 'phase', 'trigger.dev.triggerAndWait', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await recalc.batchTrigger([{ payload: { phase } }]);\n}`, code => [
    payload(code, 'phase', 'trigger.dev.batchTrigger', { after: 'payload: {', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await tasks.trigger<typeof recalc>('recalc', { phase });\n}`, code => [
    payload(code, 'phase', 'trigger.dev.tasks.trigger', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${trigger}export async function run(phase: WorkflowPhase): Promise<void> {\n  await tasks.batchTrigger<typeof recalc>('recalc', [{ payload: { phase } }]);\n}`, code => [
    payload(code, 'phase', 'trigger.dev.tasks.batchTrigger', { after: 'payload: {', fix: { to: 'phaseId: phase.id' } }),
  ]),
  // --- Temporal client (workflow type by name: the payload is the only problem) ---
  invalid(`${temporalClient}export async function start(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.start('reviewPhase', { args: [phase], taskQueue: 'reviews', workflowId: 'review-1' });\n}`, code => [
    payload(code, 'phase', 'temporal.workflow.start', { after: 'args: [', fix: { to: 'phase.id' } }),
  ]),
  invalid(`${temporalClient}export async function run(client: Client, phase: WorkflowPhase): Promise<unknown> {\n  return client.workflow.execute('reviewPhase', { args: [phase], taskQueue: 'reviews', workflowId: 'review-1' });\n}`, code => [
    payload(code, 'phase', 'temporal.workflow.execute', { after: 'args: [', fix: { to: 'phase.id' } }),
  ]),
  invalid(
    `${temporalClient}export async function start(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.signalWithStart('reviewPhase', { args: [phase.id], signal: 'approve', signalArgs: [phase], taskQueue: 'reviews', workflowId: 'review-1' });\n}`,
    // `signalArgs` is inferred from the value itself (`SignalArgs`): the id would not match it, so no suggestion.
    code => [payload(code, 'phase', 'temporal.workflow.signalWithStart', { after: 'signalArgs: [' })],
  ),
  invalid(`${temporalClient}export async function approve(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.getHandle('review-1').signal('approve', phase);\n}`, code => [
    payload(code, 'phase', 'temporal.handle.signal', { after: "'approve',", fix: { to: 'phase.id' } }),
  ]),
  invalid(
    `${temporalClient}export async function plan(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.schedule.create({ scheduleId: 'nightly', spec: { intervals: [{ every: '1d' }] }, action: { type: 'startWorkflow', workflowType: 'reviewPhase', args: [phase], taskQueue: 'reviews' } });\n}`,
    code => [payload(code, 'phase', 'temporal.schedule.create', { after: 'args: [', fix: { to: 'phase.id' } })],
  ),
  // --- Temporal workflow side ---
  invalid(
    `${temporalWorkflow}const acts = proxyActivities<typeof idActivities>({ startToCloseTimeout: '1 minute' });\nconst local = proxyLocalActivities<typeof idActivities>({ startToCloseTimeout: '1 minute' });\nasync function review(phase: WorkflowPhase): Promise<void> {\n  await acts.notify(phase);\n  await local.notify({ phase });\n}`,
    code => [
      payload(code, 'phase', 'temporal.activity', { after: 'acts.notify(', fix: { to: 'phase.id' } }),
      payload(code, 'phase', 'temporal.activity', { after: 'local.notify({', fix: { to: 'phaseId: phase.id' } }),
    ],
  ),
  invalid(`${temporalWorkflow}async function review(phase: WorkflowPhase): Promise<void> {\n  await startChild('reviewPhase', { args: [phase] });\n}`, code => [
    payload(code, 'phase', 'temporal.startChild', { after: 'args: [', fix: { to: 'phase.id' } }),
  ]),
  invalid(`${temporalWorkflow}async function review(phase: WorkflowPhase): Promise<void> {\n  await executeChild('reviewPhase', { args: [phase] });\n}`, code => [
    payload(code, 'phase', 'temporal.executeChild', { after: 'args: [', fix: { to: 'phase.id' } }),
  ]),
  invalid(`${temporalWorkflow}async function review(phase: WorkflowPhase): Promise<void> {\n  await continueAsNew(phase);\n}`, code => [
    payload(code, 'phase', 'temporal.continueAsNew', { after: 'continueAsNew(', fix: { to: 'phase.id' } }),
  ]),
  // --- Node.js ---
  invalid(`${node}export function spawn(phase: WorkflowPhase): void {\n  const worker = new Worker('./recalc.js', { workerData: { phase } });\n  worker.unref();\n}`, code => [
    payload(code, 'phase', 'node.worker_threads.Worker', { after: 'workerData: {', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${node}export function notify(phase: WorkflowPhase, worker: Worker): void {\n  worker.postMessage(phase);\n  parentPort?.postMessage({ phase });\n}`, code => [
    payload(code, 'phase', 'node.worker_threads.postMessage', { after: 'worker.postMessage(', fix: { to: '{ id: phase.id }' } }),
    payload(code, 'phase', 'node.worker_threads.postMessage', { after: 'parentPort?.postMessage({', fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${node}export function notify(phase: WorkflowPhase): void {\n  const child = fork('./recalc.js');\n  child.send(phase);\n  process.send?.({ phase });\n}`, code => [
    payload(code, 'phase', 'node.child_process.send', { after: 'child.send(', fix: { to: '{ id: phase.id }' } }),
    payload(code, 'phase', 'node.child_process.send', { after: 'process.send?.({', fix: { to: 'phaseId: phase.id' } }),
  ]),
]);

// ---------------------------------------------------------------------------------------------------------------
// 2. Payload shapes: nesting, arrays, spreads, variables, other ORMs, nullable values; a subclass of Queue.

const shapeInvalid: Invalid[] = converges([
  invalid(
    `${bullmq}export async function enqueue(phase: WorkflowPhase, other: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { batch: [phase, other], meta: { owner: { current: phase } } });\n}`,
    code => [
      payload(code, 'phase', 'bullmq.Queue.add', { after: 'batch: [', fix: { to: 'phase.id' } }),
      payload(code, 'other', 'bullmq.Queue.add', { after: 'batch: [', fix: { to: 'other.id' } }),
      payload(code, 'phase', 'bullmq.Queue.add', { after: 'current:', fix: { from: 'current: phase', to: 'currentId: phase.id' } }),
    ],
  ),
  invalid(`${bullmq}export async function enqueue(phases: WorkflowPhase[], queue: Queue): Promise<void> {\n  await queue.add('recalc', { phases });\n}`, code => [
    payload(code, 'phases', 'bullmq.Queue.add', { after: '{ phases }', expression: 'phases[]' }),
  ]),
  invalid(`${bullmq}export async function enqueue(phases: WorkflowPhase[], queue: Queue): Promise<void> {\n  await queue.add('recalc', { list: [...phases] });\n}`, code => [
    payload(code, 'phases', 'bullmq.Queue.add', { after: '...', expression: 'phases[]' }),
  ]),
  // Spreading an entity hands over what the entity holds: reported as the entity itself, as without the spread.
  invalid(`${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { ...phase });\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.add', { after: '...' }),
  ]),
  invalid(
    `${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  const payload = { phase, note: 'recalc' };\n  await queue.add('recalc', payload);\n}`,
    code => [payload(code, 'payload', 'bullmq.Queue.add', { after: "add('recalc',", expression: 'payload.phase' })],
  ),
  invalid(`${bullmq}export async function enqueue(phase: WorkflowPhase | null, queue: Queue): Promise<void> {\n  await queue.add('recalc', phase);\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.add', { after: "add('recalc',", fix: { to: '{ id: phase?.id }' } }),
  ]),
  invalid(`${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', phase.cycle);\n}`, code => [
    payload(code, 'phase.cycle', 'bullmq.Queue.add', { entity: 'TestCycle', fix: { to: '{ id: phase.cycle.id }' } }),
  ]),
  // MikroORM: the primary key is `uuid`.
  invalid(
    `import { Queue } from 'bullmq';\nimport type { Sample } from './models/mikro-orm';\nexport async function enqueue(sample: Sample, queue: Queue): Promise<void> {\n  await queue.add('analyse', { sample });\n}`,
    code => [payload(code, 'sample', 'bullmq.Queue.add', { after: '{ sample }', entity: 'Sample', fix: { to: 'sampleUuid: sample.uuid' } })],
  ),
  // Prisma rows are plain objects, but their Dates still arrive as strings.
  invalid(
    `import { Queue } from 'bullmq';\nimport type { Phase } from '@prisma/client';\nexport async function enqueue(row: Phase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { row });\n}`,
    code => [payload(code, 'row', 'bullmq.Queue.add', { after: '{ row }', entity: 'Phase', fix: { to: 'rowId: row.id' }, messageId: 'rowInPayload' })],
  ),
  // The whole payload stays an object named by the primary key (a worker reading `job.data.uuid` still works).
  invalid(
    `import { Queue } from 'bullmq';\nimport type { Sample } from './models/mikro-orm';\nexport async function enqueue(sample: Sample, queue: Queue): Promise<void> {\n  await queue.add('analyse', sample);\n}`,
    code => [payload(code, 'sample', 'bullmq.Queue.add', { after: "'analyse', ", entity: 'Sample', fix: { to: '{ uuid: sample.uuid }' } })],
  ),
  // A declared payload type the object fits.
  invalid(`${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue<{ id: string; note?: string }>): Promise<void> {\n  await queue.add('recalc', phase);\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.add', { after: "add('recalc', ", fix: { to: '{ id: phase.id }' } }),
  ]),
  // A payload declared as the entity type accepts nothing else: no suggestion; the declaration is where to start.
  invalid(`${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue<WorkflowPhase>): Promise<void> {\n  await queue.add('recalc', phase);\n}`, code => [
    jobType(code, 'WorkflowPhase', 'Queue<WorkflowPhase>', undefined, { after: 'Queue<' }),
    payload(code, 'phase', 'bullmq.Queue.add', { after: "add('recalc', " }),
  ]),
  // Type syntax around the entity is replaced with it, in either form.
  invalid(`${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', phase as object);\n  await queue.add('recalc', { phase: phase as object });\n}`, code => [
    {
      ...payload(code, 'phase', 'bullmq.Queue.add', { after: "add('recalc', " }),
      suggestions: [
        {
          messageId: 'passPrimaryKey',
          data: { replacement: '{ id: phase.id }', entity: 'WorkflowPhase' },
          output: code.replace("add('recalc', phase as object)", "add('recalc', { id: phase.id })"),
        },
      ],
    },
    {
      ...payload(code, 'phase', 'bullmq.Queue.add', { after: '{ phase: ', nth: 2 }),
      suggestions: [
        {
          messageId: 'passPrimaryKey',
          data: { replacement: 'phaseId: phase.id', entity: 'WorkflowPhase' },
          output: code.replace('{ phase: phase as object }', '{ phaseId: phase.id }'),
        },
      ],
    },
  ]),
  // A subclass of bullmq's Queue is a Queue.
  invalid(
    `${bullmq}class RecalcQueue extends Queue {\n  constructor() {\n    super('recalc');\n  }\n}\nexport async function enqueue(phase: WorkflowPhase): Promise<void> {\n  await new RecalcQueue().add('recalc', { phase });\n}`,
    code => [payload(code, 'phase', 'bullmq.Queue.add', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } })],
  ),
  // The job type requires the entity: the id would not type-check, so no suggestion (entityInJobType says why).
  invalid(
    `${bullmq}export async function enqueue(phase: WorkflowPhase): Promise<void> {\n  const queue = new Queue<{ phase: WorkflowPhase }>('recalc');\n  await queue.add('recalc', { phase });\n}`,
    code => [
      jobType(code, '{ phase: WorkflowPhase }', 'Queue<{ phase: WorkflowPhase }>', 'phase'),
      payload(code, 'phase', 'bullmq.Queue.add', { after: "add('recalc', {" }),
    ],
  ),
]);

const shapeValid: Valid[] = [
  // ids and DTOs
  `${bullmq}import type { PhaseDto } from './models/dto';\nexport async function enqueue(dto: PhaseDto, queue: Queue): Promise<void> {\n  await queue.add('recalc', dto);\n  await queue.add('recalc', { dto, list: [dto] });\n}`,
  `${bullmq}import { PhaseView } from './models/dto';\nexport async function enqueue(queue: Queue): Promise<void> {\n  await queue.add('recalc', new PhaseView());\n}`,
  `${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { id: phase.id, state: phase.state, updatedAt: phase.updatedAt.toISOString() });\n}`,
  `${bullmq}export async function enqueue(phases: WorkflowPhase[], queue: Queue): Promise<void> {\n  await queue.add('recalc', { ids: phases.map(p => p.id) });\n}`,
  // same method names on other types
  `${models}export function remember(phase: WorkflowPhase): void {\n  const seen = new Set<WorkflowPhase>();\n  seen.add(phase);\n  const byId = new Map<string, WorkflowPhase>();\n  byId.set(phase.id, phase);\n}`,
  `${models}class Registry {\n  add(name: string, data: unknown): void {\n    console.log(name, data);\n  }\n  send(message: unknown): void {\n    console.log(message);\n  }\n}\nexport function register(phase: WorkflowPhase, registry: Registry): void {\n  registry.add('recalc', { phase });\n  registry.send(phase);\n}`,
  `${models}class Queue {\n  async add(name: string, data: unknown): Promise<void> {\n    await Promise.resolve([name, data]);\n  }\n}\nexport async function enqueue(phase: WorkflowPhase): Promise<void> {\n  await new Queue().add('recalc', { phase });\n}`,
  // In-process event emitters are not boundaries by default.
  `import { EventEmitter } from 'node:events';\n${models}export function announce(phase: WorkflowPhase, events: EventEmitter): void {\n  events.emit('phase.changed', phase);\n}`,
  // bullmq's Worker is not worker_threads' Worker.
  `${bullmq}export function listen(): Worker {\n  return new Worker('recalc', async job => job.id, { autorun: false });\n}`,
  // Types cannot tell: no report.
  `${models}declare const queue: any;\nexport async function enqueue(phase: WorkflowPhase): Promise<void> {\n  await queue.add('recalc', { phase });\n}`,
].map(code => ({ code }));

// ---------------------------------------------------------------------------------------------------------------
// 3. Job types.

const jobTypeInvalid: Invalid[] = [
  invalid(`${bullmq}export const queue = new Queue<{ phase: WorkflowPhase }>('recalc');`, code => [
    jobType(code, '{ phase: WorkflowPhase }', 'Queue<{ phase: WorkflowPhase }>', 'phase'),
  ]),
  invalid(`${bullmq}export const queue = new Queue<WorkflowPhase>('recalc');`, code => [
    jobType(code, 'WorkflowPhase', 'Queue<WorkflowPhase>', undefined, { after: 'Queue<' }),
  ]),
  invalid(`${bullmq}export const worker = new Worker<{ phases: WorkflowPhase[] }>('recalc', async job => job.data.phases.length);`, code => [
    jobType(code, '{ phases: WorkflowPhase[] }', 'Worker<{ phases: WorkflowPhase[] }>', 'phases[]'),
  ]),
  invalid(`${bullmq}export async function process(job: Job<{ phase: WorkflowPhase }>): Promise<string> {\n  return job.data.phase.state;\n}`, code => [
    jobType(code, '{ phase: WorkflowPhase }', 'Job<{ phase: WorkflowPhase }>', 'phase'),
  ]),
  invalid(`${bull}export const queue: Bull.Queue<{ phase: WorkflowPhase }> = new Bull('recalc');`, code => [
    jobType(code, '{ phase: WorkflowPhase }', 'Queue<{ phase: WorkflowPhase }>', 'phase'),
  ]),
  invalid(`import type { Job } from 'agenda';\n${models}export function handle(job: Job<{ phase: WorkflowPhase }>): string {\n  return job.attrs.data.phase.state;\n}`, code => [
    jobType(code, '{ phase: WorkflowPhase }', 'Job<{ phase: WorkflowPhase }>', 'phase'),
  ]),
  invalid(`import type { Job } from 'pg-boss';\n${models}export function handle(jobs: Job<{ phase: WorkflowPhase }>[]): number {\n  return jobs.length;\n}`, code => [
    jobType(code, '{ phase: WorkflowPhase }', 'Job<{ phase: WorkflowPhase }>', 'phase'),
  ]),
  invalid(`import type { Task } from '@trigger.dev/sdk';\n${models}export type RecalcTask = Task<'recalc', { phase: WorkflowPhase }>;`, code => [
    jobType(code, '{ phase: WorkflowPhase }', "Task<{ phase: WorkflowPhase }>", 'phase'),
  ]),
  invalid(`import { task } from '@trigger.dev/sdk';\n${models}export const recalc = task({ id: 'recalc', run: async (payload: { phase: WorkflowPhase }) => payload.phase.state });`, code => [
    jobType(code, 'payload: { phase: WorkflowPhase }', 'run(payload)', 'payload.phase'),
  ]),
  // Temporal: a workflow function or activity taking an entity. One declared in the program (reviewPhase,
  // entityActivities) is reported at its declaration, not here (no-entity-across-async-boundary-temporal.test.ts);
  // continueAsNew is no start, so its type argument is still reported here.
  invalid(
    `${temporalClient}export async function start(client: Client, phase: WorkflowPhase): Promise<void> {\n  await client.workflow.start(reviewPhase, { args: [phase], taskQueue: 'reviews', workflowId: 'review-1' });\n}`,
    code => [payload(code, 'phase', 'temporal.workflow.start', { after: 'args: [' })],
  ),
  invalid(`${temporalWorkflow}async function review(phase: WorkflowPhase): Promise<void> {\n  await executeChild(reviewPhase, { args: [phase] });\n}`, code => [
    payload(code, 'phase', 'temporal.executeChild', { after: 'args: [' }),
  ]),
  invalid(`${temporalWorkflow}async function review(phase: WorkflowPhase): Promise<void> {\n  await continueAsNew<typeof reviewPhase>(phase);\n}`, code => [
    jobType(code, 'typeof reviewPhase', 'reviewPhase(phase)', undefined),
    payload(code, 'phase', 'temporal.continueAsNew', { after: '>(' }),
  ]),
  // The declaration side: in a file importing @temporalio/workflow, each function export is a workflow type.
  invalid(`${temporalWorkflow}export async function review(phase: WorkflowPhase): Promise<string> {\n  return phase.state;\n}`, code => [
    jobType(code, 'phase: WorkflowPhase', 'review(phase)', undefined, { after: 'review(' }),
  ]),
  invalid(`${temporalWorkflow}export const review = async (input: { phase: WorkflowPhase; note: string }): Promise<string> => input.note;`, code => [
    jobType(code, 'input: { phase: WorkflowPhase; note: string }', 'review(input)', 'input.phase'),
  ]),
  invalid(`${temporalWorkflow}async function review(phases: WorkflowPhase[]): Promise<number> {\n  return phases.length;\n}\nexport { review as reviewAll };`, code => [
    jobType(code, 'phases: WorkflowPhase[]', 'reviewAll(phases)', 'phases[]'),
  ]),
];

const jobTypeValid: Valid[] = [
  `${bullmq}export const queue = new Queue<{ phaseId: string }>('recalc');\nexport async function process(job: Job<{ phaseId: string }>): Promise<string> {\n  return job.data.phaseId;\n}`,
  `${models}interface Job<T> {\n  data: T;\n}\nexport function handle(job: Job<WorkflowPhase>, cache: Map<string, WorkflowPhase>): Promise<WorkflowPhase> {\n  cache.set(job.data.id, job.data);\n  return Promise.resolve(job.data);\n}`,
  `${temporalWorkflow}export const acts = proxyActivities<typeof idActivities>({ startToCloseTimeout: '1 minute' });`,
  // Activities declared in the program, taking or returning an entity: reported at their declarations instead.
  `${temporalWorkflow}export const acts = proxyActivities<typeof entityActivities>({ startToCloseTimeout: '1 minute' });`,
  `${temporalWorkflow}import type { resultActivities } from './async/workflows';\nexport const acts = proxyActivities<typeof resultActivities>({ startToCloseTimeout: '1 minute' });`,
  // Workflow functions taking ids; helpers that are not exported; the same function outside a workflows module.
  `${temporalWorkflow}export async function review(phaseId: string): Promise<string> {\n  return phaseId;\n}\nexport const count = (ids: string[]): number => ids.length;`,
  `${models}export async function review(phase: WorkflowPhase): Promise<string> {\n  return phase.state;\n}`,
  `import { task } from '@trigger.dev/sdk';\nexport const recalc = task({ id: 'recalc', run: async (payload: { phaseId: string }) => payload.phaseId });`,
].map(code => ({ code }));

// ---------------------------------------------------------------------------------------------------------------
// 4. Deferred callbacks (Node typings here; DOM typings below).

const deferredInvalid: Invalid[] = [
  invalid(`${timers}export function later(phase: WorkflowPhase): void {\n  setTimeout(() => {\n    phase.state = 'Done';\n  }, 0);\n}`, code => [
    deferred(code, 'phase', 'setTimeout', { after: 'setTimeout(' }),
  ]),
  invalid(`${timers}export function poll(phase: WorkflowPhase): NodeJS.Timeout {\n  return setInterval(() => recalc(phase), 1000);\n}`, code => [
    deferred(code, 'phase', 'setInterval', { after: 'setInterval(() => recalc(' }),
  ]),
  invalid(`${timers}export function soon(phases: WorkflowPhase[]): void {\n  setImmediate(() => phases.forEach(recalc));\n}`, code => [
    deferred(code, 'phases', 'setImmediate', { after: 'setImmediate(', name: 'phases[]' }),
  ]),
  invalid(`${timers}export function next(phase: WorkflowPhase): void {\n  process.nextTick(function () {\n    recalc(phase);\n  });\n}`, code => [
    deferred(code, 'phase', 'process.nextTick', { after: 'function () {' }),
  ]),
  invalid(`${timers}export function micro(phase: WorkflowPhase): void {\n  queueMicrotask(() => {\n    if (phase.attempts > 3) recalc(phase);\n  });\n}`, code => [
    deferred(code, 'phase', 'queueMicrotask', { after: 'if (' }),
  ]),
  // The entity handed to the callback as an extra timer argument.
  invalid(`${timers}export function later(phase: WorkflowPhase): void {\n  setTimeout(recalc, 1000, phase);\n  setImmediate(recalc, phase);\n  process.nextTick(recalc, phase);\n}`, code => [
    deferred(code, 'phase', 'setTimeout', { after: '1000,' }),
    deferred(code, 'phase', 'setImmediate', { after: 'setImmediate(recalc,' }),
    deferred(code, 'phase', 'process.nextTick', { after: 'nextTick(recalc,' }),
  ]),
  invalid(`import { setTimeout as later } from 'node:timers';\n${models}export function schedule(phase: WorkflowPhase): void {\n  later(() => phase.state, 0);\n  globalThis.setTimeout(() => phase.attempts, 0);\n}`, code => [
    deferred(code, 'phase', 'setTimeout', { after: 'later(() =>' }),
    deferred(code, 'phase', 'setTimeout', { after: 'globalThis' }),
  ]),
  // Captured through a nested function, and a `let` reassigned later: still the outer variable.
  invalid(`${timers}export function later(em: EntityManager, phase: WorkflowPhase): void {\n  setTimeout(() => {\n    const run = async () => {\n      await em.save(phase);\n    };\n    void run();\n  }, 0);\n}`, code => [
    deferred(code, 'phase', 'setTimeout', { after: 'em.save(' }),
  ]),
];

const deferredValid: Valid[] = [
  // Reloaded inside the callback from a captured id.
  `${timers}export function later(em: EntityManager, phaseId: string): void {\n  setTimeout(async () => {\n    const phase = await em.findOneByOrFail(WorkflowPhase, { id: phaseId });\n    phase.state = 'Done';\n    await em.save(phase);\n  }, 0);\n}`,
  // Only the primary key is read from the captured entity.
  `${timers}declare function reload(id: string): Promise<void>;\nexport function later(phase: WorkflowPhase): void {\n  setTimeout(() => void reload(phase.id), 0);\n}`,
  // A local entity created inside the callback, and a parameter of the callback.
  `${timers}export function later(): void {\n  setTimeout((phase: WorkflowPhase = new WorkflowPhase()) => recalc(phase), 0);\n  queueMicrotask(() => recalc(new WorkflowPhase('New')));\n}`,
  // node:timers/promises takes no callback; a user's own `setTimeout` method is not a timer.
  `import { setTimeout as sleep } from 'node:timers/promises';\n${models}export async function wait(phase: WorkflowPhase): Promise<WorkflowPhase> {\n  return sleep(100, phase);\n}`,
  `${models}const scheduler = {\n  setTimeout(fn: () => void, ms: number): number {\n    fn();\n    return ms;\n  },\n};\nexport function later(phase: WorkflowPhase): number {\n  return scheduler.setTimeout(() => phase.state, 0);\n}`,
  // A callback that is not inline is not inspected; the id passed as an extra argument is fine.
  `${timers}declare function recalcById(id: string): void;\nexport function later(phase: WorkflowPhase): void {\n  setTimeout(recalcById, 0, phase.id);\n}`,
].map(code => ({ code }));

const domFile = path.join(fixturesDir, 'async/dom/file.ts');
const domSettings = { 'orm-hygiene': { entityTypes: [{ from: 'file', name: 'Phase' }] } };
const domCode = `interface Phase {\n  id: string;\n  state: string;\n}\nexport function later(phase: Phase): void {\n  window.setTimeout(() => {\n    phase.state = 'Done';\n  }, 0);\n  queueMicrotask(() => console.log(phase.state));\n}`;

// ---------------------------------------------------------------------------------------------------------------
// 5. Floating calls.

const floatingInvalid: Invalid[] = [
  invalid(`${floats}export function fire(phase: WorkflowPhase): void {\n  void recalc(phase);\n  recalc(phase);\n}`, code => [
    floating(code, 'phase', '`recalc()`', { after: 'void recalc(' }),
    floating(code, 'phase', '`recalc()`', { after: '  recalc(' }),
  ]),
  invalid(`${floats}export function fire(phase: WorkflowPhase): void {\n  (async () => {\n    phase.state = 'Done';\n    await recalc(phase);\n  })();\n}`, code => [
    floating(code, 'phase', 'an immediately invoked function', { after: 'async () => {' }),
  ]),
  invalid(`${floats}export function fire(phases: WorkflowPhase[]): void {\n  void (async () => {\n    for (const phase of phases) await recalc(phase);\n  })();\n}`, code => [
    floating(code, 'phases', 'an immediately invoked function', { after: 'of ', name: 'phases[]' }),
  ]),
  invalid(`${floats}export function fire(phase: WorkflowPhase): void {\n  void runLater(async () => {\n    await recalc(phase);\n  });\n}`, code => [
    floating(code, 'phase', '`runLater()`', { after: 'await recalc(' }),
  ]),
  // A closure is settled from its captured variables' declarations only when none can hold an entity: one declared
  // as an entity next to a number, or one declared without a type, still reaches the call's own type.
  invalid(`${floats}export function fire(phase: WorkflowPhase, attempts: number): void {\n  void runLater(async () => {\n    await recalcById(String(attempts));\n    await recalc(phase);\n  });\n}`, code => [
    floating(code, 'phase', '`runLater()`', { after: 'await recalc(' }),
  ]),
  invalid(`${floats}export function fire(title: string): void {\n  const phase = new WorkflowPhase(title);\n  void runLater(async () => {\n    await recalc(phase);\n  });\n}`, code => [
    floating(code, 'phase', '`runLater()`', { after: 'await recalc(' }),
  ]),
  invalid(`${floats}declare const jobs: { run(input: { phase: WorkflowPhase }): Promise<void> };\nexport function fire(phase: WorkflowPhase): void {\n  jobs.run({ phase });\n}`, code => [
    floating(code, 'phase', '`jobs.run()`', { after: 'jobs.run({' }),
  ]),
  // A callee without a declaration of its own (an index signature) is typed at the call.
  invalid(`${floats}declare const handlers: Record<string, (phase: WorkflowPhase) => Promise<void>>;\nexport function fire(phase: WorkflowPhase): void {\n  handlers.recalc(phase);\n}`, code => [
    floating(code, 'phase', '`handlers.recalc()`', { after: 'handlers.recalc(' }),
  ]),
  // Arguments are read by their declared types before the callee is typed: a `this` property declared as an entity,
  // and a value declared `unknown` that narrowing makes one, still reach the call's own type.
  invalid(`${floats}export class Recalculator {\n  current: WorkflowPhase;\n  fire(): void {\n    void recalc(this.current);\n  }\n}`, code => [
    floating(code, 'this.current', '`recalc()`', { after: 'void recalc(' }),
  ]),
  invalid(`${floats}export function fire(value: unknown, title: string): void {\n  if (value instanceof WorkflowPhase) void runLater(() => recalc(value));\n  void recalcById(title);\n}`, code => [
    floating(code, 'value', '`runLater()`', { after: '=> recalc(' }),
  ]),
  // A body that returns nothing settles a call without a return type; an async body or a `return <value>` does not.
  invalid(`${floats}async function later(phase: WorkflowPhase) {\n  await recalcById(phase.id);\n  phase.state = 'Done';\n}\nfunction relay(phase: WorkflowPhase) {\n  return recalc(phase);\n}\nexport function fire(phase: WorkflowPhase): void {\n  later(phase);\n  relay(phase);\n}`, code => [
    floating(code, 'phase', '`later()`', { after: '  later(' }),
    floating(code, 'phase', '`relay()`', { after: '  relay(' }),
  ]),
  // `unknown` stays open when `null`/`undefined` are taken off (`NonNullable<unknown>` is `{}`), as an argument too.
  invalid(`${floats}export function fire(value: unknown | undefined): void {\n  if (value instanceof WorkflowPhase) void recalc(value);\n}`, code => [
    floating(code, 'value', '`recalc()`', { after: 'void recalc(' }),
  ]),
  // A boundary call that is also floating is reported once, as a payload.
  invalid(`${bullmq}export function fire(phase: WorkflowPhase, queue: Queue): void {\n  void queue.add('recalc', { phase });\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.add', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
  ]),
];

const floatingValid: Valid[] = [
  `${floats}export async function settle(phase: WorkflowPhase): Promise<void> {\n  await recalc(phase);\n  const pending = recalc(phase);\n  await pending;\n}`,
  `${floats}export function settle(phase: WorkflowPhase): Promise<void> {\n  return recalc(phase);\n}`,
  `${floats}export function settle(phase: WorkflowPhase): void {\n  audit(phase);\n  void recalcById(phase.id);\n  void (async () => {\n    await recalcById(phase.id);\n  })();\n}`,
  `${floats}export const settle = (phase: WorkflowPhase): Promise<void> => recalc(phase);`,
  // Arguments whose declarations say they hold no entity (a shorthand property of a string parameter included).
  `${floats}declare const titles: { rename(input: { title: string; phaseId: string }): Promise<void> };\nexport function settle(phase: WorkflowPhase, title: string): void {\n  const phaseId: string = phase.id;\n  void titles.rename({ title, phaseId });\n}`,
  // A function of the program whose body returns nothing (no return type written), and a callee imported from a
  // module that does not resolve (\`any\`), hand nothing over.
  `${floats}// @ts-expect-error the module is not installed\nimport invariant from 'not-installed-invariant';\nclass Log {\n  error(message: string, extra?: object) {\n    if (extra) console.error(message, extra);\n  }\n}\nconst log = new Log();\nexport function settle(phase: WorkflowPhase): void {\n  log.error('failed', { phase });\n  invariant(phase, 'phase is required');\n}`,
  // A closure whose captured variables are declared as no entity (`title: string`) hands none over.
  `${floats}export function settle(title: string): void {\n  void runLater(async () => {\n    await recalcById(title);\n  });\n}`,
  // An `any` callee returns `any`, and a declared non-promise result hands nothing over to later work.
  `${floats}declare const untyped: any;\ndeclare const sink: { put(phase: WorkflowPhase): WorkflowPhase; take: (phase: WorkflowPhase) => WorkflowPhase[] };\nexport function settle(phase: WorkflowPhase): void {\n  untyped.recalc(phase);\n  untyped(phase);\n  sink.put(phase);\n  sink.take(phase);\n}`,
].map(code => ({ code }));

// ---------------------------------------------------------------------------------------------------------------
// 6. Options: user boundaries, disableDefaults, allowTypes, the check switches.

const outbox = `${models}import { EventEmitter } from 'node:events';\nclass Outbox {\n  async enqueue(topic: string, message: unknown): Promise<void> {\n    await Promise.resolve([topic, message]);\n  }\n}\nclass Envelope {\n  constructor(readonly body: unknown) {}\n}\nclass Bus extends EventEmitter {}\ndeclare function publishLater(topic: string, event: unknown): Promise<void>;\n`;
const userBoundaries: Options[0]['boundaries'] = [
  { id: 'outbox', receiver: [{ from: 'file', name: 'Outbox' }], method: 'enqueue', payload: [{ param: 'message' }] },
  { receiver: [{ from: 'package', package: '@types/node', name: 'EventEmitter' }], method: 'emit', payload: [{ index: 1, rest: true }] },
  { id: 'publishLater', callee: [{ from: 'file', name: 'publishLater' }], payload: [{ param: 'event', index: 1 }] },
  { id: 'envelope', callee: [{ from: 'file', name: 'Envelope' }], construct: true, payload: [{ index: 0 }] },
];
const defaults: Options[0] = {
  boundaries: [],
  disableDefaults: [],
  checkDeferredCallbacks: true,
  checkFloatingCalls: true,
  checkJobTypes: true,
  allowTypes: [],
};
const withOptions = (options: Partial<Options[0]>): Options => [{ ...defaults, ...options }];

const optionsInvalid: Invalid[] = [
  invalid(
    `${outbox}export async function relay(phase: WorkflowPhase, outbox: Outbox, bus: Bus): Promise<void> {\n  await outbox.enqueue('phase.changed', { phase });\n  bus.emit('phase.changed', phase);\n  await publishLater('phase.changed', phase);\n  const envelope = new Envelope(phase);\n  console.log(envelope);\n}`,
    code => [
      payload(code, 'phase', 'outbox', { after: '{ phase }', fix: { to: 'phaseId: phase.id' } }),
      payload(code, 'phase', 'boundaries[1]', { after: 'bus.emit(', nth: 2, fix: { to: 'phase.id' } }),
      payload(code, 'phase', 'publishLater', { after: 'await publishLater(', nth: 2, fix: { to: '{ id: phase.id }' } }),
      payload(code, 'phase', 'envelope', { after: 'new Envelope(', fix: { to: '{ id: phase.id }' } }),
    ],
    { options: withOptions({ boundaries: userBoundaries }) },
  ),
  // allowTypes lets one entity type through; others are still reported.
  invalid(
    `${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { phase, cycle: phase.cycle });\n}`,
    code => [payload(code, 'phase.cycle', 'bullmq.Queue.add', { entity: 'TestCycle', fix: { from: 'cycle: phase.cycle', to: 'cycleId: phase.cycle.id' } })],
    { options: withOptions({ allowTypes: [{ from: 'file', name: 'WorkflowPhase' }] }) },
  ),
  // Disabling one default leaves the others.
  invalid(
    `${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { phase });\n  await queue.addBulk([{ name: 'recalc', data: { phase } }]);\n}`,
    code => [payload(code, 'phase', 'bullmq.Queue.addBulk', { after: 'data:', fix: { to: 'phaseId: phase.id' } })],
    { options: withOptions({ disableDefaults: ['bullmq.Queue.add'] }) },
  ),
];

const optionsValid: Valid[] = [
  { code: `${outbox}export async function relay(phase: WorkflowPhase, outbox: Outbox): Promise<void> {\n  await outbox.enqueue('phase.changed', { phase });\n}` },
  {
    code: `${outbox}export async function relay(phase: WorkflowPhase, outbox: Outbox): Promise<void> {\n  await outbox.enqueue('phase.changed', { phaseId: phase.id });\n}`,
    options: withOptions({ boundaries: userBoundaries }),
  },
  {
    code: `${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { phase });\n}`,
    options: withOptions({ disableDefaults: ['bullmq.Queue.add'] }),
  },
  {
    code: `${bullmq}export async function enqueue(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('recalc', { phase });\n}`,
    options: withOptions({ allowTypes: [{ from: 'file', name: 'WorkflowPhase' }] }),
  },
  {
    code: `${timers}export function later(phase: WorkflowPhase): void {\n  setTimeout(() => recalc(phase), 0);\n}`,
    options: withOptions({ checkDeferredCallbacks: false }),
  },
  {
    code: `${timers}export function later(phase: WorkflowPhase): void {\n  setTimeout(() => recalc(phase), 0);\n}`,
    options: withOptions({ disableDefaults: ['setTimeout'] }),
  },
  {
    code: `${floats}export function fire(phase: WorkflowPhase): void {\n  void recalc(phase);\n}`,
    options: withOptions({ checkFloatingCalls: false }),
  },
  {
    code: `${bullmq}export const queue = new Queue<{ phase: WorkflowPhase }>('recalc');`,
    options: withOptions({ checkJobTypes: false }),
  },
];

const valid: Valid[] = [
  ...boundaryValid,
  ...shapeValid,
  ...jobTypeValid,
  ...deferredValid,
  ...floatingValid,
  ...optionsValid,
  // DOM typings: only the id is read.
  { code: domCode.replace("phase.state = 'Done'", 'console.log(phase.id)').replace('console.log(phase.state)', 'console.log(phase.id)'), filename: domFile, settings: domSettings },
];
const validCodes = new Set(valid.map(item => item.code));

ruleTester.run('no-entity-across-async-boundary', rule, {
  valid: [...valid, ...convergence.filter(item => !validCodes.has(item.code))],
  invalid: [
    ...boundaryInvalid,
    ...shapeInvalid,
    ...jobTypeInvalid,
    ...deferredInvalid,
    { code: domCode, filename: domFile, settings: domSettings, output: null, errors: [
      deferred(domCode, 'phase', 'setTimeout', { after: 'window.setTimeout(', entity: 'Phase' }),
      deferred(domCode, 'phase', 'queueMicrotask', { after: 'console.log(', entity: 'Phase', name: 'phase' }),
    ] },
    ...floatingInvalid,
    ...optionsInvalid,
  ],
});

// ---------------------------------------------------------------------------------------------------------------
// Suggestions produce code that type-checks (in the fixture project), like the code they replace.

describe('no-entity-across-async-boundary suggestions', () => {
  const config = path.join(fixturesDir, 'tsconfig.json');
  const file = path.join(fixturesDir, 'file.ts');
  const messages = (code: string) => typecheckOutput(config, file, code).map(d => d.replace(/^\d+: /u, ''));
  const outputs = [...boundaryInvalid, ...shapeInvalid, ...floatingInvalid, ...optionsInvalid].flatMap(item =>
    item.errors.flatMap(error => error.suggestions ?? []).map(suggestion => [item.code, suggestion.output] as const),
  );

  it('are offered', () => {
    expect(outputs.length).toBeGreaterThan(40);
  });

  it.each(outputs)('type-checks: %s', (code, output) => {
    expect(messages(code)).toEqual([]);
    expect(messages(output)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Bad configuration gets a clear message.

describe('no-entity-across-async-boundary configuration', () => {
  const linter = new TSESLint.Linter({ configType: 'flat' });
  const lint = (options: readonly unknown[]) =>
    linter.verify(
      'export const answer = 42;\n',
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser },
          plugins: { 'orm-hygiene': { rules: { 'no-entity-across-async-boundary': rule } } },
          rules: { 'orm-hygiene/no-entity-across-async-boundary': ['error', ...options] },
        },
      ],
      path.join(fixturesDir, 'file.ts'),
    );

  it('rejects an unknown id in disableDefaults', () => {
    expect(() => lint([{ disableDefaults: ['bullmq.Queue.ad'] }])).toThrow(/"bullmq\.Queue\.ad" should be equal to one of the allowed values/u);
  });

  it('rejects a boundary with neither receiver nor callee', () => {
    expect(() => lint([{ boundaries: [{ payload: [{ index: 0 }] }] }])).toThrow(/should have required property '\.callee'/u);
  });

  it('rejects an unknown option', () => {
    expect(() => lint([{ checkTimers: false }])).toThrow(/additional properties/iu);
  });

  it('explains that type information is required', () => {
    expect(() => lint([])).toThrow(/type information/u);
  });
});
