import rule from '../../src/rules/no-entity-across-async-boundary.js';
import { createTypedRuleTester } from '../rule-tester.js';
import { bullmq, floating, floats, invalid, models, payload, type Invalid } from './async-boundary-cases.js';

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
  // Handed on to a boundary (reported there too), or to promise-returning library work.
  invalid(`${bullmq}async function enqueue(queue: Queue, phase: WorkflowPhase): Promise<void> {\n  await queue.add('recalc', { phase });\n}\nexport function onChange(queue: Queue, phase: WorkflowPhase): void {\n  void enqueue(queue, phase);\n}`, code => [
    payload(code, 'phase', 'bullmq.Queue.add', { after: "add('recalc', {", fix: { to: 'phaseId: phase.id' } }),
    floating(code, 'phase', '`enqueue()`', { after: 'void enqueue(queue, ' }),
  ]),
  invalid(`${helpers}function save(phase: WorkflowPhase): Promise<void> {\n  return recalc(phase);\n}\nexport function onChange(phase: WorkflowPhase): void {\n  void save(phase);\n}`, code => [
    floating(code, 'phase', '`save()`', { after: 'void save(' }),
  ]),
  // Stored where it outlives the call.
  invalid(`${helpers}class Cache {\n  last: WorkflowPhase | undefined;\n  async remember(phase: WorkflowPhase): Promise<void> {\n    this.last = phase;\n  }\n}\nexport function onChange(cache: Cache, phase: WorkflowPhase): void {\n  void cache.remember(phase);\n}`, code => [
    floating(code, 'phase', '`cache.remember()`', { after: 'cache.remember(' }),
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

ruleTester.run('no-entity-across-async-boundary (what really crosses)', rule, {
  valid: [...calleeValid, ...declaredValid, ...chainValid, `${models}export const none = 1;`],
  invalid: [...calleeInvalid, ...declaredInvalid, ...chainInvalid],
});
