import rule from '../../src/rules/no-entity-across-async-boundary.js';
import { createTypedRuleTester } from '../rule-tester.js';
import type { TestCaseError } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../src/rules/no-entity-across-async-boundary.js';
import { bullmq, floating, floats, invalid, models, payload, span, type Invalid, type Valid } from './async-boundary-cases.js';

/**
 * What really crosses a boundary, on the shapes real applications have: callees in the program that let go of the
 * entity when the call returns, declared payload types that are not values, promise chains that handle rejection.
 */
const ruleTester = createTypedRuleTester();

const helpers = `${floats}declare function ping(): Promise<void>;\ndeclare function post(url: string, body: unknown): Promise<void>;\n`;

// ---------------------------------------------------------------------------------------------------------------
// 1. A dropped call into a function whose body is in the program: followed through the parameter.

const calleeValid: string[] = [
  // Only ids leave, read before the first `await`; the rest goes over HTTP.
  `${helpers}class Purger {\n  async purge(phases: WorkflowPhase[]): Promise<void> {\n    const ids = phases.map(p => p.id);\n    await post('/purge', ids);\n  }\n}\nexport function onChange(purger: Purger, phases: WorkflowPhase[]): void {\n  purger.purge(phases);\n}`,
  // Non-key columns read synchronously (inside the first awaited expression too), through collection callbacks.
  `${helpers}async function notify(phase: WorkflowPhase): Promise<void> {\n  const names = [phase].filter(p => p.state !== 'Done').map(p => p.state);\n  await post(\`/notify/\${phase.state}\`, names);\n}\nexport function onChange(phase: WorkflowPhase): void {\n  void notify(phase);\n}`,
  // After the first `await`, only the primary key.
  `${helpers}const later = async (phase: WorkflowPhase): Promise<void> => {\n  await ping();\n  await recalcById(phase.id);\n};\nexport function onChange(phase: WorkflowPhase): void {\n  void later(phase);\n}`,
  // Followed two levels deep: the inner function reads the key only.
  `${helpers}async function inner(phase: WorkflowPhase): Promise<void> {\n  await ping();\n  await recalcById(phase.id);\n}\nasync function outer(phase: WorkflowPhase): Promise<void> {\n  audit(phase);\n  await inner(phase);\n}\nexport function onChange(phase: WorkflowPhase): void {\n  void outer(phase);\n}`,
];

