import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { noEntitiesMessage, noEntitiesNotice } from '../orm/setup-notices.js';
import { functionWrites, returnsCreation } from '../analysis/callee-effects.js';
import { calleeBody } from '../analysis/callees.js';
import { getEntityModel, valueKindsOf } from '../orm/entity-model.js';
import { isAuditProperty, isSaveExplicit, type AuditField, type EntityInfo, type ValueKind, type WritePath } from '../orm/types.js';
import {
  concreteType,
  creationMethodNames,
  isEntityCreation,
  isLifecycleHook,
  isOrmPackage,
  matchWriteCall,
  saveOnlyMethodNames,
  writeApiMethodNames,
  type WriteCall,
  type WriteKind,
} from '../orm/write-apis.js';
import {
  contains,
  enclosingFunction,
  isFunctionNode,
  statementsOf,
  type FunctionNode,
  branchStatement,
  conditionOf,
  isConditionOrStatement,
  isConstructor,
  isIdentifierName,
  memberName,
  parseDottedPath,
  propertyKeyName,
  receiverChain,
  skipTypeWrappers,
  statementInList,
  thisOwner,
} from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { getTypedParserServices } from '../util/type-information.js';
import { addArrayStrings, addObjectProperties, insertStatementsAfter, memberObjectText, wrapInBlock } from '../util/fixes.js';
import { receiverName } from '../util/messages.js';
import { expressionOption } from '../util/source-text.js';
import { getSettings } from '../util/settings.js';
import { constructedConstType, packageOfFile } from '../util/ts-nodes.js';
import { declaredWithTypes } from '../util/async-flow.js';
import { isOpenType } from '../analysis/declared-types.js';
import { unionMembers } from '../util/type-predicates.js';

export type Options = [
  {
    actorExpressions: string[];
    timestampValue: string | null;
    auditHelpers: string[];
    ignoreProperties: string[];
    checkWriteCalls: boolean;
    requireActor: 'when-available' | 'always';
  },
];
export type MessageIds = 'missingAuditFields' | 'missingInWriteCall' | 'setActor' | 'noEntitiesRecognised';

/** One mutation of a tracked entity object: a property write or an assign helper call. */
interface Mutation {
  readonly node: TSESTree.Node;
  /** The entity object expression (`phase`, `this`, `this.phase`). */
  readonly receiver: TSESTree.Node;
  readonly key: string;
  readonly entity: EntityInfo;
  readonly path: WritePath;
  readonly statement: TSESTree.ExpressionStatement | undefined;
  /** The data object literal of an assign helper (`em.assign(phase, { ... })`), where missing keys are added. */
  readonly data: TSESTree.ObjectExpression | undefined;
  /** The write saves at once (Sequelize `instance.update()`), so a stamp in a later statement would not be saved. */
  readonly persists: boolean;
  /** The function the write is in: one report per entity object per function. */
  readonly scope: FunctionNode | TSESTree.Program;
  /** Position of the write among the file's writes, in the order they are visited. */
  readonly order: number;
}

/** A property write (`phase.state = …`, `delete phase.note`) waiting for the file's stamps. */
interface PendingWrite {
  readonly node: TSESTree.Node;
  readonly member: TSESTree.MemberExpression;
  readonly isDelete: boolean;
  readonly key: string;
  readonly property: string;
  readonly order: number;
}

/**
 * A save of a loaded entity (`instance.save(options)`, `instance.update(values, options)`, `repo.save(e, options)`), for
 * its `silent` option and whether it runs hooks (`listeners: false`, `hooks: false`).
 */
interface Save {
  readonly key: string;
  readonly node: TSESTree.Node;
  readonly silent: boolean;
  readonly hooks: boolean;
}

/** A write of a field on an object (`phase.updatedBy = ...`), or `*` for a call to an audit helper. */
interface Stamp {
  readonly key: string;
  readonly field: string;
  readonly node: TSESTree.Node;
}

const timestampExpressions: Record<Exclude<ValueKind, 'other'>, string> = {
  date: 'new Date()',
  number: 'Date.now()',
  string: 'new Date().toISOString()',
};

/** Methods of the ORM packages that write a loaded entity (`instance.save()`, `entity.save()`, `instance.update()`). */
const persistingMethods: ReadonlySet<string> = new Set(['save', 'update', 'increment', 'decrement', 'restore', 'softRemove', 'recover']);

/** What holds a hook function that is not a method: a class field, an `addHook(...)` argument, a Sequelize options entry. */
const hookHolders: ReadonlySet<AST_NODE_TYPES> = new Set([AST_NODE_TYPES.PropertyDefinition, AST_NODE_TYPES.CallExpression, AST_NODE_TYPES.Property, AST_NODE_TYPES.ArrayExpression]);

/**
 * Columns that record that something was read or used, not changed (`ignoreProperties` default): writing only these is
 * not a modification.
 */
const accessBookkeeping = [
  'lastLoginAt',
  'lastLoggedInAt',
  'lastSignedInAt',
  'lastUsedAt',
  'lastSeenAt',
  'lastAccessedAt',
  'lastActiveAt',
  'lastActivityAt',
  'lastViewedAt',
  'viewedAt',
  'lastReadAt',
  'readAt',
] as const;

function fieldList(fields: readonly AuditField[]): string {
  return fields.map(f => `\`${f.name}\``).join(', ');
}

