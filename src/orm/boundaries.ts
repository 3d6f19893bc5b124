import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

/**
 * Async boundaries as data: the calls whose arguments leave the current process or unit of work (serialised into a
 * job queue, a workflow history, another thread or process), the timers that run a callback later, and the generic
 * job types whose type arguments describe a serialised payload.
 *
 * Everything is matched by the declared type and declaring package of the receiver or callee
 * (`typeMatchesSomeSpecifier` / `valueMatchesSomeSpecifier`), never by variable names.
 */

/**
 * Where the payload sits in a call's arguments. Found by parameter name first (in the overload the call resolves to,
 * so overloads such as bull's `add(data)` / `add(name, data)` work; read from the declared overloads when those that
 * accept the argument count agree, see `src/util/arguments.ts`), by index second.
 */
export interface PayloadPosition {
  /** Name of the parameter that holds the payload in the resolved signature (`data`, `payload`, `args`). */
  readonly param?: string;
  /** Argument index, used when no parameter of the resolved signature is named `param`. */
  readonly index?: number;
  /** With `index`: every argument from `index` on is payload (`...args`). A rest parameter found by name always is. */
  readonly rest?: boolean;
  /** Property path inside the argument (`['data']`, `['[]', 'payload']`; `'[]'` is any array element). */
  readonly path?: readonly string[];
}

/** A call whose payload is serialised and handled later, elsewhere. */
export interface BoundaryEntry {
  /** Stable id, used by `disableDefaults` and shown in messages (`bullmq.Queue.add`). */
  readonly id: string;
  /** Types of the receiver of a method call (`queue` in `queue.add()`); base classes count (a subclass of `Queue`). */
  readonly receiver?: readonly TypeOrValueSpecifier[];
  /** Method names, with `receiver`; or the callee's property name, with `callee`. */
  readonly method?: string | readonly string[];
  /** Types of the callee itself (a function type or alias such as graphile-worker's `AddJobFunction`). */
  readonly callee?: readonly TypeOrValueSpecifier[];
  /** `new Callee(...)` rather than a call. */
  readonly construct?: boolean;
  readonly payload: readonly PayloadPosition[];
  /** Why this is a boundary (docs). */
  readonly why?: string;
}

/** A function that runs a callback later, after the current unit of work has ended. */
export interface DeferredEntry {
  readonly id: string;
  readonly callee: readonly TypeOrValueSpecifier[];
  /** Index of the callback argument. */
  readonly callbackIndex: number;
  /** Extra arguments handed to the callback when it runs (`setTimeout(fn, ms, ...args)`). */
  readonly extraArgs?: PayloadPosition;
}

/** A generic type whose type arguments describe a serialised payload or result (`Queue<Data>`, `Job<Data>`). */
export interface JobTypeEntry {
  readonly id: string;
  readonly type: readonly TypeOrValueSpecifier[];
}

/**
 * A job or workflow *definition* passed to a call: a function whose parameters are the serialised payload
 * (a Temporal workflow function, a trigger.dev `run`), or an object of such functions (Temporal activities).
 */
export interface SignatureSite {
  readonly id: string;
  readonly receiver?: readonly TypeOrValueSpecifier[];
  readonly method?: string | readonly string[];
  readonly callee?: readonly TypeOrValueSpecifier[];
  /** The definition is this explicit type argument (`proxyActivities<typeof activities>()`). */
  readonly typeArgument?: number;
  /** The definition is this argument (a workflow function passed to `client.workflow.start`). */
  readonly argument?: PayloadPosition;
  /** `function`: one function; `functions`: an object whose callable properties are each a definition. */
  readonly shape: 'function' | 'functions';
  /** Parameters of the function that carry the payload; all when omitted. */
  readonly params?: readonly number[];
  /**
   * The functions' results are serialised too: a Temporal activity's result comes back through the workflow history
   * (`@temporalio/workflow` lib/internals.js `Activator.resolveActivity`: `fromPayloadWithTypeInfo(payloadConverter,
   * completed.result)`), so the workflow gets a deserialised copy.
   */
  readonly results?: boolean;
}

const pkg = (packageName: string, name: string | string[]): TypeOrValueSpecifier => ({ from: 'package', package: packageName, name });
const lib = (name: string | string[]): TypeOrValueSpecifier => ({ from: 'lib', name });