const calleeInvalid: Invalid[] = [
  // Used after the first `await`.
  invalid(`${helpers}async function later(phase: WorkflowPhase): Promise<void> {\n  await ping();\n  audit(phase);\n}\nexport function onChange(phase: WorkflowPhase): void {\n  void later(phase);\n}`, code => [
    floating(code, 'phase', '`later()`', { after: 'void later(' }),
  ]),
  // Used by a callback the callee defers.
  invalid(`${helpers}function afterPing(phase: WorkflowPhase): Promise<void> {\n  return ping().then(() => audit(phase));\n}\nexport function onChange(phase: WorkflowPhase): void {\n  afterPing(phase);\n}`, code => [
    floating(code, 'phase', '`afterPing()`', { after: '  afterPing(' }),
  ]),
  // A loop that awaits: the next iterations read the entities after the first suspension.
  invalid(`${helpers}async function each(phases: WorkflowPhase[]): Promise<void> {\n  for (const p of phases) {\n    audit(p);\n    await ping();\n  }\n}\nexport function onChange(phases: WorkflowPhase[]): void {\n  void each(phases);\n}`, code => [
    floating(code, 'phases', '`each()`', { after: 'void each(', name: 'phases[]' }),
  ]),
  // Handed on to a boundary: the callee is then a wrapper of that boundary (class 7), reported as one.
  invalid(`${bullmq}async function enqueue(queue: Queue, phase: WorkflowPhase): Promise<void> {\n  await queue.add('recalc', { phase });\n}\nexport function onChange(queue: Queue, phase: WorkflowPhase): void {\n  void enqueue(queue, phase);\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.add', { after: "add('recalc', {", fix: { to: 'phaseId: phase.id' } }),
    payload(code, 'phase', 'enqueue` → `bullmq.Queue.add', { after: 'void enqueue(queue, ' }),
  ]),
  // Handed to promise-returning library work.
  invalid(`${helpers}function save(phase: WorkflowPhase): Promise<void> {\n  return recalc(phase);\n}\nexport function onChange(phase: WorkflowPhase): void {\n  void save(phase);\n}`, code => [
    floating(code, 'phase', '`save()`', { after: 'void save(' }),
  ]),
  // Stored where it outlives the call.
  invalid(`${helpers}class Cache {\n  last: WorkflowPhase | undefined;\n  async remember(phase: WorkflowPhase): Promise<void> {\n    this.last = phase;\n  }\n}\nexport function onChange(cache: Cache, phase: WorkflowPhase): void {\n  void cache.remember(phase);\n}`, code => [
    floating(code, 'phase', '`cache.remember()`', { after: 'cache.remember(' }),
  ]),
];

// The primary key is the one the ORM serialises: MikroORM's `@SerializedPrimaryKey() id` next to `@PrimaryKey() _id`.
const mongo = `import { Queue } from 'bullmq';\nimport { Article } from './models/mikro-orm-mongo';\ndeclare function reindex(id: string): Promise<void>;\n`;

const serializedKeyValid: string[] = [
  `${mongo}export function later(article: Article): void {\n  setTimeout(() => void reindex(article.id), 10);\n}`,
  `${mongo}async function reindexLater(article: Article): Promise<void> {\n  await reindex('all');\n  await reindex(article.id);\n}\nexport function onChange(article: Article): void {\n  void reindexLater(article);\n}`,
];

const serializedKeyInvalid: Invalid[] = [
  invalid(`${mongo}export async function enqueue(queue: Queue, article: Article): Promise<void> {\n  await queue.add('reindex', { article });\n}`, code => [
    payload(code, 'article', 'bullmq.Queue.add', { after: '{ article', entity: 'Article', fix: { to: 'articleId: article.id' } }),
  ]),
  // The stored key is no id-only use: `_id` is an ObjectId, which a job cannot be handed as it is either.
  invalid(`${mongo}export function later(article: Article): void {\n  setTimeout(() => console.log(article._id), 10);\n}`, code => [
    {
      messageId: 'entityCapturedByDeferredCallback',
      data: { entity: 'Article', name: 'article', callee: 'setTimeout' },
      ...span(code, 'article', { after: 'console.log(' }),
    },
  ]),
];

// ---------------------------------------------------------------------------------------------------------------
// 2. Declared types are not values: a payload typed with models (deserialised from a queue) holds none.

const declaredValid: string[] = [
  `${bullmq}interface PhaseEvent { name: string; changes?: { previous?: Partial<WorkflowPhase>; phase?: WorkflowPhase } }\nexport async function relay(event: PhaseEvent, queue: Queue): Promise<void> {\n  await queue.add('relay', { ...event, name: 'phase.relayed' });\n  await queue.add('relay', event);\n}`,
];

const declaredInvalid: Invalid[] = [
  // An object literal written at the call that holds one, and the entity spread: the same report.
  invalid(`${bullmq}export async function relay(phase: WorkflowPhase, queue: Queue): Promise<void> {\n  await queue.add('relay', { name: 'phase.changed', phase });\n  await queue.add('relay', { ...phase });\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.add', { after: "changed', ", fix: { to: 'phaseId: phase.id' } }),
    payload(code, 'phase', 'bullmq.Queue.add', { after: '...' }),
  ]),
];

// ---------------------------------------------------------------------------------------------------------------
// 3. Chains that handle rejection are handled promises; one chain gives one report.

const chainValid: string[] = [
  `${helpers}export function fire(phase: WorkflowPhase): void {\n  recalc(phase).catch(() => undefined);\n}`,
  `${helpers}export function fire(phase: WorkflowPhase): void {\n  void recalc(phase).then(() => audit(phase), () => undefined);\n}`,
  `${helpers}export function fire(phase: WorkflowPhase): void {\n  recalc(phase).catch(() => undefined).finally(() => undefined);\n}`,
];

