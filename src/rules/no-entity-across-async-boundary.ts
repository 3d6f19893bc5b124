import { typeOrValueSpecifiersSchema, type TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import { typeMatchesSpecifiers } from '../util/specifiers.js';
import { AST_NODE_TYPES, type JSONSchema, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { DEFAULT_IDS, type PayloadPosition, type SignatureSite } from '../orm/boundaries.js';
import {
  boundaryTables,
  importsAnyNameModule,
  calleeMatches,
  entryMayMatch,
  formatPath,
  methodNames,
  payloadArguments,
  receiverMatches,
  typeNames,
  typesAtPath,
  type CallPattern,
  type IndexedTable,
  type PayloadArgument,
  type UserBoundary,
} from '../orm/boundary-matcher.js';
import { noEntitiesMessage, noEntitiesNotice } from '../orm/setup-notices.js';
import { getEntityModel, type EntityInfo } from '../orm/entity-model.js';
import { entityRetentionPolicy, wrapperPolicy } from '../analysis/entity-policy.js';
import { calleeBody } from '../analysis/callees.js';
import { wrapperArguments } from '../analysis/wrappers.js';
import { callKeepsArgument } from '../analysis/retention.js';
import { bindsRestParameter, objectLiteralFits } from '../analysis/payload-shape.js';
import { namedClosure, type Closure } from '../analysis/closures.js';
import { declaredTypes, mayCarryEntity, primitiveSyntax } from '../analysis/declared-types.js';
import { awaitedResults, reportedAtDeclaration, temporalDeclarations } from '../analysis/temporal.js';
import { isUnsaved, toJsonReplacement } from '../analysis/unsaved.js';
import { memberName, outerTypeWrappers, skipTypeWrappers } from '../util/ast.js';
import { PRIMITIVE_TYPE_FLAGS } from '../util/ts-nodes.js';
import {
  capturedVariables,
  declaredToReturnPrimitive,
  declaredWithTypes,
  droppedCall,
  handlesRejection,
  isInlineFunction,
  isPromiseCall,
  mayReturnPromise,
  promiseChain,
  readsOnlyProperty,
  returnsNoValue,
} from '../util/async-flow.js';
import { argumentSelector, type ArgumentSelector } from '../util/arguments.js';
import { receiverName } from '../util/messages.js';
import { createRule } from '../util/create-rule.js';
import { getTypedParserServices } from '../util/type-information.js';
import { getSettings } from '../util/settings.js';

export type Options = [
  {
    boundaries: UserBoundary[];
    disableDefaults: string[];
    checkDeferredCallbacks: boolean;
    checkFloatingCalls: boolean;
    checkJobTypes: boolean;
    allowTypes: TypeOrValueSpecifier[];
  },
];
export type MessageIds =
  | 'entityInPayload'
  | 'rowInPayload'
  | 'unsavedInPayload'
  | 'entityInJobType'
  | 'entityInActivityResult'
  | 'entityCapturedByDeferredCallback'
  | 'entityInFloatingCall'
  | 'passPrimaryKey'
  | 'serialiseExplicitly'
  | 'noEntitiesRecognised';

const specifierDescriptions: Readonly<Record<string, string>> = {
  from: "Where the type or value is declared: 'file' (this project), 'lib' (TypeScript's libs) or 'package'.",
  name: 'Type or value name(s).',
  path: "With 'file': the declaring file, relative to the directory of the tsconfig (not ESLint's working directory).",
  package: "With 'package': the declaring package (`bullmq`, `@types/node`).",
};

/** typescript-eslint's `typeOrValueSpecifiersSchema`, with descriptions for the generated docs. */
const specifiersSchema: JSONSchema.JSONSchema4 = {
  ...typeOrValueSpecifiersSchema,
  items: {
    oneOf: typeOrValueSpecifiersSchema.items.oneOf.map(variant =>
      'properties' in variant
        ? {
            ...variant,
            properties: Object.fromEntries(
              Object.entries(variant.properties).map(([key, value]) => [key, { ...value, description: specifierDescriptions[key] }]),
            ),
          }
        : variant,
    ),
  },
};
const SPECIFIERS_REF = '#/items/0/$defs/specifiers';
const specifiers = (description: string): JSONSchema.JSONSchema4 => ({ type: 'array', description, allOf: [{ $ref: SPECIFIERS_REF }] });

const payloadPositionSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Where the payload is: parameter name first, argument index second, then a property path inside it.',
  properties: {
    param: { type: 'string', description: 'Name of the payload parameter in the resolved signature (`data`, `payload`).' },
    index: { type: 'integer', minimum: 0, description: 'Argument index, used when no parameter is named `param`.' },
    rest: { type: 'boolean', description: 'With `index`: every argument from `index` on is payload.' },
    path: {
      type: 'array',
      items: { type: 'string' },
      description: "Property path inside the argument (`['data']`; `'[]'` steps into array elements).",
    },
  },
} as const;

/** An entity found in a value: which one, and the property/element path to it. */
interface Found {
  readonly entity: EntityInfo;
  readonly path: readonly string[];
}
/** `deep`: entities anywhere in a (serialised) payload. `shallow`: the value is an entity or an array of them. */
type Depth = 'deep' | 'shallow';
type OnLeaf = (node: TSESTree.Node, found: Found, path: readonly string[]) => void;

function propertyKey(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  // A non-computed key that is not an identifier is a string or number literal.
  return typeof property.key.value === 'string' || typeof property.key.value === 'number' ? String(property.key.value) : undefined;
}

const identifierName = /^[A-Za-z_$][\w$]*$/u;

export default createRule<Options, MessageIds>({
  name: 'no-entity-across-async-boundary',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow passing ORM entities to job queues, workflows, other threads and deferred callbacks',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        // Shared by `allowTypes` and the boundaries' `receiver`/`callee` (listed once in the generated docs).
        $defs: { specifiers: specifiersSchema },
        properties: {
          boundaries: {
            type: 'array',
            description:
              'Extra boundary calls: `{ id?, receiver?, method?, callee?, construct?, payload }`, receiver/callee as TypeOrValueSpecifiers.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['payload'],
              anyOf: [
                { type: 'object', required: ['receiver', 'method'] },
                { type: 'object', required: ['callee'] },
              ],
              properties: {
                id: { type: 'string', description: 'Name shown in messages.' },
                receiver: specifiers('Types of the receiver of the method call; subclasses match.'),
                method: {
                  description: 'Method name(s) called on the receiver, or the callee name(s) with `callee`.',
                  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
                },
                callee: specifiers('Types (or values) of the callee itself.'),
                construct: { type: 'boolean', description: 'Match `new Callee(...)` instead of calls.' },
                payload: { type: 'array', minItems: 1, items: payloadPositionSchema, description: 'Payload positions.' },
              },
            },
          },
          disableDefaults: {
            type: 'array',
            items: { type: 'string', enum: [...DEFAULT_IDS] },
            uniqueItems: true,
            description: 'Ids of default boundaries, timers or job types to turn off (`bullmq.Queue.add`, `setTimeout`).',
          },
          checkDeferredCallbacks: {
            type: 'boolean',
            description: 'Report entities captured by, or passed to, `setTimeout`/`setInterval`/`setImmediate`/`process.nextTick`/`queueMicrotask` callbacks.',
          },
          checkFloatingCalls: {
            type: 'boolean',
            description: 'Report entities passed to (or captured by) a promise-returning call whose promise is dropped.',
          },
          checkJobTypes: {
            type: 'boolean',
            description: 'Report queue, job, worker, task and workflow types whose payload type contains an entity.',
          },
          allowTypes: specifiers('Entity types that are safe to pass (e.g. a serialisable read model).'),
        },
      },
    ],
    defaultOptions: [
      {
        boundaries: [],
        disableDefaults: [],
        checkDeferredCallbacks: true,
        checkFloatingCalls: true,
        checkJobTypes: true,
        allowTypes: [],
      },
    ],
    messages: {
      entityInPayload:
        '{{entity}} entity `{{expression}}` is passed to `{{boundary}}`, which serialises it and handles it later: the class, Dates and lazy relations do not survive and the row can change meanwhile. Pass its id (or a plain DTO) and reload the entity in the job.',
      rowInPayload:
        '{{entity}} row `{{expression}}` is passed to `{{boundary}}`, which serialises it: Dates, BigInts and Decimals arrive as strings, and the row can change meanwhile. Pass its id (or a plain DTO with those fields converted) and reload the row in the job.',
      unsavedInPayload:
        '{{entity}} `{{expression}}` is built but not saved, and passed to `{{boundary}}`, which serialises it: there is no row for the job to reload, and the class and its Dates do not survive. Serialise it explicitly ({{serialise}}).',
      entityInJobType:
        '`{{subject}}` declares a serialised job payload that contains {{entity}} entity{{at}}. Declare the id (or a plain DTO) instead and reload the entity in the job.',
      entityInActivityResult:
        'Activity `{{activity}}` returns {{entity}} entity{{at}}: the result is serialised into the workflow history, so the workflow gets a plain copy (no class, Dates as strings, no lazy relations) that replays unchanged while the row moves on. Return the id (or a plain DTO) and load the entity in the activity that needs it.',
      entityCapturedByDeferredCallback:
        '{{entity}} entity `{{name}}` is used by a callback deferred with `{{callee}}`, which runs after this unit of work has ended. Capture its id and reload the entity inside the callback.',
      entityInFloatingCall:
        '{{entity}} entity `{{name}}` is handed to {{call}}, whose promise is neither awaited, returned nor stored: the work outlives this unit of work. Await it, or pass the id and reload the entity.',
      passPrimaryKey: 'Pass `{{replacement}}` instead (the job must then reload the {{entity}}).',
      serialiseExplicitly: 'Pass `{{replacement}}` instead (a plain object of its fields).',
      noEntitiesRecognised: noEntitiesMessage,
    },
  },
  create(context, [options]) {
    const services = getTypedParserServices(context);
    const { program } = services;
    const checker = program.getTypeChecker();
    const model = getEntityModel(services, getSettings(context));
    const { sourceCode } = context;
    const tables = boundaryTables(options.boundaries, options.disableDefaults);
    const retention = entityRetentionPolicy(model, tables);
    const wrappers = wrapperPolicy(program, tables);
    const allowTypes = options.allowTypes;
    const jobTypeNames = new Set(
      tables.jobTypes.flatMap(specifier =>
        typeof specifier === 'string' ? [specifier] : typeof specifier.name === 'string' ? [specifier.name] : specifier.name,
      ),
    );
    /** Nodes already reported (a value can be reachable from two payload positions). */
    const reported = new Set<TSESTree.Node>();
    /** Calls that are boundaries: the floating-call check leaves them to `entityInPayload`. */
    const boundaryCalls = new WeakSet<TSESTree.Node>();
    /** Arguments a boundary takes as positional parameters of a function (`...args`), not as one payload object. */
    const positionalArguments = new WeakSet<TSESTree.Node>();
    /** Type-argument ranges already reported, so nested type references are not reported twice. */
    const reportedTypeRanges: (readonly [number, number])[] = [];

    /** A node as messages name it: one line, cut when long, without type syntax around a receiver. */
    const text = (node: TSESTree.Node): string => receiverName(sourceCode, node);

    // --- entities in values -------------------------------------------------------------------------------------
    const allowed = (type: ts.Type, path: readonly string[]): boolean => {
      if (allowTypes.length === 0) return false;
      const at = typesAtPath(checker, type, path);
      return at.length > 0 && at.every(t => typeMatchesSpecifiers(checker.getNonNullableType(t), allowTypes, program));
    };

    const entityIn = (type: ts.Type, depth: Depth): Found | undefined => {
      const bare = checker.getNonNullableType(type);
      if (bare.getCallSignatures().length > 0 || bare.getConstructSignatures().length > 0) return undefined;
      if (depth === 'deep') {
        return model.entitiesIn(type).find(occurrence => !allowed(type, occurrence.path));
      }
      const deep = model.entityOfTypeDeep(type);
      if (!deep || deep.container === 'promise') return undefined;
      const path = deep.container === 'array' ? ['[]'] : [];
      return allowed(type, path) ? undefined : { entity: deep.entity, path };
    };

    // What a reference refers to and holds by its declaration, before anything is typed where it is written.
    const { declaredSymbol, referencedSymbol, declaredType, declaredReceiverMethod, hasDeclaredReceiver, declaredNoEntity, capturedNoEntity, holdsLiteral } = declaredTypes(
      services,
      declared => entityIn(declared, 'shallow') !== undefined,
    );

    /**
     * The type of a value. A shorthand property's name (`{ phase }`) is typed by TypeScript as the object literal's
     * property, which checks the whole literal against the call's parameter (overload resolution): the variable's
     * declared type answers instead when narrowing cannot change the verdict (a primitive, or a non-union entity type).
     */
    const valueType = (node: TSESTree.Node): ts.Type => {
      const parent = node.parent;
      if (node.type === AST_NODE_TYPES.Identifier && parent?.type === AST_NODE_TYPES.Property && parent.shorthand && parent.value === node) {
        const symbol = referencedSymbol(node);
        if (symbol) {
          const declared = checker.getTypeOfSymbol(symbol);
          const bare = checker.getNonNullableType(declared);
          if (bare.flags & PRIMITIVE_TYPE_FLAGS || (!bare.isUnion() && model.entityOfType(bare))) return declared;
        }
      }
      return services.getTypeAtLocation(node);
    };

    /**
     * Checks a value through its type, at `path` inside it: reported when the value there is an entity (or an array of
     * entities) by its own type. The declared property types of a value that is no entity are not descended into: a
     * payload already deserialised from a queue (`event: Partial<Event>`) is typed with models but holds none, and a
     * declared payload type that contains entities is reported once, at the type, by the job-type check.
     */
    const scanTyped = (node: TSESTree.Node, path: readonly string[], onLeaf: OnLeaf): void => {
      const type = valueType(node);
      const depth = holdsLiteral(node) ? 'deep' : 'shallow';
      for (const at of typesAtPath(checker, type, path)) {
        const found = entityIn(at, depth);
        if (found) {
          onLeaf(node, found, [...path, ...found.path]);
          return;
        }
      }
    };

    /**
     * Walks a payload value: object and array literals are followed syntactically (so the report lands on the
     * entity itself), anything else is checked through its type, at what is left of `path`.
     */
    const scan = (node: TSESTree.Node, path: readonly string[], onLeaf: OnLeaf): void => {
      const inner = skipTypeWrappers(node);
      if (inner.type === AST_NODE_TYPES.SpreadElement) {
        scanTyped(inner.argument, ['[]', ...path], onLeaf);
        return;
      }
      if (inner.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of inner.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            // `{ ...value }` copies what `value` holds: checked as `value` itself would be.
            scanTyped(property.argument, path, onLeaf);
          } else if (path.length === 0) {
            scan(property.value, [], onLeaf);
          } else if (propertyKey(property) === path[0]) {
            scan(property.value, path.slice(1), onLeaf);
          }
        }
        return;
      }
      if (inner.type === AST_NODE_TYPES.ArrayExpression && (path.length === 0 || path[0] === '[]')) {
        const rest = path.slice(1);
        for (const element of inner.elements) {
          if (!element) continue;
          if (element.type === AST_NODE_TYPES.SpreadElement) scanTyped(element.argument, ['[]', ...rest], onLeaf);
          else scan(element, rest, onLeaf);
        }
        return;
      }
      // Primitives by syntax (`'name'`, `n + 1`, `!done`, `` `${a}` ``): no type needed to know they are no entity.
      if (primitiveSyntax.has(inner.type)) return;
      scanTyped(inner, path, onLeaf);
    };

    /** Finds the node at `path` inside object literals as far as the syntax goes (for job definitions). */
    const locate = (node: TSESTree.Node, path: readonly string[]): { node: TSESTree.Node; path: readonly string[] }[] => {
      const inner = skipTypeWrappers(node);
      if (path.length === 0 || inner.type !== AST_NODE_TYPES.ObjectExpression) return [{ node: inner, path }];
      const out: { node: TSESTree.Node; path: readonly string[] }[] = [];
      for (const property of inner.properties) {
        if (property.type === AST_NODE_TYPES.Property && propertyKey(property) === path[0]) out.push(...locate(property.value, path.slice(1)));
      }
      return out;
    };

    // --- suggestions -------------------------------------------------------------------------------------------
    /**
     * Whether the argument holding `node` (directly, or through object/array literals) is inferred from itself: the
     * call's own type parameter (`add<DATA>(name, data: DATA)`), so any value fits. A class's type parameter
     * (`Queue<Data>.add(name, data: Data)`) is fixed by the receiver and does not count.
     */
    const argumentIsFree = (node: TSESTree.Node): boolean => {
      let current = node;
      for (let parent = current.parent; parent; parent = current.parent) {
        if (parent.type === AST_NODE_TYPES.Property && parent.value === current && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
          current = parent.parent;
        } else if (parent.type === AST_NODE_TYPES.ArrayExpression) {
          current = parent;
        } else {
          break;
        }
      }
      const call = current.parent;
      if (!call || (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression)) return false;
      const index = call.arguments.findIndex(a => a === current);
      if (index === -1) return false;
      const declaration = checker.getResolvedSignature(services.esTreeNodeToTSNodeMap.get(call))?.getDeclaration();
      if (!declaration || !('parameters' in declaration)) return false;
      const parameter = declaration.parameters[Math.min(index, declaration.parameters.length - 1)];
      if (!parameter) return false;
      const declared = checker.getTypeAtLocation(parameter);
      return (
        (declared.flags & ts.TypeFlags.TypeParameter) !== 0 &&
        (declaration.typeParameters ?? []).some(p => checker.getTypeAtLocation(p) === declared)
      );
    };

    /** The type a value written at `node` must have, or undefined when anything goes. */
    const requiredType = (node: TSESTree.Node): ts.Type | undefined => {
      if (argumentIsFree(node)) return undefined;
      const tsNode = services.esTreeNodeToTSNodeMap.get(node);
      if (!ts.isExpression(tsNode)) return undefined;
      const contextual = checker.getContextualType(tsNode);
      if (!contextual || contextual.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
      return contextual;
    };

    const objectAccepts = (object: TSESTree.ObjectExpression, oldKey: string, newKey: string, value: ts.Type): boolean => {
      const contextual = requiredType(object);
      if (!contextual) return true;
      const members = contextual.isUnion() ? contextual.types : [contextual];
      return members.some(member => {
        if (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) return false;
        if (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return true;
        const old = checker.getPropertyOfType(member, oldKey);
        if (old && !(old.flags & ts.SymbolFlags.Optional)) return false;
        const target = checker.getPropertyOfType(member, newKey);
        if (target) return checker.isTypeAssignableTo(value, checker.getTypeOfSymbol(target));
        const index = checker.getIndexTypeOfType(member, ts.IndexKind.String);
        if (index) return checker.isTypeAssignableTo(value, index);
        return member.getProperties().length === 0;
      });
    };

    /**
     * The primary key in place of the entity, in the payload's shape: a property value becomes a key property
     * (`{ phase }` → `{ phaseId: phase.id }`), a whole payload stays an object named by the primary key
     * (`queue.add(name, phase)` → `queue.add(name, { id: phase.id })`, so a worker reading `job.data.id` works), and a
     * positional argument (`...args` of an activity or signal, an array element) becomes the key itself. Offered only
     * when the result type-checks against the payload's declared type: a payload declared as the entity type accepts
     * nothing else, and is left to the job-type check at its declaration.
     */
    const primaryKeySuggestion = (leaf: TSESTree.Node, entity: EntityInfo): TSESLint.ReportSuggestionArray<MessageIds> => {
      const pk = entity.primaryKey;
      if (pk === undefined) return [];
      const leafType = services.getTypeAtLocation(leaf);
      const bare = checker.getNonNullableType(leafType);
      const pkSymbol = bare.getProperty(pk);
      if (!pkSymbol) return [];
      const pkType = checker.getTypeOfSymbol(pkSymbol);
      const optional = bare !== leafType;
      const simple =
        leaf.type === AST_NODE_TYPES.Identifier ||
        leaf.type === AST_NODE_TYPES.MemberExpression ||
        leaf.type === AST_NODE_TYPES.ThisExpression ||
        leaf.type === AST_NODE_TYPES.CallExpression ||
        leaf.type === AST_NODE_TYPES.ChainExpression;
      const base = simple ? sourceCode.getText(leaf) : `(${sourceCode.getText(leaf)})`;
      const access = identifierName.test(pk) ? `${base}${optional ? '?.' : '.'}${pk}` : `${base}${optional ? '?.' : ''}[${JSON.stringify(pk)}]`;
      const suggest = (target: TSESTree.Node, replacement: string): TSESLint.ReportSuggestionArray<MessageIds> => [
        { messageId: 'passPrimaryKey', data: { replacement, entity: entity.name }, fix: fixer => fixer.replaceText(target, replacement) },
      ];
      // The value as written, with the type syntax around it (`asset as any`): what the replacement replaces.
      const slot = outerTypeWrappers(leaf);
      const parent = slot.parent;
      if (!parent) return [];
      if (
        parent.type === AST_NODE_TYPES.Property &&
        parent.value === slot &&
        parent.kind === 'init' &&
        !parent.method &&
        parent.parent.type === AST_NODE_TYPES.ObjectExpression
      ) {
        const object = parent.parent;
        const key = propertyKey(parent);
        if (key === undefined) return [];
        const newKey = `${key}${pk.charAt(0).toUpperCase()}${pk.slice(1)}`;
        if (object.properties.some(p => p.type === AST_NODE_TYPES.Property && propertyKey(p) === newKey)) return [];
        if (!objectAccepts(object, key, newKey, pkType)) return [];
        return suggest(parent, `${identifierName.test(newKey) ? newKey : JSON.stringify(newKey)}: ${access}`);
      }
      const required = requiredType(slot);
      if (parent.type === AST_NODE_TYPES.ArrayExpression) {
        return required && !checker.isTypeAssignableTo(pkType, required) ? [] : suggest(slot, access);
      }
      const isCall = parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression;
      const index = isCall ? parent.arguments.findIndex(a => a === slot) : -1;
      if (!isCall || index === -1) return [];
      if (positionalArguments.has(slot) || bindsRestParameter(checker, services.esTreeNodeToTSNodeMap.get(parent), index)) {
        return required && !checker.isTypeAssignableTo(pkType, required) ? [] : suggest(slot, access);
      }
      if (!objectLiteralFits(checker, required, pk, pkType)) return [];
      return suggest(slot, `{ ${identifierName.test(pk) ? pk : JSON.stringify(pk)}: ${access} }`);
    };

    // --- matching calls ----------------------------------------------------------------------------------------
    interface CallFacts {
      readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
      /** The member name (`add` in `queue.add`) or the callee identifier's name. */
      readonly name: string | undefined;
      readonly calleeType: () => ts.Type;
      readonly calleeNames: () => readonly string[];
      readonly receiverType: () => ts.Type | undefined;
      /** Lines up the arguments with the callee's parameters (see `argumentSelector`). */
      readonly selectArguments: ArgumentSelector;
    }

    /**
     * The names of the callee's declared type, from its symbol: no flow analysis at the call site, which is what
     * makes the per-call pre-check cheap. The full match (`calleeMatches`) then uses the type at the call.
     */
    const declaredTypeNames = (callee: TSESTree.Node): readonly string[] => {
      const type = declaredType(callee);
      return type ? typeNames(checker, type) : [];
    };

    // Typing a member callee means typing its receiver (`this.metrics.count`, `value.trim`): only do it for member
    // names a callee-typed entry can have, or anywhere in a Temporal workflow file (proxied activities, any name).
    const { calleeMemberNames } = tables;
    const importsTemporalWorkflow = importsAnyNameModule(services.esTreeNodeToTSNodeMap.get(context.sourceCode.ast));
    const mayBeTypedCallee = (callee: TSESTree.Node, name: string | undefined): boolean =>
      callee.type !== AST_NODE_TYPES.MemberExpression ||
      importsTemporalWorkflow ||
      calleeMemberNames === undefined ||
      (name !== undefined && calleeMemberNames.has(name));

    const callFacts = (node: TSESTree.CallExpression | TSESTree.NewExpression): CallFacts => {
      let calleeType: ts.Type | undefined;
      let receiverType: ts.Type | undefined;
      let selector: ArgumentSelector | undefined;
      let calleeNames: readonly string[] | undefined;
      const callee = skipTypeWrappers(node.callee);
      const name =
        callee.type === AST_NODE_TYPES.MemberExpression
          ? memberName(callee)
          : callee.type === AST_NODE_TYPES.Identifier
            ? callee.name
            : undefined;
      const getCalleeType = (): ts.Type => (calleeType ??= services.getTypeAtLocation(callee));
      return {
        node,
        name,
        calleeType: getCalleeType,
        calleeNames: () => (calleeNames ??= mayBeTypedCallee(callee, name) ? declaredTypeNames(callee) : []),
        receiverType: () => {
          if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
          // The declared type of a variable or property (no flow analysis), else the type at the call.
          return (receiverType ??= declaredType(callee.object) ?? services.getTypeAtLocation(callee.object));
        },
        selectArguments: select => {
          if (!selector) {
            const type = checker.getNonNullableType(getCalleeType());
            const declared = node.type === AST_NODE_TYPES.NewExpression ? type.getConstructSignatures() : type.getCallSignatures();
            selector = argumentSelector(declared, node.arguments, () => checker.getResolvedSignature(services.esTreeNodeToTSNodeMap.get(node)));
          }
          return selector(select);
        },
      };
    };

    /** The entries of `table` this call matches: cheap name lookups first, then types and declaring packages. */
    const matching = <T extends CallPattern>(facts: CallFacts, table: IndexedTable<T>): T[] =>
      table.candidates(facts.name, facts.calleeNames).filter(entry => entryMayMatch(program, entry) && matches(facts, entry));

    const matches = (facts: CallFacts, entry: CallPattern): boolean => {
      if ((entry.construct ?? false) !== (facts.node.type === AST_NODE_TYPES.NewExpression)) return false;
      const names = methodNames(entry.method);
      if (entry.receiver) {
        if (facts.name === undefined || !names.includes(facts.name)) return false;
        const receiver = facts.receiverType();
        return receiver !== undefined && receiverMatches(program, receiver, entry.receiver);
      }
      if (entry.callee) {
        if (names.length > 0 && (facts.name === undefined || !names.includes(facts.name))) return false;
        return calleeMatches(program, facts.node.callee, facts.calleeType(), entry.callee);
      }
      return false;
    };

    const argumentsAt = (facts: CallFacts, position: PayloadPosition): PayloadArgument[] => {
      const path = position.path ?? [];
      return facts.selectArguments(parameters => payloadArguments(facts.node.arguments, parameters, position)).map(node => ({ node, path }));
    };

    // --- 1. payloads of boundary calls -------------------------------------------------------------------------
    /** Reports an entity found in a payload, with the message for what goes wrong for that kind of value. */
    const reportPayload = (leaf: TSESTree.Node, found: Found, path: readonly string[], boundary: string): void => {
      if (reported.has(leaf)) return;
      reported.add(leaf);
      const expression = formatPath(text(leaf), path);
      if (!found.entity.tracked) {
        context.report({
          node: leaf,
          messageId: 'rowInPayload',
          data: { entity: found.entity.name, expression, boundary },
          suggest: path.length === 0 ? primaryKeySuggestion(leaf, found.entity) : [],
        });
      } else if (path.length === 0 && isUnsaved(sourceCode, services, leaf)) {
        const replacement = toJsonReplacement(sourceCode, services, leaf);
        context.report({
          node: leaf,
          messageId: 'unsavedInPayload',
          data: { entity: found.entity.name, expression, boundary, serialise: replacement ? `\`${replacement}\`` : 'a plain object of the fields the job needs' },
          suggest: replacement ? [{ messageId: 'serialiseExplicitly', data: { replacement }, fix: fixer => fixer.replaceText(leaf, replacement) }] : [],
        });
      } else {
        context.report({
          node: leaf,
          messageId: 'entityInPayload',
          data: { entity: found.entity.name, expression, boundary },
          suggest: path.length === 0 ? primaryKeySuggestion(leaf, found.entity) : [],
        });
      }
    };

    const checkBoundaries = (facts: CallFacts): void => {
      for (const entry of matching(facts, tables.payload)) {
        boundaryCalls.add(facts.node);
        for (const position of entry.payload) {
          for (const argument of argumentsAt(facts, position)) {
            if (position.rest && argument.path.length === 0) positionalArguments.add(argument.node);
            scan(argument.node, argument.path, (leaf, found, path) => {
              reportPayload(leaf, found, path, entry.id);
            });
          }
        }
      }
    };

    /** A method or function of the program that forwards an argument into a boundary's payload (see src/analysis/wrappers.ts). */
    const checkWrappers = (facts: CallFacts): void => {
      const node = facts.node;
      if (!node.arguments.some(mayCarryEntity)) return;
      const tsCall = services.esTreeNodeToTSNodeMap.get(node);
      const forwarded = wrapperArguments(program, wrappers, tsCall);
      if (forwarded.size === 0) return;
      boundaryCalls.add(node);
      const fn = calleeBody(program, tsCall);
      const owner = fn && (ts.isClassLike(fn.parent) ? fn.parent.name?.text : undefined);
      const own = fn?.name && ts.isIdentifier(fn.name) ? fn.name.text : facts.name;
      const label = owner && own ? `${owner}.${own}` : (own ?? text(node.callee));
      for (const [index, boundary] of forwarded) {
        const argument = node.arguments[index];
        if (!argument) continue;
        scan(argument, [], (leaf, found, path) => {
          reportPayload(leaf, found, path, `${label}\` → \`${boundary}`);
        });
      }
    };

    // --- 2. job types ------------------------------------------------------------------------------------------
    const reportTypeArgument = (typeNode: TSESTree.TypeNode, subject: string): void => {
      const [start, end] = typeNode.range;
      if (reportedTypeRanges.some(([s, e]) => s <= start && end <= e)) return;
      const found = entityIn(services.getTypeAtLocation(typeNode), 'deep');
      if (!found) return;
      reportedTypeRanges.push(typeNode.range);
      context.report({
        node: typeNode,
        messageId: 'entityInJobType',
        data: { subject, entity: found.entity.name, at: found.path.length > 0 ? ` at \`${formatPath('', found.path)}\`` : '' },
      });
    };

    /**
     * The class a `new` expression instantiates, from the callee's declaration when it is a class (`new Worker<D>(...)`):
     * the type of the expression itself would mean resolving the constructor call, which checks every argument, a
     * processor callback's whole body included. A class whose name no job type has is no job type.
     */
    const constructedType = (node: TSESTree.NewExpression): ts.Type | undefined => {
      const target = declaredSymbol(skipTypeWrappers(node.callee));
      if (target && target.flags & ts.SymbolFlags.Class) return jobTypeNames.has(target.name) ? checker.getDeclaredTypeOfSymbol(target) : undefined;
      return services.getTypeAtLocation(node);
    };

    const checkJobTypeArguments = (type: ts.Type, typeArguments: TSESTree.TSTypeParameterInstantiation, name: string): void => {
      if (!typeMatchesSpecifiers(type, [...tables.jobTypes], program)) return;
      for (const argument of typeArguments.params) reportTypeArgument(argument, `${name}<${text(argument)}>`);
    };

    /** A job/workflow definition (function, or object of functions) whose parameters are a serialised payload. */
    const checkDefinition = (type: ts.Type, node: TSESTree.Node, site: SignatureSite, label: string): void => {
      const functions: { name: string; type: ts.Type }[] = (
        site.shape === 'function'
          ? [{ name: label, type }]
          : checker
              .getNonNullableType(type)
              .getProperties()
              .map(property => ({ name: property.name, type: checker.getTypeOfSymbol(property) }))
      ).filter(fn => !reportedAtDeclaration(program, fn.type, options.disableDefaults));
      if (site.results) checkResults(functions, node);
      for (const fn of functions) {
        for (const signature of checker.getNonNullableType(fn.type).getCallSignatures()) {
          for (const [index, parameter] of signature.parameters.entries()) {
            if (site.params && !site.params.includes(index)) continue;
            const found = entityIn(checker.getTypeOfSymbol(parameter), 'deep');
            if (!found) continue;
            const inline = skipTypeWrappers(node);
            const target = isInlineFunction(inline) ? (inline.params[index] ?? node) : node;
            if (reported.has(target)) return;
            reported.add(target);
            context.report({
              node: target,
              messageId: 'entityInJobType',
              data: {
                subject: `${fn.name}(${parameter.name})`,
                entity: found.entity.name,
                at: found.path.length > 0 ? ` at \`${formatPath(parameter.name, found.path)}\`` : '',
              },
            });
            return;
          }
        }
      }
    };

    /** Definitions whose results are serialised (Temporal activities): one report per definition node. */
    const reportedResults = new WeakSet<TSESTree.Node>();
    const checkResults = (functions: readonly { name: string; type: ts.Type }[], node: TSESTree.Node): void => {
      if (reportedResults.has(node)) return;
      for (const fn of functions) {
        for (const result of awaitedResults(checker, fn.type)) {
          const found = entityIn(result, 'deep');
          if (!found) continue;
          reportedResults.add(node);
          context.report({
            node,
            messageId: 'entityInActivityResult',
            data: { activity: fn.name, entity: found.entity.name, at: found.path.length > 0 ? ` at \`${formatPath('', found.path)}\`` : '' },
          });
          return;
        }
      }
    };

    /**
     * The workflow functions and activities declared in this file (`temporalDeclarations`: the function exports of a
     * workflows module, and what the program starts or proxies by reference), reported at a parameter whose type
     * contains an entity, and an activity's result at its return type: the declaration-side twin of passing one to
     * `client.workflow.start`, or of getting one back from a proxied activity.
     */
    const checkWorkflowDeclarations = (program: TSESTree.Program): void => {
      const declared = temporalDeclarations(services, program, importsTemporalWorkflow, options.disableDefaults);
      for (const activity of declared.activities) checkResults([activity], activity.at);
      for (const { name, fn } of [...declared.workflows, ...declared.activities]) {
        for (const parameter of fn.params) {
          const found = entityIn(services.getTypeAtLocation(parameter), 'deep');
          if (!found || reported.has(parameter)) continue;
          reported.add(parameter);
          const parameterName = parameter.type === AST_NODE_TYPES.Identifier ? parameter.name : text(parameter);
          context.report({
            node: parameter,
            messageId: 'entityInJobType',
            data: {
              subject: `${name}(${parameterName})`,
              entity: found.entity.name,
              at: found.path.length > 0 ? ` at \`${formatPath(parameterName, found.path)}\`` : '',
            },
          });
        }
      }
    };

    const checkSignatures = (facts: CallFacts): void => {
      for (const site of matching(facts, tables.signatures)) {
        const typeArgument = site.typeArgument === undefined ? undefined : facts.node.typeArguments?.params[site.typeArgument];
        if (typeArgument) {
          const label = typeArgument.type === AST_NODE_TYPES.TSTypeQuery ? text(typeArgument.exprName) : text(typeArgument);
          checkDefinition(services.getTypeAtLocation(typeArgument), typeArgument, site, label);
        }
        if (site.argument) {
          for (const argument of argumentsAt(facts, site.argument)) {
            for (const located of locate(argument.node, argument.path)) {
              const type = services.getTypeAtLocation(located.node);
              for (const at of typesAtPath(checker, type, located.path)) {
                checkDefinition(at, located.node, site, formatPath(isInlineFunction(located.node) ? 'run' : text(located.node), located.path));
              }
            }
          }
        }
      }
    };

    /**
     * Entity variables a callback captures from the enclosing scope, reported at their first reference. A variable
     * read only for its primary key (`phase.id`) is what the callback should capture, and is left alone.
     */
    const checkCaptures = (fn: Closure, report: (node: TSESTree.Node, found: Found, name: string) => void): void => {
      for (const captured of capturedVariables(sourceCode, fn)) {
        const [first] = captured.references;
        if (!first) continue;
        const found = entityIn(valueType(first), 'shallow');
        // A plain row (Prisma, Drizzle, Kysely) has no unit of work to outlive: only serialising boundaries matter.
        if (!found?.entity.tracked) continue;
        const pk = found.entity.primaryKey;
        if (found.path.length === 0 && pk !== undefined && captured.references.every(r => readsOnlyProperty(r, pk))) continue;
        report(first, found, captured.name);
      }
    };

    // --- 3. deferred callbacks ---------------------------------------------------------------------------------
    const checkDeferred = (facts: CallFacts): void => {
      for (const entry of matching(facts, tables.deferred)) {
        const report = (node: TSESTree.Node, found: Found, name: string): void => {
          if (reported.has(node)) return;
          reported.add(node);
          context.report({
            node,
            messageId: 'entityCapturedByDeferredCallback',
            data: { entity: found.entity.name, name: formatPath(name, found.path), callee: entry.id },
          });
        };
        const callback = facts.node.arguments[entry.callbackIndex];
        // `setTimeout` from `node:timers/promises` takes no callback: not a deferred callback.
        if (!callback || services.getTypeAtLocation(callback).getCallSignatures().length === 0) continue;
        // An inline callback, or a closure of this file named there (`setTimeout(notify, 10)`).
        const closure = isInlineFunction(callback) ? callback : namedClosure(sourceCode, callback);
        if (closure) checkCaptures(closure, report);
        if (entry.extraArgs) {
          for (const argument of argumentsAt(facts, entry.extraArgs)) {
            scan(argument.node, argument.path, (leaf, found, path) => {
              if (found.entity.tracked) report(leaf, { entity: found.entity, path }, text(leaf));
            });
          }
        }
        return;
      }
    };

    // --- 4. floating calls -------------------------------------------------------------------------------------
    const checkFloating = (statement: TSESTree.ExpressionStatement): void => {
      const call = droppedCall(statement);
      // `super(...)` runs a constructor: its value is `this`, never a promise.
      if (!call || call.callee.type === AST_NODE_TYPES.Super || handlesRejection(call)) return;
      const chain = promiseChain(call);
      // Cheap syntax first: nothing is handed over without arguments that can hold an object, unless the callee is an
      // inline function or a closure of this file (`void notify()`, scope analysis only).
      const closureOf = (node: TSESTree.Node): Closure | undefined => {
        const inner = skipTypeWrappers(node);
        return isInlineFunction(inner) ? inner : namedClosure(sourceCode, inner);
      };
      if (!chain.some(link => link.arguments.some(mayCarryEntity) || closureOf(link.callee))) return;
      // Then the arguments whose declarations state their types (`title: string`, `this.options`), and the closures
      // whose captured variables are declared so (`row => { row.updatedById = actorId; }` with `actorId: number`): when
      // none can hold an entity, the callee is never typed. Typing a callee means typing its receiver and instantiating
      // its return type (`wrap(x).assign(...)`, `rows.forEach(...)` over an ORM query's result), the costliest step here.
      const capturesNoEntity = (closure: Closure): boolean =>
        capturedVariables(sourceCode, closure).every(({ references: [first] }) => first === undefined || capturedNoEntity(first));
      const declaredFree = (node: TSESTree.Node, callee: boolean): boolean => {
        const closure = closureOf(node);
        return closure ? capturesNoEntity(closure) : callee || declaredNoEntity(node);
      };
      const callee = skipTypeWrappers(call.callee);
      // A receiver whose declaration states its type (`this.items`, `refundInputs: RefundOrderInput[]`) is read
      // before the arguments: finding `forEach` or `push` there costs a declared type, while a closure's captured
      // `const` (`surcharge = await repo.save(new Surcharge({...}))`) may cost inferring an ORM call.
      // A callee declared to return a primitive, or whose body returns nothing, hands nothing over to later work.
      const returnsNothingHeld = (symbol: ts.Symbol | undefined): boolean => symbol !== undefined && (declaredToReturnPrimitive(symbol) || returnsNoValue(symbol));
      const receiverFirst = hasDeclaredReceiver(callee);
      let receiverMethod = receiverFirst ? declaredReceiverMethod(callee) : undefined;
      if (returnsNothingHeld(receiverMethod)) return;
      if (chain.every(link => declaredFree(link.callee, true) && link.arguments.every(a => declaredFree(a, false)))) return;
      if (!receiverFirst) receiverMethod = declaredReceiverMethod(callee);
      // The method found on the receiver's declared type is the callee: the checker's symbol at the name would type
      // the receiver where it is written (flow analysis back through the function) to find the same declaration.
      const calleeSymbol = receiverMethod ?? declaredSymbol(callee);
      if (returnsNothingHeld(calleeSymbol)) return;
      // A callee that resolves to nothing (an import of a package that is not installed) is `any`: it returns `any`.
      if (calleeSymbol && !calleeSymbol.declarations?.length && checker.getTypeOfSymbol(calleeSymbol).flags & ts.TypeFlags.Any) return;
      const tsCall = services.esTreeNodeToTSNodeMap.get(call);
      // The callee's type before the arguments' when it is cheap to know: a callee without a declaration (a property of
      // an unresolved or `any` receiver, a call's result) is typed at the call; a declaration annotated with its type
      // is read as declared. An `any` callee returns `any`, never a promise; a callee none of whose signatures may
      // return one hands nothing over to later work. Typing the arguments (inline callbacks' bodies, calls resolved
      // against the ORMs' generic signatures) is the costly part.
      const early = calleeSymbol
        ? declaredWithTypes(calleeSymbol) ? checker.getTypeOfSymbol(calleeSymbol) : undefined
        : isInlineFunction(callee) ? undefined : services.getTypeAtLocation(callee);
      if (early && ((!calleeSymbol && early.flags & ts.TypeFlags.Any) || !mayReturnPromise(checker, tsCall, early))) return;
      // Then the entities handed over, from the arguments' types; the call's own type (overload resolution, return
      // types instantiated through the ORMs' conditional types) is asked only when one is found.
      const findings: { node: TSESTree.Node; found: Found; name: string; call: string }[] = [];
      for (const link of chain) {
        if (boundaryCalls.has(link)) continue;
        const linkCallee = skipTypeWrappers(link.callee);
        const label = isInlineFunction(linkCallee) ? 'an immediately invoked function' : `\`${text(link.callee)}()\``;
        const collect = (node: TSESTree.Node, found: Found, name: string): void => {
          findings.push({ node, found, name, call: label });
        };
        const calleeClosure = closureOf(linkCallee);
        if (calleeClosure) checkCaptures(calleeClosure, collect);
        for (const [index, argument] of link.arguments.entries()) {
          const argumentClosure = closureOf(argument);
          if (argumentClosure) {
            checkCaptures(argumentClosure, collect);
            continue;
          }
          const before = findings.length;
          scan(argument, [], (leaf, found, path) => {
            if (found.entity.tracked) collect(leaf, { entity: found.entity, path }, text(leaf));
          });
          // A callee whose body is in the program is followed: it may let go of the entity when the call returns.
          if (findings.length > before && callKeepsArgument(program, retention, services.esTreeNodeToTSNodeMap.get(link), index) === false) {
            findings.length = before;
          }
        }
      }
      if (findings.length === 0) return;
      // The callee's declared signatures first: when none can return a promise, the call's type is not needed.
      const calleeType = calleeSymbol && checker.getTypeOfSymbol(calleeSymbol);
      if (calleeType && !mayReturnPromise(checker, tsCall, calleeType)) return;
      if (!isPromiseCall(checker, tsCall, checker.getTypeAtLocation(tsCall))) return;
      // One report per chain: the entity handed over first.
      const [first] = findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
      if (!first || reported.has(first.node)) return;
      reported.add(first.node);
      context.report({
        node: first.node,
        messageId: 'entityInFloatingCall',
        data: { entity: first.found.entity.name, name: formatPath(first.name, first.found.path), call: first.call },
      });
    };

    return {
      Program(node) {
        const notice = noEntitiesNotice(node, model);
        if (notice) context.report({ ...notice, messageId: 'noEntitiesRecognised' });
        if (options.checkJobTypes) checkWorkflowDeclarations(node);
      },
      'CallExpression, NewExpression'(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
        const facts = callFacts(node);
        if (options.checkJobTypes) {
          if (node.type === AST_NODE_TYPES.NewExpression && node.typeArguments) {
            const type = constructedType(node);
            if (type) checkJobTypeArguments(type, node.typeArguments, text(node.callee));
          }
          if (node.arguments.length > 0 || node.typeArguments) checkSignatures(facts);
        }
        if (node.arguments.length === 0) return;
        checkBoundaries(facts);
        if (!boundaryCalls.has(node)) checkWrappers(facts);
        if (options.checkDeferredCallbacks && node.type === AST_NODE_TYPES.CallExpression) checkDeferred(facts);
      },
      'TSTypeReference[typeArguments]'(node: TSESTree.TSTypeReference): void {
        if (!options.checkJobTypes || !node.typeArguments) return;
        const nameNode = node.typeName.type === AST_NODE_TYPES.TSQualifiedName ? node.typeName.right : node.typeName;
        // The referenced declaration, not the node's type: in `type T = Job<X>` that type is named `T`.
        const target = declaredSymbol(nameNode);
        if (!target || !jobTypeNames.has(target.name)) return;
        checkJobTypeArguments(checker.getDeclaredTypeOfSymbol(target), node.typeArguments, text(nameNode));
      },
      'ExpressionStatement:exit'(node: TSESTree.ExpressionStatement): void {
        if (options.checkFloatingCalls) checkFloating(node);
      },
    };
  },
});