const bullmqQueue = [pkg('bullmq', 'Queue')];
const bullQueue = [pkg('bull', 'Queue')];
const pgBoss = [pkg('pg-boss', 'PgBoss')];
const agenda = [pkg('agenda', 'Agenda')];
const temporalWorkflowClient = [pkg('@temporalio/client', 'WorkflowClient')];
const temporalHandles = [
  pkg('@temporalio/common', 'BaseWorkflowHandle'),
  pkg('@temporalio/client', ['WorkflowHandle', 'WorkflowHandleWithFirstExecutionRunId', 'WorkflowHandleWithSignaledRunId']),
  pkg('@temporalio/workflow', ['ExternalWorkflowHandle', 'ChildWorkflowHandle']),
];
const triggerTask = [pkg('@trigger.dev/core', ['Task', 'TaskWithSchema', 'ToolTask'])];
const nodeWorkerThreads = 'worker_threads';
const nodeTypes = '@types/node';

const data1: PayloadPosition = { param: 'data', index: 1 };
const workflowArgs: PayloadPosition = { param: 'options', index: 1, path: ['args'] };

const QUEUE = 'a job queue stores the payload as JSON and a worker process reads it later';
const TEMPORAL = 'Temporal serialises arguments into the workflow history through its payload converter';

export const DEFAULT_BOUNDARIES: readonly BoundaryEntry[] = [
  // --- BullMQ ------------------------------------------------------------------------------------------------
  { id: 'bullmq.Queue.add', receiver: bullmqQueue, method: 'add', payload: [data1], why: QUEUE },
  { id: 'bullmq.Queue.addBulk', receiver: bullmqQueue, method: 'addBulk', payload: [{ param: 'jobs', index: 0, path: ['[]', 'data'] }], why: QUEUE },
  {
    id: 'bullmq.FlowProducer.add',
    receiver: [pkg('bullmq', 'FlowProducer')],
    method: 'add',
    payload: [
      { param: 'flow', index: 0, path: ['data'] },
      { param: 'flow', index: 0, path: ['children', '[]', 'data'] },
    ],
    why: 'every job of the flow is stored in Redis as JSON',
  },
  // --- Bull --------------------------------------------------------------------------------------------------
  // `add(data, opts)` and `add(name, data, opts)`: the parameter name finds the payload in either overload.
  { id: 'bull.Queue.add', receiver: bullQueue, method: 'add', payload: [{ param: 'data' }], why: QUEUE },
  { id: 'bull.Queue.addBulk', receiver: bullQueue, method: 'addBulk', payload: [{ param: 'jobs', index: 0, path: ['[]', 'data'] }], why: QUEUE },
  // --- pg-boss -----------------------------------------------------------------------------------------------
  {
    id: 'pg-boss.send',
    receiver: pgBoss,
    method: 'send',
    payload: [{ param: 'data' }, { param: 'request', path: ['data'] }],
    why: 'pg-boss stores the payload as jsonb in its job table',
  },
  { id: 'pg-boss.sendAfter', receiver: pgBoss, method: 'sendAfter', payload: [data1], why: 'stored as jsonb, run later' },
  { id: 'pg-boss.sendThrottled', receiver: pgBoss, method: 'sendThrottled', payload: [data1], why: 'stored as jsonb' },
  { id: 'pg-boss.sendDebounced', receiver: pgBoss, method: 'sendDebounced', payload: [data1], why: 'stored as jsonb' },
  { id: 'pg-boss.publish', receiver: pgBoss, method: 'publish', payload: [data1], why: 'one jsonb job per subscribed queue' },
  { id: 'pg-boss.schedule', receiver: pgBoss, method: 'schedule', payload: [{ param: 'data', index: 2 }], why: 'the schedule keeps the payload and sends it on every tick' },
  { id: 'pg-boss.insert', receiver: pgBoss, method: 'insert', payload: [{ param: 'jobs', index: 1, path: ['[]', 'data'] }], why: 'stored as jsonb' },
  // --- Agenda ------------------------------------------------------------------------------------------------
  { id: 'agenda.now', receiver: agenda, method: 'now', payload: [data1], why: 'Agenda persists job data in its backend (MongoDB/Postgres)' },
  { id: 'agenda.schedule', receiver: agenda, method: 'schedule', payload: [{ param: 'data', index: 2 }], why: 'persisted, run later' },
  { id: 'agenda.every', receiver: agenda, method: 'every', payload: [{ param: 'data', index: 2 }], why: 'persisted, run on every interval' },
  { id: 'agenda.create', receiver: agenda, method: 'create', payload: [data1], why: 'persisted by `job.save()`' },
  // --- graphile-worker ---------------------------------------------------------------------------------------
  {
    id: 'graphile-worker.addJob',
    callee: [pkg('graphile-worker', 'AddJobFunction')],
    payload: [{ param: 'payload', index: 1 }],
    why: 'graphile-worker stores the payload as json in its jobs table',
  },
  {
    id: 'graphile-worker.addJobs',
    callee: [pkg('graphile-worker', 'AddJobsFunction')],
    payload: [{ param: 'jobSpecs', index: 0, path: ['[]', 'payload'] }],
    why: 'stored as json',
  },
  {
    id: 'graphile-worker.quickAddJob',
    callee: [pkg('graphile-worker', ['addJobAdhoc', 'quickAddJob'])],
    payload: [{ param: 'payload', index: 2 }],
    why: 'stored as json',
  },
  // --- Inngest -----------------------------------------------------------------------------------------------
  {
    id: 'inngest.send',
    receiver: [pkg('inngest', 'Inngest')],
    method: 'send',
    payload: [
      { param: 'payload', index: 0, path: ['data'] },
      { param: 'payload', index: 0, path: ['[]', 'data'] },
    ],
    why: 'events are sent over HTTP as JSON',
  },
  {
    id: 'inngest.step.sendEvent',
    callee: [pkg('inngest', 'sendEvent')],
    method: 'sendEvent',
    payload: [
      { param: 'payload', index: 1, path: ['data'] },
      { param: 'payload', index: 1, path: ['[]', 'data'] },
    ],
    why: 'events are sent as JSON and memoised in the run state',
  },
  {
    id: 'inngest.step.invoke',
    callee: [pkg('inngest', 'invoke')],
    method: 'invoke',
    payload: [{ param: 'opts', index: 1, path: ['data'] }],
    why: 'the invoked function receives the data as a JSON event',
  },
  // --- trigger.dev -------------------------------------------------------------------------------------------
  { id: 'trigger.dev.trigger', receiver: triggerTask, method: 'trigger', payload: [{ param: 'payload', index: 0 }], why: 'the payload is sent to the trigger.dev API as JSON' },
  { id: 'trigger.dev.triggerAndWait', receiver: triggerTask, method: 'triggerAndWait', payload: [{ param: 'payload', index: 0 }], why: 'sent as JSON' },
  {
    id: 'trigger.dev.batchTrigger',
    receiver: triggerTask,
    method: ['batchTrigger', 'batchTriggerAndWait'],
    payload: [{ param: 'items', index: 0, path: ['[]', 'payload'] }],
    why: 'sent as JSON',
  },
  {
    id: 'trigger.dev.tasks.trigger',
    callee: [pkg('@trigger.dev/sdk', ['trigger', 'triggerAndWait', 'triggerAndSubscribe'])],
    payload: [{ param: 'payload', index: 1 }],
    why: 'sent as JSON',
  },
  {
    id: 'trigger.dev.tasks.batchTrigger',
    callee: [pkg('@trigger.dev/sdk', ['batchTrigger', 'batchTriggerAndWait'])],
    payload: [{ param: 'items', index: 1, path: ['[]', 'payload'] }],
    why: 'sent as JSON',
  },
  // --- Temporal (client) -------------------------------------------------------------------------------------
  { id: 'temporal.workflow.start', receiver: temporalWorkflowClient, method: 'start', payload: [workflowArgs], why: TEMPORAL },
  { id: 'temporal.workflow.execute', receiver: temporalWorkflowClient, method: 'execute', payload: [workflowArgs], why: TEMPORAL },
  {
    id: 'temporal.workflow.signalWithStart',
    receiver: temporalWorkflowClient,
    method: 'signalWithStart',
    payload: [workflowArgs, { param: 'options', index: 1, path: ['signalArgs'] }],
    why: TEMPORAL,
  },
  { id: 'temporal.handle.signal', receiver: temporalHandles, method: 'signal', payload: [{ param: 'args', index: 1, rest: true }], why: TEMPORAL },
  {
    id: 'temporal.schedule.create',
    receiver: [pkg('@temporalio/client', 'ScheduleClient')],
    method: 'create',
    payload: [{ param: 'options', index: 0, path: ['action', 'args'] }],
    why: 'the schedule stores the workflow arguments and starts a workflow with them on every tick',
  },
  // --- Temporal (workflow side) ------------------------------------------------------------------------------
  {
    id: 'temporal.activity',
    callee: [pkg('@temporalio/workflow', ['ActivityFunctionWithOptions', 'LocalActivityFunctionWithOptions'])],
    payload: [{ index: 0, rest: true }],
    why: 'a proxied activity call schedules the activity with serialised arguments, possibly on another worker',
  },
  { id: 'temporal.startChild', callee: [pkg('@temporalio/workflow', 'startChild')], payload: [workflowArgs], why: TEMPORAL },
  { id: 'temporal.executeChild', callee: [pkg('@temporalio/workflow', 'executeChild')], payload: [workflowArgs], why: TEMPORAL },
  { id: 'temporal.continueAsNew', callee: [pkg('@temporalio/workflow', 'continueAsNew')], payload: [{ param: 'args', index: 0, rest: true }], why: TEMPORAL },
  // --- Node.js -----------------------------------------------------------------------------------------------
  {
    id: 'node.worker_threads.Worker',
    callee: [pkg(nodeWorkerThreads, 'Worker')],
    construct: true,
    payload: [{ param: 'options', index: 1, path: ['workerData'] }],
    why: 'workerData is copied to the new thread with the structured clone algorithm (class and prototype are lost)',
  },
  {
    id: 'node.worker_threads.postMessage',
    receiver: [pkg(nodeWorkerThreads, ['Worker', 'MessagePort'])],
    method: 'postMessage',
    payload: [{ param: 'value', index: 0 }],
    why: 'messages are structured-cloned to the other thread',
  },
  {
    id: 'node.child_process.send',
    receiver: [pkg('child_process', 'ChildProcess'), pkg(nodeTypes, 'Process')],
    method: 'send',
    payload: [{ param: 'message', index: 0 }],
    why: 'IPC messages are serialised (JSON or advanced serialisation) to the other process',
  },
];