const chainInvalid: Invalid[] = [
  invalid(`${helpers}export function fire(phase: WorkflowPhase): void {\n  recalc(phase).then(() => audit(phase));\n}`, code => [
    floating(code, 'phase', '`recalc()`', { after: '  recalc(' }),
  ]),
  invalid(`${helpers}export function fire(phase: WorkflowPhase): void {\n  recalc(phase).finally(() => audit(phase));\n}`, code => [
    floating(code, 'phase', '`recalc()`', { after: '  recalc(' }),
  ]),
];

// ---------------------------------------------------------------------------------------------------------------
// 4. Unsaved instances have no row to reload: serialise them explicitly.

const sequelizeQueue = `import { Queue } from 'bullmq';\nimport { Report } from './models/sequelize';\n`;

function unsaved(code: string, snippet: string, entity: string, after: string, replacement?: string): TestCaseError<MessageIds> {
  const start = code.indexOf(snippet, code.indexOf(after));
  return {
    messageId: 'unsavedInPayload',
    data: { entity, expression: snippet, boundary: 'bullmq.Queue.add', serialise: replacement ? `\`${replacement}\`` : 'a plain object of the fields the job needs' },
    ...span(code, snippet, { after }),
    suggestions: replacement
      ? [{ messageId: 'serialiseExplicitly', data: { replacement }, output: code.slice(0, start) + replacement + code.slice(start + snippet.length) }]
      : [],
  };
}

const unsavedInvalid: Invalid[] = [
  invalid(`${sequelizeQueue}export async function schedule(queue: Queue, title: string): Promise<void> {\n  const report = Report.build({ title });\n  await queue.add('job', report);\n}`, code => [
    unsaved(code, 'report', 'Report', "add('job', ", 'report.toJSON()'),
  ]),
  invalid(`${sequelizeQueue}export async function schedule(queue: Queue, title: string): Promise<void> {\n  await queue.add('job', Report.build({ title }));\n}`, code => [
    unsaved(code, 'Report.build({ title })', 'Report', "add('job', ", 'Report.build({ title }).toJSON()'),
  ]),
  invalid(`${bullmq}export async function schedule(queue: Queue): Promise<void> {\n  await queue.add('phase', new WorkflowPhase());\n}`, code => [
    unsaved(code, 'new WorkflowPhase()', 'WorkflowPhase', "add('phase', "),
  ]),
  // Saved first: an entity with a row, reported as usual.
  invalid(`${sequelizeQueue}export async function schedule(queue: Queue, title: string): Promise<void> {\n  const report = Report.build({ title });\n  await report.save();\n  await queue.add('job', report);\n}`, code => [
    payload(code, 'report', 'bullmq.Queue.add', { after: "add('job', ", entity: 'Report', fix: { to: '{ id: report.id }' } }),
  ]),
];

// ---------------------------------------------------------------------------------------------------------------
// 5. Plain rows (Prisma, Drizzle, Kysely) have no unit of work: only serialising boundaries are findings.

const rows = `import { Queue } from 'bullmq';\nimport type { PhaseRow } from './models/drizzle';\ndeclare function recalcRow(row: PhaseRow): Promise<void>;\n`;

const rowValid: string[] = [
  `${rows}export function later(row: PhaseRow): void {\n  setTimeout(() => console.log(row.state), 10);\n  void recalcRow(row);\n}`,
];

const rowInvalid: Invalid[] = [
  invalid(`${rows}export async function enqueue(queue: Queue, row: PhaseRow): Promise<void> {\n  await queue.add('recalc', row);\n}`, code => [
    {
      messageId: 'rowInPayload',
      data: { entity: 'phases', expression: 'row', boundary: 'bullmq.Queue.add' },
      ...span(code, 'row', { after: "add('recalc', " }),
      suggestions: [
        { messageId: 'passPrimaryKey', data: { replacement: '{ id: row.id }', entity: 'phases' }, output: code.replace("add('recalc', row)", "add('recalc', { id: row.id })") },
      ],
    },
  ]),
];

// ---------------------------------------------------------------------------------------------------------------
// 10. Named closures of this file are read like inline ones, as a dropped call's callee or a timer's callback.

