import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { noEntitiesMessage, noEntitiesNotice } from '../orm/setup-notices.js';
import { getEntityModel, valueKindsOf } from '../orm/entity-model.js';
import { requiredAuditFields, type AuditField, type EntityInfo, type ValueKind, type WritePath } from '../orm/types.js';
import { concreteType, isEntityCreation, isLifecycleHook, matchWriteCall, writeApiMethodNames, type WriteCall, type WriteKind } from '../orm/write-apis.js';
import {
  contains,
  enclosingFunction,
  isConstructor,
  isIdentifierName,
  memberName,
  parseDottedPath,
  propertyKeyName,
  receiverChain,
  skipTypeWrappers,
  statementInList,
  statementsOf,
  thisOwner,
} from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { getTypedParserServices } from '../util/type-information.js';
import { addArrayStrings, addObjectProperties, insertStatementsAfter, memberObjectText } from '../util/fixes.js';
import { receiverName } from '../util/messages.js';
import { expressionOption } from '../util/source-text.js';
import { getSettings } from '../util/settings.js';

export type Options = [
  {
    actorExpressions: string[];
    timestampValue: string | null;
    auditHelpers: string[];
    ignoreProperties: string[];
    checkWriteCalls: boolean;
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

const literalFlags = ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.BigIntLiteral | ts.TypeFlags.EnumLiteral;

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
            description: 'Properties whose writes are not a modification that needs a stamp (e.g. `lastSeenAt`, `version`).',
          },
          checkWriteCalls: {
            type: 'boolean',
            description: 'Whether to check ORM update calls (`repository.update`, `prisma.x.update`, `db.update().set()`, ...) as well as property writes.',
          },
        },
      },
    ],
    defaultOptions: [
      {
        actorExpressions: ['userId', 'user.id', 'currentUser.id', 'actorId', 'actor.id', 'ctx.user.id'],
        timestampValue: null,
        auditHelpers: [],
        ignoreProperties: [],
        checkWriteCalls: true,
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
    const { checker } = model;
    const { sourceCode } = context;
    const ignored = new Set(options.ignoreProperties);
    const helpers = new Set(options.auditHelpers);
    const callKinds = new Set<WriteKind>(options.checkWriteCalls ? ['assign', 'write'] : ['assign']);

    const mutations: Mutation[] = [];
    const stamps: Stamp[] = [];
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
      return model.entityOfType(concreteType(checker, services.getTypeAtLocation(node)));
    }

    function isAuditField(entity: EntityInfo, property: string): boolean {
      return entity.timestampField?.name === property || entity.actorField?.name === property;
    }

    /** A write that is part of an insert: `this` in a constructor, or a variable holding an entity made in this code. */
    function isNewEntity(receiver: TSESTree.Node): boolean {
      const chain = receiverChain(receiver);
      if (!chain || chain.path.length > 0) return false;
      if (chain.root.type === AST_NODE_TYPES.ThisExpression) {
        const owner = thisOwner(chain.root);
        return isConstructor(owner) || owner.type === AST_NODE_TYPES.PropertyDefinition;
      }
      const variable = ASTUtils.findVariable(sourceCode.getScope(chain.root), chain.root);
      const def = variable?.defs[0];
      if (variable?.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
      if (variable.references.filter(r => r.isWrite()).length > 1) return false;
      let init = skipTypeWrappers(def.node.init);
      if (init.type === AST_NODE_TYPES.AwaitExpression) init = skipTypeWrappers(init.argument);
      if (init.type === AST_NODE_TYPES.NewExpression) return true;
      return init.type === AST_NODE_TYPES.CallExpression && isEntityCreation(services, init);
    }

    /** Whether a write sits in an ORM lifecycle hook method (it runs inside the ORM's own write). */
    function inLifecycleHook(node: TSESTree.Node): boolean {
      const fn = enclosingFunction(node);
      const method = fn.parent;
      if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.decorators.length === 0) return false;
      return isLifecycleHook(checker, services.esTreeNodeToTSNodeMap.get(method));
    }

    /** Records a property write; it is a mutation when the receiver is a tracked entity and the column persisted. */
    function propertyWrite(node: TSESTree.Node, member: TSESTree.MemberExpression, stamp: boolean): void {
      const property = memberName(member);
      if (property === undefined) return;
      const key = keyOf(member.object);
      if (key === undefined) return;
      if (stamp) stamps.push({ key, field: property, node });
      if (ignored.has(property)) return;
      const entity = entityOfNode(member.object);
      if (!entity?.tracked || isAuditField(entity, property) || !entity.isPersisted(property)) return;
      if (isNewEntity(member.object) || inLifecycleHook(node)) return;
      mutations.push({ node, receiver: member.object, key, entity, path: 'tracked', statement: statementInList(node), data: undefined, persists: false });
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
      const { entity } = call;
      if (!entity.tracked || isNewEntity(call.target) || inLifecycleHook(node)) return;
      if (![...written].some(p => !ignored.has(p) && !isAuditField(entity, p) && entity.isPersisted(p))) return;
      const data = call.data.length === 1 && call.opaqueData.length === 0 ? call.data[0] : undefined;
      mutations.push({ node, receiver: call.target, key, entity, path: call.path, statement: statementInList(node), data, persists: call.api.persists === true });
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

    function fits(type: ts.Type, targets: readonly ts.Type[]): boolean {
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
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

    /** In-scope identifiers whose type fits the actor field (literal-typed constants are not actors). */
    function actorCandidates(field: AuditField, object: TSESTree.ObjectExpression | undefined, at: TSESTree.Node, exclude: string | undefined): string[] {
      const targets = actorTargets(field, object);
      const found: string[] = [];
      const seen = new Set<string>();
      for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(at); scope; scope = scope.upper) {
        for (const variable of scope.variables) {
          if (seen.has(variable.name) || variable.name === exclude) continue;
          seen.add(variable.name);
          const name = usableVariable(variable, at);
          if (!name) continue;
          const type = services.getTypeAtLocation(name);
          const literal = type.isUnion() ? type.types.every(t => t.flags & literalFlags) : (type.flags & literalFlags) !== 0;
          if (!literal && fits(type, targets)) found.push(variable.name);
        }
      }
      return found;
    }

    interface Plan {
      /** `[field, value]` pairs the autofix writes. */
      readonly fixed: [AuditField, string][];
      /** The actor field when no actor expression fits, with candidate identifiers for suggestions. */
      readonly actor: { field: AuditField; candidates: string[] } | undefined;
    }

    function plan(missing: readonly AuditField[], object: TSESTree.ObjectExpression | undefined, at: TSESTree.Node, exclude: string | undefined): Plan {
      const fixed: [AuditField, string][] = [];
      let actor: Plan['actor'];
      for (const field of missing) {
        if (field.role === 'timestamp') {
          const value = timestampValue(field, object);
          if (value !== undefined) fixed.push([field, value]);
        } else {
          const value = actorValue(field, object, at);
          if (value !== undefined) fixed.push([field, value]);
          else actor = { field, candidates: actorCandidates(field, object, at, exclude) };
        }
      }
      return { fixed, actor };
    }

    function report(
      node: TSESTree.Node,
      messageId: 'missingAuditFields' | 'missingInWriteCall',
      data: Record<string, string>,
      steps: Plan,
      apply: (fixer: TSESLint.RuleFixer, pairs: readonly [AuditField, string][]) => TSESLint.RuleFix | TSESLint.RuleFix[] | null,
    ): void {
      const { fixed, actor } = steps;
      context.report({
        node,
        messageId,
        data,
        fix: fixed.length > 0 ? fixer => apply(fixer, fixed) : null,
        suggest: (actor?.candidates ?? []).map(candidate => ({
          messageId: 'setActor' as const,
          data: { field: actor!.field.name, expression: candidate },
          fix: (fixer: TSESLint.RuleFixer) => apply(fixer, [...fixed, [actor!.field, candidate]]),
        })),
      });
    }

    const entry = (field: AuditField, value: string): string =>
      `${isIdentifierName(field.name) ? field.name : `'${field.name}'`}: ${value}`;

    // --- write calls -------------------------------------------------------------------------------------------------
    function writeCall(node: TSESTree.CallExpression, call: WriteCall): void {
      const { entity } = call;
      const required = requiredAuditFields(entity, call.path);
      if (required.length === 0) return;
      const data = { entity: entity.name, method: call.method };
      for (const object of call.data) {
        const { keys, complete } = keysOf(object);
        if (!complete) continue;
        if (![...keys].some(k => !ignored.has(k) && !isAuditField(entity, k))) continue;
        const missing = required.filter(f => !keys.has(f.name));
        if (missing.length === 0) continue;
        report(object, 'missingInWriteCall', { ...data, fields: fieldList(missing) }, plan(missing, call.api.typedData === true ? object : undefined, node, undefined), (fixer, pairs) =>
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
        const missing = required.filter(f => !listed.has(f.name));
        if (missing.length === 0) return;
        context.report({
          node: columns,
          messageId: 'missingInWriteCall',
          data: { entity: entity.name, method: call.method, fields: fieldList(missing) },
          fix: fixer => addArrayStrings(fixer, sourceCode, columns, missing.map(f => f.name)),
        });
      }
    }

    // --- groups of property writes -----------------------------------------------------------------------------------
    function groups(): Mutation[][] {
      const out: Mutation[][] = [];
      let current: Mutation[] = [];
      let lastIndex = -1;
      for (const mutation of mutations) {
        const previous = current.at(-1);
        const statement = mutation.statement;
        const index = statement ? statementsOf(statement.parent).indexOf(statement) : -1;
        const joins =
          previous !== undefined &&
          statement !== undefined &&
          previous.statement !== undefined &&
          previous.key === mutation.key &&
          previous.statement.parent === statement.parent &&
          (index === lastIndex || index === lastIndex + 1);
        if (!joins && current.length > 0) {
          out.push(current);
          current = [];
        }
        current.push(mutation);
        lastIndex = index;
      }
      if (current.length > 0) out.push(current);
      return out;
    }

    function checkGroup(group: readonly Mutation[]): void {
      const first = group[0]!;
      const last = group.at(-1)!;
      const { entity, key } = first;
      const scope = enclosingFunction(first.node);
      const written = new Set(stamps.filter(s => s.key === key && contains(scope, s.node)).map(s => s.field));
      if (written.has('*')) return;
      const required = new Map<string, AuditField>();
      for (const mutation of group) for (const field of requiredAuditFields(entity, mutation.path)) required.set(field.name, field);
      const missing = [...required.values()].filter(f => !written.has(f.name));
      if (missing.length === 0) return;
      const receiverText = memberObjectText(sourceCode, last.receiver);
      const chain = receiverChain(first.receiver);
      const exclude = chain?.root.type === AST_NODE_TYPES.Identifier ? chain.root.name : undefined;
      const data = { entity: entity.name, name: receiverName(sourceCode, first.receiver), fields: fieldList(missing) };
      if (last.data) {
        const object = last.data;
        report(first.node, 'missingAuditFields', data, plan(missing, undefined, last.node, exclude), (fixer, pairs) =>
          addObjectProperties(fixer, sourceCode, object, pairs.map(([f, v]) => entry(f, v))),
        );
      } else if (last.statement && !last.persists) {
        const statement = last.statement;
        report(first.node, 'missingAuditFields', data, plan(missing, undefined, statement, exclude), (fixer, pairs) =>
          insertStatementsAfter(fixer, sourceCode, statement, pairs.map(([f, v]) => `${receiverText}.${f.name} = ${v};`)),
        );
      } else {
        context.report({ node: first.node, messageId: 'missingAuditFields', data });
      }
    }

    return {
      Program(node) {
        const notice = noEntitiesNotice(node, model);
        if (notice) context.report({ ...notice, messageId: 'noEntitiesRecognised' });
      },
      AssignmentExpression(node) {
        if (node.left.type === AST_NODE_TYPES.MemberExpression) propertyWrite(node, node.left, true);
      },
      UpdateExpression(node) {
        if (node.argument.type === AST_NODE_TYPES.MemberExpression) propertyWrite(node, node.argument, true);
      },
      'UnaryExpression[operator="delete"]'(node: TSESTree.UnaryExpression) {
        if (node.argument.type === AST_NODE_TYPES.MemberExpression) propertyWrite(node, node.argument, false);
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
        if (callee.type !== AST_NODE_TYPES.MemberExpression || helperName === undefined || !writeApiMethodNames.has(helperName)) return;
        const call = matchWriteCall(services, model, node, callKinds);
        if (!call) return;
        if (call.api.kind === 'assign') assignCall(node, call);
        else writeCall(node, call);
      },
      'Program:exit'() {
        for (const group of groups()) checkGroup(group);
      },
    };
  },
});