const nodeOrDom = (name: string): TypeOrValueSpecifier[] => [lib(name), pkg(nodeTypes, name)];
const timerArgs: PayloadPosition = { param: 'args', index: 2, rest: true };

export const DEFAULT_DEFERRED: readonly DeferredEntry[] = [
  { id: 'setTimeout', callee: nodeOrDom('setTimeout'), callbackIndex: 0, extraArgs: timerArgs },
  { id: 'setInterval', callee: nodeOrDom('setInterval'), callbackIndex: 0, extraArgs: timerArgs },
  { id: 'setImmediate', callee: nodeOrDom('setImmediate'), callbackIndex: 0, extraArgs: { param: 'args', index: 1, rest: true } },
  { id: 'process.nextTick', callee: [pkg(nodeTypes, 'nextTick')], callbackIndex: 0, extraArgs: { param: 'args', index: 1, rest: true } },
  { id: 'queueMicrotask', callee: nodeOrDom('queueMicrotask'), callbackIndex: 0 },
];

export const DEFAULT_JOB_TYPES: readonly JobTypeEntry[] = [
  { id: 'bullmq.types', type: [pkg('bullmq', ['Queue', 'Worker', 'Job'])] },
  { id: 'bull.types', type: [pkg('bull', ['Queue', 'Job'])] },
  { id: 'pg-boss.types', type: [pkg('pg-boss', ['Job', 'JobWithMetadata', 'JobInsert'])] },
  { id: 'agenda.types', type: [pkg('agenda', 'Job')] },
  { id: 'trigger.dev.types', type: [pkg('@trigger.dev/core', ['Task', 'RunHandle'])] },
];