const closureValid: string[] = [
  // Only the primary key is captured.
  `${helpers}export function onChange(phase: WorkflowPhase): void {\n  const notify = async (): Promise<void> => {\n    await recalcById(phase.id);\n  };\n  void notify();\n}`,
  // A callback that is no closure of this file (a parameter) cannot be read.
  `${helpers}export function onChange(phase: WorkflowPhase, notify: () => void): void {\n  setTimeout(notify, 10);\n  audit(phase);\n}`,
  // Awaited: nothing outlives the unit of work.
  `${helpers}export async function onChange(phase: WorkflowPhase): Promise<void> {\n  const notify = async (): Promise<void> => audit(phase);\n  await notify();\n}`,
];

const closureInvalid: Invalid[] = [
  invalid(`${helpers}export function onChange(phase: WorkflowPhase): void {\n  const notify = async (): Promise<void> => {\n    await ping();\n    audit(phase);\n  };\n  void notify();\n}`, code => [
    floating(code, 'phase', '`notify()`', { after: '    audit(' }),
  ]),
  invalid(`${helpers}export function onChange(phase: WorkflowPhase): void {\n  function later(): void {\n    audit(phase);\n  }\n  setTimeout(later, 10);\n}`, code => [
    { ...deferredAt(code, 'phase', 'setTimeout', '    audit(') },
  ]),
  invalid(`${helpers}export function onChange(phase: WorkflowPhase): void {\n  const later = function (): void {\n    console.log(phase.state);\n  };\n  setTimeout(later, 10);\n  void runLater(async () => later());\n}`, code => [
    { ...deferredAt(code, 'phase', 'setTimeout', 'console.log(') },
  ]),
];