export default createRule<Options, MessageIds>({
  name: 'require-audit-fields',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require entity mutations and ORM update calls to set the audit fields that nothing else fills',
      recommended: 'recommended',
      strictOptions: [{ requireActor: 'always' }],
      requiresTypeChecking: true,
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          actorExpressions: {
            type: 'array',
            items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$' },
            description:
              'Expressions (an identifier or a dotted path) that hold the acting user, in order of preference. The autofix uses the first one whose root identifier is in scope and whose type fits the actor field.',
          },
          timestampValue: {
            type: ['string', 'null'],
            description:
              'Source text of the timestamp value the autofix writes: one expression (e.g. `clock.now()`), checked when the rule starts. `null` picks one from the field type: `new Date()`, `Date.now()` or `new Date().toISOString()`.',
          },
          auditHelpers: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Names of functions or methods that stamp the audit fields (`touch(phase, userId)`, `phase.touch(userId)`); passing the entity to one satisfies the rule.',
          },
          ignoreProperties: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Properties whose writes are not a modification that needs a stamp: by default access bookkeeping (`lastLoginAt`, `lastSeenAt`, `readAt`, ...). Setting it replaces the default list.',
          },
          checkWriteCalls: {
            type: 'boolean',
            description: 'Whether to check ORM update calls (`repository.update`, `prisma.x.update`, `db.update().set()`, ...) as well as property writes.',
          },
          requireActor: {
            type: 'string',
            enum: ['when-available', 'always'],
            description:
              '`when-available`: require the actor field only where an actor is at hand (an `actorExpressions` entry in scope that fits, or a value of the actor relation\'s entity type). `always`: require it on every modification (the `strict` config).',
          },
        },
      },
    ],
    defaultOptions: [
      {
        actorExpressions: ['userId', 'user.id', 'currentUser.id', 'actorId', 'actor.id', 'ctx.user.id'],
        timestampValue: null,
        auditHelpers: [],
        ignoreProperties: [...accessBookkeeping],
        checkWriteCalls: true,
        requireActor: 'when-available',
      },
    ],
    messages: {
      missingAuditFields: '{{entity}} `{{name}}` is modified without setting {{fields}}.',
      missingInWriteCall: '{{entity}} is updated by `{{method}}()` without setting {{fields}}.',
      setActor: 'Set `{{field}}` to `{{expression}}`.',
      noEntitiesRecognised: noEntitiesMessage,
    },
  },
  create(context, [options]) {
    const timestampOption =
      options.timestampValue === null ? null : expressionOption(context.options, 'require-audit-fields', 'timestampValue', options.timestampValue);
    const services = getTypedParserServices(context);
    const model = getEntityModel(services, getSettings(context));
    const { checker, program } = model;
    const { sourceCode } = context;
    const ignored = new Set(options.ignoreProperties);
    const helpers = new Set(options.auditHelpers);
    const callKinds = new Set<WriteKind>(options.checkWriteCalls ? ['assign', 'write', 'save'] : ['assign', 'save']);
    const alwaysActor = options.requireActor === 'always';

    const mutations: Mutation[] = [];
    /** Property writes, typed at the end of the file when their stamps do not settle them (`checkPropertyWrite`). */
    const pendingWrites: PendingWrite[] = [];
    /** Save-only calls, typed at the end of the file when a mutation may be saved by them (`checkSave`). */
    const pendingSaves: TSESTree.CallExpression[] = [];
    /** Source order of the writes, kept for the mutations whatever order they are recorded in. */
    let order = 0;
    const stamps: Stamp[] = [];
    const saves: Save[] = [];
    /** Calls that hand an object to other code (`publish(doc)`, `doc.publish(user)`): followed only when a stamp is missing. */
    const handOffs: TSESTree.CallExpression[] = [];
    const ids = new Map<object, number>();
    const idOf = (thing: object): number => {
      let id = ids.get(thing);
      if (id === undefined) {
        id = ids.size;
        ids.set(thing, id);
      }
      return id;
    };

    /** Identity of the object an expression denotes: its variable (or `this` binding) plus member names. */
    function keyOf(node: TSESTree.Node): string | undefined {
      const chain = receiverChain(node);
      if (!chain) return undefined;
      let root: object;
      if (chain.root.type === AST_NODE_TYPES.ThisExpression) {
        root = thisOwner(chain.root);
      } else {
        const variable = ASTUtils.findVariable(sourceCode.getScope(chain.root), chain.root);
        if (!variable) return undefined;
        root = variable;
      }
      return [idOf(root), ...chain.path].join('.');
    }

    function entityOfNode(node: TSESTree.Node): EntityInfo | undefined {
      const declared = node.type === AST_NODE_TYPES.Identifier ? declaredEntityOf(node) : undefined;
      if (declared) return declared.entity;
      return model.entityOfType(concreteType(checker, services.getTypeAtLocation(node)));
    }

    /**
     * The entity a name holds by its declaration, where narrowing at the write cannot make it another: a `const`
     * initialised with `new C(...)`, C's instance type whether an entity or not (`const url = new URL(team.url)`,
     * `const user = new User({...})`); a variable or parameter annotated with a type each of whose members is the same
     * entity (`let result: Translated<Product> | undefined`, `order: Order`) or none is an entity (`let sharedTree:
     * NavigationNode | null`), when no reference to it is tested with `instanceof` or passed to a call that may be a
     * type predicate or an assertion function (`mayNarrow`): only those narrow a declared type to a type it does not
     * name. Typing the name where it is written resolves its initialiser or the values assigned to it (a
     * construction's arguments checked against a `DeepPartial<User>`, an ORM find's options). `undefined` when the
     * declaration does not settle it.
     */
    function declaredEntityOf(node: TSESTree.Identifier): { entity: EntityInfo | undefined } | undefined {
      const name = services.esTreeNodeToTSNodeMap.get(node);
      const constructed = constructedConstType(checker, name);
      if (constructed) return { entity: model.entityOfType(constructed) };
      const symbol = checker.getSymbolAtLocation(name);
      if (!symbol || !(symbol.flags & ts.SymbolFlags.Variable) || !declaredWithTypes(symbol)) return undefined;
      const declared = checker.getTypeOfSymbol(symbol);
      if (isOpenType(declared)) return undefined;
      const [first, ...rest] = unionMembers(checker.getNonNullableType(declared)).map(member => model.entityOfType(concreteType(checker, member)));
      if (rest.some(entity => entity !== first) || mayNarrow(node)) return undefined;
      return { entity: first };
    }

    /**
     * Whether a reference to the variable `node` names is the operand of `instanceof`, or an argument of a call where
     * a type predicate or an assertion function would narrow it: a condition, a statement of its own, or a `const`'s
     * initialiser (an aliased condition: `const ok = isPhase(item); if (ok) ...`).
     */
    function mayNarrow(node: TSESTree.Identifier): boolean {
      const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
      if (!variable) return true;
      return variable.references.some(({ identifier }) => {
        const parent = identifier.parent;
        if (parent.type === AST_NODE_TYPES.BinaryExpression) return parent.operator === 'instanceof' && parent.left === identifier;
        if (parent.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(identifier as TSESTree.Expression)) return false;
        return isConditionOrStatement(parent) || (parent.parent.type === AST_NODE_TYPES.VariableDeclarator && parent.parent.init === parent);
      });
    }

    /** The variable an entity expression is (`phase`, not `this` or `ctx.phase`), declared once with an initialiser. */
    function initialisedVariable(receiver: TSESTree.Node): { variable: TSESLint.Scope.Variable; init: TSESTree.Expression } | undefined {
      const chain = receiverChain(receiver);
      if (!chain || chain.path.length > 0 || chain.root.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = ASTUtils.findVariable(sourceCode.getScope(chain.root), chain.root);
      const def = variable?.defs[0];
      if (!variable || variable.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return undefined;
      return { variable, init: def.node.init };
    }

    /**
     * A write that is part of an insert: `this` in a constructor or in a field initialiser's own value (not in a method
     * written as an arrow-function field), or a variable holding an entity made in this code.
     */
    function isNewEntity(receiver: TSESTree.Node): boolean {
      const chain = receiverChain(receiver);
      if (!chain || chain.path.length > 0) return false;
      if (chain.root.type === AST_NODE_TYPES.ThisExpression) {
        const owner = thisOwner(chain.root);
        if (isConstructor(owner)) return true;
        if (owner.type !== AST_NODE_TYPES.PropertyDefinition) return false;
        const fn = enclosingFunction(chain.root);
        return fn.type === AST_NODE_TYPES.Program || !contains(owner, fn);
      }
      const found = initialisedVariable(receiver);
      if (!found || found.variable.references.filter(r => r.isWrite()).length > 1) return false;
      let init = skipTypeWrappers(found.init);
      if (init.type === AST_NODE_TYPES.AwaitExpression) init = skipTypeWrappers(init.argument);
      if (init.type === AST_NODE_TYPES.NewExpression) return true;
      if (init.type !== AST_NODE_TYPES.CallExpression) return false;
      if (isEntityCreation(services, init)) return true;
      const tsCall = services.esTreeNodeToTSNodeMap.get(init);
      const factory = ts.isCallExpression(tsCall) ? calleeBody(program, tsCall) : undefined;
      return factory !== undefined && returnsCreation(program, factory, isCreationNode);
    }

    /** A creation in a callee's body (TypeScript nodes): `new Entity()`, or a `create`/`build` method of an ORM. */
    function isCreationNode(node: ts.CallExpression | ts.NewExpression): boolean {
      if (ts.isNewExpression(node)) return model.entityOfType(checker.getTypeAtLocation(node)) !== undefined;
      const callee = node.expression;
      if (!ts.isPropertyAccessExpression(callee) || !creationMethodNames.has(callee.name.text)) return false;
      const declaration = checker.getSymbolAtLocation(callee.name)?.declarations?.[0];
      return declaration !== undefined && isOrmPackage(packageOfFile(declaration.getSourceFile().fileName));
    }

    /**
     * Audit fields written by the program's own functions and methods the object is handed to in `scope`
     * (`stamp(doc, user)`, `doc.publish(user)` whose body sets `this.lastModifiedById`), followed two levels deep.
     */
    function stampedByCallees(key: string, scope: TSESTree.Node): Set<string> {
      const found = new Set<string>();
      for (const call of handOffs) {
        if (!contains(scope, call)) continue;
        const { callee } = call;
        const viaReceiver = callee.type === AST_NODE_TYPES.MemberExpression && keyOf(callee.object) === key;
        const indexes = call.arguments.flatMap((arg, index) => (keyOf(arg) === key ? [index] : []));
        if (!viaReceiver && indexes.length === 0) continue;
        const tsCall = services.esTreeNodeToTSNodeMap.get(call);
        const target = ts.isCallExpression(tsCall) ? calleeBody(program, tsCall) : undefined;
        if (!target) continue;
        const writes = functionWrites(program, target);
        if (viaReceiver) for (const name of writes.self) found.add(name);
        for (const index of indexes) for (const name of writes.parameters.get(index) ?? []) found.add(name);
      }
      return found;
    }

    /**
     * Whether a write sits in an ORM lifecycle hook method, a subscriber's hook method or a function handed to a
     * Sequelize `addHook` (it runs inside the ORM's own write).
     */
    function inLifecycleHook(node: TSESTree.Node): boolean {
      const fn = enclosingFunction(node);
      if (fn.type === AST_NODE_TYPES.Program) return false;
      const method = fn.parent;
      if (method.type === AST_NODE_TYPES.MethodDefinition) {
        if (method.decorators.length > 0 && isLifecycleHook(checker, services.esTreeNodeToTSNodeMap.get(method))) return true;
        return model.isHookFunction(services.esTreeNodeToTSNodeMap.get(method));
      }
      return hookHolders.has(method.type) && model.isHookFunction(services.esTreeNodeToTSNodeMap.get(fn));
    }

    /** Records a property write; it is a mutation when the receiver is a tracked entity and the column persisted. */
    function propertyWrite(node: TSESTree.Node, member: TSESTree.MemberExpression, isDelete: boolean): void {
      const property = memberName(member);
      if (property === undefined) return;
      const key = keyOf(member.object);
      if (key === undefined) return;
      if (!isDelete) stamps.push({ key, field: property, node });
      if (ignored.has(property)) return;
      pendingWrites.push({ node, member, isDelete, key, property, order: order++ });
    }

    /**
     * Whether the stamps of an object in a function settle its writes without typing it: an audit helper took it, or
     * it gets both a timestamp and an actor field named in the settings (`row.updatedAt = …; row.updatedById = …`).
     * Typing a receiver can mean typing an ORM query's result (`rows.forEach(row => …)` over `findAll`), the costliest
     * question this rule asks; an entity whose own audit fields are other names of those lists is then not reported.
     */
    function stampedInFull(key: string, scope: TSESTree.Node): boolean {
      const written = new Set(stamps.filter(s => s.key === key && contains(scope, s.node)).map(s => s.field));
      return written.has('*') || (model.settings.timestampFields.some(f => written.has(f)) && model.settings.actorFields.some(f => written.has(f)));
    }

    /** A property write recorded by `propertyWrite`, once every stamp of the file is known. */
    function checkPropertyWrite({ node, member, isDelete, key, property, order }: PendingWrite): void {
      if (stampedInFull(key, enclosingFunction(node))) return;
      const entity = entityOfNode(member.object);
      if (!entity?.tracked || isAuditProperty(entity, property) || !entity.isPersisted(property)) return;
      if (isDelete && isSaveExplicit(entity.orm)) return;
      if (isNewEntity(member.object) || inLifecycleHook(node)) return;
      mutations.push({
        node,
        receiver: member.object,
        key,
        entity,
        path: 'tracked',
        statement: statementInList(node),
        data: undefined,
        persists: false,
        scope: enclosingFunction(node),
        order,
      });
    }

    function propertiesOfType(node: TSESTree.Node): string[] {
      const type = services.getTypeAtLocation(node);
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
      return type.getProperties().map(p => p.name);
    }

    /** The keys an object literal sets, with the properties of spread values. */
    function keysOf(object: TSESTree.ObjectExpression): { keys: Set<string>; complete: boolean } {
      const keys = new Set<string>();
      let complete = true;
      for (const property of object.properties) {
        if (property.type === AST_NODE_TYPES.SpreadElement) {
          for (const name of propertiesOfType(property.argument)) keys.add(name);
        } else {
          const name = propertyKeyName(property);
          if (name === undefined) complete = false;
          else keys.add(name);
        }
      }
      return { keys, complete };
    }

    function assignCall(node: TSESTree.CallExpression, call: WriteCall): void {
      if (!call.target) return;
      const key = keyOf(call.target);
      if (key === undefined) return;
      const written = new Set<string>();
      for (const object of call.data) for (const name of keysOf(object).keys) written.add(name);
      for (const opaque of call.opaqueData) for (const name of propertiesOfType(opaque)) written.add(name);
      if (call.key !== undefined) written.add(call.key);
      for (const field of written) stamps.push({ key, field, node });
      if (call.api.persists === true) saves.push({ key, node, silent: call.path === 'silent', hooks: call.hooks });
      const { entity } = call;
      if (call.path === 'silent' || !entity.tracked || isNewEntity(call.target) || inLifecycleHook(node)) return;
      if (![...written].some(p => !ignored.has(p) && !isAuditProperty(entity, p) && entity.isPersisted(p))) return;
      const data = call.data.length === 1 && call.opaqueData.length === 0 ? call.data[0] : undefined;
      mutations.push({
        node,
        receiver: call.target,
        key,
        entity,
        path: call.path,
        statement: statementInList(node),
        data,
        persists: call.api.persists === true,
        scope: enclosingFunction(node),
        order: order++,
      });
    }

    /**
     * A save-only call (`row.save()`, `repo.save(row)`), typed once the file's mutations are known and only when one of
     * them may be of an object it saves (its receiver or an argument, in the mutation's function): a save of an
     * object nothing changed decides nothing, and typing it can mean typing an ORM query's result.
     */
    function checkSave(node: TSESTree.CallExpression): void {
      const { callee } = node;
      const candidates = new Set([...(callee.type === AST_NODE_TYPES.MemberExpression ? [callee.object] : []), ...node.arguments].map(keyOf));
      if (!mutations.some(m => candidates.has(m.key) && contains(m.scope, node))) return;
      const call = matchWriteCall(services, model, node, callKinds);
      if (call?.api.kind === 'save') saveCall(node, call);
    }

    function saveCall(node: TSESTree.CallExpression, call: WriteCall): void {
      const key = call.target && keyOf(call.target);
      if (key !== undefined) saves.push({ key, node, silent: call.path === 'silent', hooks: call.hooks });
    }

    // --- does a change reach the database? ---------------------------------------------------------------------------
    /** Whether a declaration is the program's own code (not a package, not TypeScript's library). */
    function isProjectDeclaration(declaration: ts.Node): boolean {
      const file = declaration.getSourceFile();
      return !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file) && packageOfFile(file.fileName) === undefined;
    }

    /** The package and whether it is the program's own code, for the declaration a callee resolves to. */
    function calleeOrigin(callee: TSESTree.Node): { project: boolean; pkg: string | undefined; name: string } | undefined {
      const target = callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee;
      const symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(target));
      const resolved = symbol && (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
      const declaration = resolved?.declarations?.[0];
      if (!resolved || !declaration) return undefined;
      return { project: isProjectDeclaration(declaration), pkg: packageOfFile(declaration.getSourceFile().fileName), name: resolved.name };
    }

    /**
     * Whether this use of a loaded entity variable may write it to the database: a save-like method of the ORM or any
     * method of the program's own classes called on it; passed to the ORM or to the program's own code; returned,
     * stored or aliased (it flows to code that may save it). Library calls (`res.json(user)`, `JSON.stringify`,
     * loggers) and reads do not.
     */
    function usePersists(identifier: TSESTree.Identifier): boolean {
      let node: TSESTree.Node = identifier;
      for (;;) {
        const parent: TSESTree.Node = node.parent;
        if (
          parent.type === AST_NODE_TYPES.TSAsExpression ||
          parent.type === AST_NODE_TYPES.TSNonNullExpression ||
          parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
          parent.type === AST_NODE_TYPES.AwaitExpression ||
          parent.type === AST_NODE_TYPES.LogicalExpression ||
          (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== node)
        ) {
          node = parent;
          continue;
        }
        switch (parent.type) {
          case AST_NODE_TYPES.MemberExpression: {
            const call = parent.parent;
            if (parent.object !== node || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return false;
            const origin = calleeOrigin(parent);
            return origin !== undefined && (origin.project || (isOrmPackage(origin.pkg) && persistingMethods.has(origin.name)));
          }
          case AST_NODE_TYPES.CallExpression:
          case AST_NODE_TYPES.NewExpression: {
            if (parent.callee === node) return false;
            const origin = calleeOrigin(parent.callee);
            return origin !== undefined && (origin.project || isOrmPackage(origin.pkg));
          }
          case AST_NODE_TYPES.ReturnStatement:
          case AST_NODE_TYPES.YieldExpression:
          case AST_NODE_TYPES.ArrayExpression:
          case AST_NODE_TYPES.SpreadElement:
            return true;
          case AST_NODE_TYPES.ArrowFunctionExpression:
            return parent.body === node;
          case AST_NODE_TYPES.Property:
            return parent.value === node;
          case AST_NODE_TYPES.AssignmentExpression:
            return parent.right === node;
          case AST_NODE_TYPES.VariableDeclarator:
            return parent.init === node;
          default:
            return false;
        }
      }
    }

    const persistedVariables = new Map<TSESLint.Scope.Variable, boolean>();

    /**
     * For ORMs that write only what is explicitly saved: whether the written object is persisted on this path. A loaded
     * entity in a local variable that is only read, sanitised or decorated for a response never is; anything else
     * (parameters, `this`, member chains, loop variables) may be saved by the caller and counts.
     */
    function reachesDatabase(mutation: Mutation): boolean {
      if (!isSaveExplicit(mutation.entity.orm) || mutation.persists) return true;
      const found = initialisedVariable(mutation.receiver);
      if (!found) return true;
      const { variable } = found;
      let persisted = persistedVariables.get(variable);
      if (persisted === undefined) {
        persisted = variable.references.some(ref => !ref.init && ref.identifier.type === AST_NODE_TYPES.Identifier && usePersists(ref.identifier));
        persistedVariables.set(variable, persisted);
      }
      return persisted;
    }

    // --- values for the fixes ----------------------------------------------------------------------------------------
    /**
     * Types the property `name` may take in a write call's data literal, from its contextual type: only asked for
     * write APIs whose data type is not the entity's (`typedData`, Kysely's `Updateable<>`), since a contextual type
     * means resolving the whole call.
     */
    function contextualTypes(object: TSESTree.ObjectExpression | undefined, name: string): ts.Type[] {
      if (!object) return [];
      const contextual = checker.getContextualType(services.esTreeNodeToTSNodeMap.get(object));
      if (!contextual) return [];
      const out: ts.Type[] = [];
      for (const member of contextual.isUnion() ? contextual.types : [contextual]) {
        const property = checker.getPropertyOfType(checker.getApparentType(member), name);
        const type = property && checker.getTypeOfSymbol(property);
        if (type && !(type.flags & (ts.TypeFlags.Never | ts.TypeFlags.Any | ts.TypeFlags.Unknown))) out.push(type);
      }
      return out;
    }

    function timestampValue(field: AuditField, object: TSESTree.ObjectExpression | undefined): string | undefined {
      if (timestampOption !== null) return timestampOption;
      const kinds = valueKindsOf(contextualTypes(object, field.name));
      let kind: ValueKind = field.valueKind;
      if (kinds.size > 0 && !kinds.has(kind)) kind = (['date', 'string', 'number'] as const).find(k => kinds.has(k)) ?? 'other';
      return kind === 'other' ? undefined : timestampExpressions[kind];
    }

    /**
     * Whether a value of `type` can be written to a field of one of `targets`. An `any` value fits: it is what an
     * `actorExpressions` entry the user configured has when its root comes untyped from a framework (`ctx.state`), and
     * the written line type-checks.
     */
    function fits(type: ts.Type, targets: readonly ts.Type[]): boolean {
      if (type.flags & ts.TypeFlags.Any) return true;
      if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
      return targets.some(target => checker.isTypeAssignableTo(type, target));
    }

    /** A variable visible at `at` and initialised before it (no temporal dead zone). */
    function usableVariable(variable: TSESLint.Scope.Variable | null, at: TSESTree.Node): TSESTree.Identifier | undefined {
      const def = variable?.defs[0];
      if (!def || def.name.type !== AST_NODE_TYPES.Identifier) return undefined;
      const { DefinitionType } = TSESLint.Scope;
      if (def.type !== DefinitionType.Variable && def.type !== DefinitionType.Parameter && def.type !== DefinitionType.ImportBinding) return undefined;
      if (def.type === DefinitionType.Variable && def.name.range[1] > at.range[0]) return undefined;
      return def.name;
    }

    /** The type of `user.id` at `at`, when `user` is in scope and every step is a non-nullable property. */
    function typeOfPath(expression: string, at: TSESTree.Node): ts.Type | undefined {
      const [root, ...rest] = parseDottedPath(expression) ?? [];
      if (root === undefined) return undefined;
      const name = usableVariable(ASTUtils.findVariable(sourceCode.getScope(at), root), at);
      if (!name) return undefined;
      let type = services.getTypeAtLocation(name);
      for (const segment of rest) {
        if (type.flags & ts.TypeFlags.Any) return type;
        if (checker.getNonNullableType(type) !== type) return undefined;
        const property = checker.getPropertyOfType(checker.getApparentType(type), segment);
        if (!property) return undefined;
        type = checker.getTypeOfSymbol(property);
      }
      return type;
    }

    function actorTargets(field: AuditField, object: TSESTree.ObjectExpression | undefined): ts.Type[] {
      const contextual = contextualTypes(object, field.name);
      return contextual.length > 0 ? contextual : [field.type];
    }

    function actorValue(field: AuditField, object: TSESTree.ObjectExpression | undefined, at: TSESTree.Node): string | undefined {
      const targets = actorTargets(field, object);
      return options.actorExpressions.find(expression => {
        const type = typeOfPath(expression, at);
        return type !== undefined && fits(type, targets);
      });
    }

    /**
     * In-scope values that are actors: variables and parameters whose (non-nullable) type is the actor relation's
     * entity (`user: User` for `@ForeignKey(() => User) lastModifiedById`), as `user` or `user.id` for a key column.
     * Never any value of the right primitive type (a password or an IP address is a string too).
     */
    function actorCandidates(field: AuditField, at: TSESTree.Node, exclude: string | undefined): string[] {
      const actor = field.actor;
      if (!actor) return [];
      const actorEntity = model.entityOfType(actor.entity);
      const found: string[] = [];
      const seen = new Set<string>();
      for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at); scope; scope = scope.upper) {
        for (const variable of scope.variables) {
          if (seen.has(variable.name) || variable.name === exclude) continue;
          seen.add(variable.name);
          const name = usableVariable(variable, at);
          if (!name || name.parent.type === AST_NODE_TYPES.ImportSpecifier) continue;
          const type = services.getTypeAtLocation(name);
          if (checker.getNonNullableType(type) !== type || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) continue;
          const isActor = actorEntity ? model.entityOfType(type) === actorEntity : checker.isTypeAssignableTo(type, actor.entity);
          if (isActor) found.push(actor.key === undefined ? variable.name : `${variable.name}.${actor.key}`);
        }
      }
      return found;
    }

    interface Plan {
      /** The fields to report: the required ones, without the actor when none is at hand and `requireActor` allows. */
      readonly missing: readonly AuditField[];
      /** `[field, value]` pairs the autofix writes. */
      readonly fixed: [AuditField, string][];
      /** The actor field when no single actor value is known, with candidate values for suggestions. */
      readonly actor: { field: AuditField; candidates: string[] } | undefined;
    }

    function plan(required: readonly AuditField[], object: TSESTree.ObjectExpression | undefined, at: TSESTree.Node, exclude: string | undefined): Plan {
      const missing: AuditField[] = [];
      const fixed: [AuditField, string][] = [];
      let actor: Plan['actor'];
      for (const field of required) {
        if (field.role === 'timestamp') {
          missing.push(field);
          const value = timestampValue(field, object);
          if (value !== undefined) fixed.push([field, value]);
          continue;
        }
        const candidates = actorCandidates(field, at, exclude);
        const value = actorValue(field, object, at) ?? (candidates.length === 1 ? candidates[0] : undefined);
        if (value !== undefined) {
          missing.push(field);
          fixed.push([field, value]);
        } else if (candidates.length > 0 || alwaysActor) {
          missing.push(field);
          actor = { field, candidates };
        }
      }
      return { missing, fixed, actor };
    }

    function report(
      node: TSESTree.Node,
      messageId: 'missingAuditFields' | 'missingInWriteCall',
      data: Record<string, string>,
      steps: Plan,
      apply: ((fixer: TSESLint.RuleFixer, pairs: readonly [AuditField, string][]) => TSESLint.RuleFix | TSESLint.RuleFix[] | null) | undefined,
    ): void {
      const { fixed, actor } = steps;
      context.report({
        node,
        messageId,
        data: { ...data, fields: fieldList(steps.missing) },
        fix: apply && fixed.length > 0 ? fixer => apply(fixer, fixed) : null,
        suggest: apply
          ? (actor?.candidates ?? []).map(candidate => ({
              messageId: 'setActor' as const,
              data: { field: actor!.field.name, expression: candidate },
              fix: (fixer: TSESLint.RuleFixer) => apply(fixer, [...fixed, [actor!.field, candidate]]),
            }))
          : [],
      });
    }

    const entry = (field: AuditField, value: string): string =>
      `${isIdentifierName(field.name) ? field.name : `'${field.name}'`}: ${value}`;

    const unset = (required: readonly AuditField[], written: ReadonlySet<string>): AuditField[] =>
      required.filter(f => !written.has(f.name) && !(f.aliases ?? []).some(alias => written.has(alias)));

    // --- write calls -------------------------------------------------------------------------------------------------
    /** An upsert whose update branch only sets the conflict columns (to get `RETURNING` for a find-or-create). */
    function isNoOpUpdate(call: WriteCall, keys: ReadonlySet<string>): boolean {
      if (call.path !== 'upsert' || !call.conflictKeys) return false;
      const conflict = call.conflictKeys;
      return [...keys].every(k => conflict.has(k) || k === call.entity.primaryKey);
    }

    function writeCall(node: TSESTree.CallExpression, call: WriteCall): void {
      const { entity } = call;
      const required = model.requiredAuditFields(entity, call.path, call.hooks);
      if (required.length === 0) return;
      const data = { entity: entity.name, method: call.method };
      for (const object of call.data) {
        const { keys, complete } = keysOf(object);
        if (!complete) continue;
        if (![...keys].some(k => !ignored.has(k) && !isAuditProperty(entity, k))) continue;
        if (isNoOpUpdate(call, keys)) continue;
        const missing = unset(required, keys);
        if (missing.length === 0) continue;
        const steps = plan(missing, call.api.typedData === true ? object : undefined, node, undefined);
        if (steps.missing.length === 0) continue;
        report(object, 'missingInWriteCall', data, steps, (fixer, pairs) =>
          addObjectProperties(fixer, sourceCode, object, pairs.map(([f, v]) => entry(f, v))),
        );
      }
      const columns = call.upsertColumns;
      if (columns && call.data.length > 0) {
        const listed = new Set<string>();
        for (const element of columns.elements) {
          if (element?.type !== AST_NODE_TYPES.Literal || typeof element.value !== 'string') return;
          listed.add(element.value);
        }
        const missing = unset(required, listed);
        if (missing.length === 0) return;
        context.report({
          node: columns,
          messageId: 'missingInWriteCall',
          data: { entity: entity.name, method: call.method, fields: fieldList(missing) },
          fix: fixer => addArrayStrings(fixer, sourceCode, columns, missing.map(f => f.name)),
        });
      }
    }

    // --- property writes, one report per entity object per function --------------------------------------------------
    function byObject(): Mutation[][] {
      const out = new Map<string, Mutation[]>();
      for (const mutation of mutations) {
        const id = `${mutation.key}@${mutation.scope.range[0]}`;
        const list = out.get(id);
        if (list) list.push(mutation);
        else out.set(id, [mutation]);
      }
      return [...out.values()];
    }

    /**
     * Where the stamp lines go: after the statement that holds the last write, in the innermost statement list that
     * holds every write of the group (a stamp inside one `if` arm would not cover a write in another), within the
     * scope of the receiver's variable; or, for a write that is the whole branch of an `if` or a loop body
     * (`if (phase) phase.state = 'Done';`), into braces around it (`wrap`).
     */
    function insertionPoint(group: readonly Mutation[]): { statement: TSESTree.Node; wrap: boolean } | undefined {
      const last = group.at(-1)!;
      if (last.statement && group.every(m => m.statement?.parent === last.statement!.parent)) return { statement: last.statement, wrap: false };
      const branch = branchStatement(last.node);
      if (branch && group.every(m => contains(branch, m.node))) return { statement: branch, wrap: true };
      const chain = receiverChain(last.receiver);
      // The names a test of the receiver would mention: its root variable, or the first member read from `this`.
      const names = new Set(chain ? (chain.root.type === AST_NODE_TYPES.Identifier ? [chain.root.name] : chain.path.slice(0, 1)) : []);
      const variable = chain?.root.type === AST_NODE_TYPES.Identifier ? ASTUtils.findVariable(sourceCode.getScope(chain.root), chain.root) : undefined;
      const within = variable?.scope.block;
      for (let node: TSESTree.Node = last.node; node.parent && node !== last.scope; node = node.parent) {
        const list = node.parent;
        if (isFunctionNode(list) || node === within) return undefined;
        // Past a condition that tests the receiver itself (`if (phase) ... else ...`, `item instanceof X && ...`,
        // `isPhase(item)`, `phase?.isDraft`), the receiver is no longer narrowed: a stamp there may not type-check.
        const condition = conditionOf(list, node);
        if (condition && testsValue(condition, names)) return undefined;
        if (statementsOf(list).includes(node) && group.every(m => contains(list, m.node))) return { statement: node, wrap: false };
      }
      return undefined;
    }

    /**
     * Whether a condition uses the receiver named by `names` as a value of its own (a truthiness test, an operand, a
     * call argument, an optional chain's object), which may narrow its type; reading a property (`template.isDraft`)
     * does not narrow the receiver.
     */
    function testsValue(condition: TSESTree.Node, names: ReadonlySet<string>): boolean {
      const named = (node: TSESTree.Node): boolean => {
        if (node.type === AST_NODE_TYPES.MemberExpression) {
          const name = node.object.type === AST_NODE_TYPES.ThisExpression ? memberName(node) : undefined;
          return name !== undefined && names.has(name);
        }
        // A reference, not a property name (`other.phase`, `{ phase: 1 }`).
        const { parent } = node;
        return (
          node.type === AST_NODE_TYPES.Identifier &&
          names.has(node.name) &&
          !(parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) &&
          !(parent?.type === AST_NODE_TYPES.Property && parent.key === node && !parent.shorthand)
        );
      };
      const visit = (node: TSESTree.Node): boolean => {
        if (named(node)) {
          const parent = node.parent;
          return !(parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && !parent.optional);
        }
        return (sourceCode.visitorKeys[node.type] ?? []).some(key => {
          const value = (node as unknown as Record<string, TSESTree.Node | readonly (TSESTree.Node | null)[] | null | undefined>)[key];
          return (Array.isArray(value) ? value : [value]).some(child => child != null && visit(child as TSESTree.Node));
        });
      };
      return visit(condition);
    }

    function checkObject(group: readonly Mutation[]): void {
      const first = group[0]!;
      const last = group.at(-1)!;
      const { entity, key, scope } = first;
      const objectSaves = saves.filter(s => s.key === key && contains(scope, s.node));
      if (objectSaves.length > 0 && objectSaves.every(s => s.silent)) return;
      if (!reachesDatabase(first)) return;
      // Saved here only without hooks (`listeners: false`): what a subscriber or listener fills is not filled.
      const hooks = !(objectSaves.length > 0 && objectSaves.every(s => !s.hooks));
      const written = new Set(stamps.filter(s => s.key === key && contains(scope, s.node)).map(s => s.field));
      if (written.has('*')) return;
      const required = new Map<string, AuditField>();
      for (const mutation of group) for (const field of model.requiredAuditFields(entity, mutation.path, hooks)) required.set(field.name, field);
      let missing = unset([...required.values()], written);
      if (missing.length === 0) return;
      for (const name of stampedByCallees(key, scope)) written.add(name);
      missing = unset(missing, written);
      if (missing.length === 0) return;
      const receiverText = memberObjectText(sourceCode, last.receiver);
      const chain = receiverChain(first.receiver);
      const exclude = chain?.root.type === AST_NODE_TYPES.Identifier ? chain.root.name : undefined;
      const data = { entity: entity.name, name: receiverName(sourceCode, first.receiver) };
      const object = last.data;
      const point = insertionPoint(group);
      let steps: Plan;
      let apply: Parameters<typeof report>[4];
      if (object) {
        steps = plan(missing, undefined, last.node, exclude);
        apply = (fixer, pairs) => addObjectProperties(fixer, sourceCode, object, pairs.map(([f, v]) => entry(f, v)));
      } else if (point && !last.persists) {
        const { statement, wrap } = point;
        steps = plan(missing, undefined, statement, exclude);
        apply = (fixer, pairs) => {
          const stamps = pairs.map(([f, v]) => `${receiverText}.${f.name} = ${v};`);
          return wrap ? wrapInBlock(fixer, sourceCode, statement, stamps) : insertStatementsAfter(fixer, sourceCode, statement, stamps);
        };
      } else {
        steps = plan(missing, undefined, last.node, exclude);
      }
      if (steps.missing.length === 0) return;
      report(first.node, 'missingAuditFields', data, steps, apply);
    }

    return {
      Program(node) {
        const notice = noEntitiesNotice(node, model);
        if (notice) context.report({ ...notice, messageId: 'noEntitiesRecognised' });
      },
      AssignmentExpression(node) {
        if (node.left.type === AST_NODE_TYPES.MemberExpression) propertyWrite(node, node.left, false);
      },
      UpdateExpression(node) {
        if (node.argument.type === AST_NODE_TYPES.MemberExpression) propertyWrite(node, node.argument, false);
      },
      'UnaryExpression[operator="delete"]'(node: TSESTree.UnaryExpression) {
        if (node.argument.type === AST_NODE_TYPES.MemberExpression) propertyWrite(node, node.argument, true);
      },
      CallExpression(node) {
        const { callee } = node;
        const helperName =
          callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
        if (helperName !== undefined && helpers.has(helperName)) {
          const stamped = callee.type === AST_NODE_TYPES.MemberExpression ? [callee.object, ...node.arguments] : node.arguments;
          for (const arg of stamped) {
            const key = keyOf(arg);
            if (key !== undefined) stamps.push({ key, field: '*', node });
          }
          return;
        }
        if (node.arguments.length > 0 || callee.type === AST_NODE_TYPES.MemberExpression) handOffs.push(node);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || helperName === undefined || !writeApiMethodNames.has(helperName)) return;
        if (saveOnlyMethodNames.has(helperName)) {
          pendingSaves.push(node);
          return;
        }
        const call = matchWriteCall(services, model, node, callKinds);
        if (!call) return;
        if (call.api.kind === 'assign') assignCall(node, call);
        else if (call.api.kind === 'save') saveCall(node, call);
        else writeCall(node, call);
      },
      'Program:exit'() {
        for (const write of pendingWrites) checkPropertyWrite(write);
        for (const save of pendingSaves) checkSave(save);
        mutations.sort((a, b) => a.order - b.order);
        for (const group of byObject()) checkObject(group);
      },
    };
  },
});