const workflowFunction: Pick<SignatureSite, 'shape' | 'typeArgument'> = { shape: 'function', typeArgument: 0 };

export const DEFAULT_SIGNATURES: readonly SignatureSite[] = [
  {
    id: 'temporal.proxyActivities',
    callee: [pkg('@temporalio/workflow', ['proxyActivities', 'proxyLocalActivities'])],
    typeArgument: 0,
    shape: 'functions',
    results: true,
  },
  {
    id: 'temporal.workflow.start',
    receiver: temporalWorkflowClient,
    method: ['start', 'execute', 'signalWithStart'],
    argument: { param: 'workflowTypeOrFunc', index: 0 },
    ...workflowFunction,
  },
  {
    id: 'temporal.startChild',
    callee: [pkg('@temporalio/workflow', ['startChild', 'executeChild'])],
    argument: { param: 'workflowFunc', index: 0 },
    ...workflowFunction,
  },
  {
    id: 'temporal.schedule.create',
    receiver: [pkg('@temporalio/client', 'ScheduleClient')],
    method: 'create',
    argument: { param: 'options', index: 0, path: ['action', 'workflowType'] },
    shape: 'function',
  },
  { id: 'temporal.continueAsNew', callee: [pkg('@temporalio/workflow', ['continueAsNew', 'makeContinueAsNewFunc'])], ...workflowFunction },
  {
    id: 'trigger.dev.task',
    callee: [pkg('@trigger.dev/sdk', ['createTask', 'task'])],
    argument: { param: 'params', index: 0, path: ['run'] },
    shape: 'function',
    params: [0],
  },
];

/** Every default id, for the `disableDefaults` schema. */
export const DEFAULT_IDS: readonly string[] = [
  ...new Set([
    ...DEFAULT_BOUNDARIES.map(b => b.id),
    ...DEFAULT_DEFERRED.map(d => d.id),
    ...DEFAULT_JOB_TYPES.map(j => j.id),
    ...DEFAULT_SIGNATURES.map(s => s.id),
  ]),
];