function deferredAt(code: string, snippet: string, callee: string, after: string): TestCaseError<MessageIds> {
  return {
    messageId: 'entityCapturedByDeferredCallback',
    data: { entity: 'WorkflowPhase', name: snippet, callee },
    ...span(code, snippet, { after }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 7. A project's own queue wrapper, configured by hand: `{ from: 'file', path }` is relative to the tsconfig's directory
// (tests/fixtures), not to the directory the tests run from.

const appQueue = `import { AppQueue } from './async/job-queue';\n${models}`;
const appQueueBoundary: Options = [
  {
    boundaries: [{ id: 'AppQueue.add', receiver: [{ from: 'file', name: 'AppQueue', path: 'async/job-queue.ts' }], method: 'add', payload: [{ index: 0 }] }],
    disableDefaults: [],
    checkDeferredCallbacks: true,
    checkFloatingCalls: true,
    checkJobTypes: true,
    allowTypes: [],
  },
];

const wrapperInvalid: Invalid[] = [
  invalid(`${appQueue}export async function update(queue: AppQueue<object>, phase: WorkflowPhase): Promise<void> {\n  await queue.add({ type: 'update', phase });\n}`, code => [
    payload(code, 'phase', 'AppQueue.add', { after: "'update', ", fix: { to: 'phaseId: phase.id' } }),
  ], { options: appQueueBoundary }),
];

const wrapperValid: Valid[] = [
  { code: `${appQueue}export async function update(queue: AppQueue<object>, phase: WorkflowPhase): Promise<void> {\n  await queue.add({ type: 'update', phaseId: phase.id });\n}`, options: appQueueBoundary },
  // Another file's class of the same name is not the configured one.
  {
    code: `${models}class AppQueue<D> {\n  async add(data: D): Promise<D> {\n    return data;\n  }\n}\nexport async function update(queue: AppQueue<object>, phase: WorkflowPhase): Promise<void> {\n  await queue.add({ phase });\n}`,
    options: appQueueBoundary,
  },
];

// Recognised without configuration: `AppQueue.add` hands `data` to a `QueueStrategy` field, and `BullStrategy.add`
// (an implementation in the program) puts `job.data` into BullMQ's payload; `DirectQueue.enqueue` does it directly.
const wrappers = `import { AppQueue, DirectQueue } from './async/job-queue';\n${models}`;

const autoWrapperInvalid: Invalid[] = [
  invalid(`${wrappers}export async function update(queue: AppQueue<object>, phase: WorkflowPhase): Promise<void> {\n  await queue.add({ type: 'update', phase });\n}`, code => [
    payload(code, 'phase', 'AppQueue.add` → `bullmq.Queue.add', { after: "'update', ", fix: { to: 'phaseId: phase.id' } }),
  ]),
  invalid(`${wrappers}export async function update(queue: DirectQueue, phase: WorkflowPhase): Promise<void> {\n  await queue.enqueue('update', phase);\n}`, code => [
    // The whole payload: it stays an object, which the wrapper's `object` parameter accepts.
    payload(code, 'phase', 'DirectQueue.enqueue` → `bullmq.Queue.add', { after: "'update', ", fix: { to: '{ id: phase.id }' } }),
  ]),
  // A method of a class constructed in place (`new Task().schedule(x)`): the callee is read from the class's declared
  // instance type; a method called on `this.<field>` from the field's declared type.
  invalid(`import { Queue } from 'bullmq';\n${models}declare const queue: Queue;\nclass RecalcTask {\n  async schedule(input: { phase: WorkflowPhase }): Promise<void> {\n    await queue.add('recalc', input);\n  }\n}\nclass Recalc {\n  private readonly task = new RecalcTask();\n  async request(phase: WorkflowPhase): Promise<void> {\n    await this.task.schedule({ phase });\n  }\n}\nexport async function update(phase: WorkflowPhase): Promise<void> {\n  await new RecalcTask().schedule({ phase });\n  await new Recalc().request(phase);\n}`, code => [
    // No suggestion: `{ phaseId }` does not fit the parameter's type (`{ phase: WorkflowPhase }`), nor an id `WorkflowPhase`.
    payload(code, 'phase', 'RecalcTask.schedule` → `bullmq.Queue.add', { after: 'this.task.schedule({ ' }),
    payload(code, 'phase', 'RecalcTask.schedule` → `bullmq.Queue.add', { after: 'new RecalcTask().schedule({ ' }),
    // Two calls deep: `request` → `this.task.schedule` → `queue.add`.
    payload(code, 'phase', 'Recalc.request` → `bullmq.Queue.add', { after: 'new Recalc().request(' }),
  ]),
  // `x as T` is looked up on T, not on x's declared type: `Task.schedule` does nothing, `RecalcTask.schedule` enqueues.
  invalid(`import { Queue } from 'bullmq';\n${models}declare const queue: Queue;\nclass Task {\n  async schedule(_input: { phase: WorkflowPhase }): Promise<void> {}\n}\nclass RecalcTask extends Task {\n  override async schedule(input: { phase: WorkflowPhase }): Promise<void> {\n    await queue.add('recalc', input);\n  }\n}\nexport async function update(task: Task, phase: WorkflowPhase): Promise<void> {\n  await task.schedule({ phase });\n  await (task as RecalcTask).schedule({ phase });\n}`, code => [
    payload(code, 'phase', 'RecalcTask.schedule` → `bullmq.Queue.add', { after: '(task as RecalcTask).schedule({ ' }),
  ]),
];

const autoWrapperValid: string[] = [
  `${wrappers}export async function update(queue: AppQueue<object>, phase: WorkflowPhase): Promise<void> {\n  await queue.add({ type: 'update', phaseId: phase.id });\n}`,
  // A method that reads the entity and sends only its id is no wrapper.
  `import { Queue } from 'bullmq';\n${models}class Recalc {\n  constructor(private readonly queue: Queue) {}\n  async request(phase: WorkflowPhase): Promise<void> {\n    await this.queue.add('recalc', { phaseId: phase.id, state: phase.state });\n  }\n}\nexport async function update(recalc: Recalc, phase: WorkflowPhase): Promise<void> {\n  await recalc.request(phase);\n}`,
];

ruleTester.run('no-entity-across-async-boundary (what really crosses)', rule, {
  valid: [...calleeValid, ...serializedKeyValid, ...closureValid, ...declaredValid, ...chainValid, ...rowValid, ...wrapperValid, ...autoWrapperValid, `${models}export const none = 1;`],
  invalid: [...calleeInvalid, ...serializedKeyInvalid, ...closureInvalid, ...declaredInvalid, ...chainInvalid, ...unsavedInvalid, ...rowInvalid, ...wrapperInvalid, ...autoWrapperInvalid],
});
