import * as ts from 'typescript';
import { calleeBody, functionOfSymbol, isInProgramSources, ownParameters, skipExpressionWrappers, type FunctionWithBody } from '../analysis/callees.js';
import { cachedPerDeclaration } from '../analysis/cache.js';
import { functionWrites } from '../analysis/callee-effects.js';
import { isAssignment, packageOfFile, symbolOrigin, writtenTarget } from '../util/ts-nodes.js';
import type { ClassOrmSpec } from './class-orm.js';
import { mikroOrm } from './mikro-orm.js';
import { sequelize } from './sequelize.js';
import { typeorm } from './typeorm.js';
import type { EntityInfo, WritePath } from './types.js';
import { expandedDecoratorsOf } from './wrappers.js';

/**
 * Audit fields filled by the program's subscribers and hooks that live outside the entity class: a TypeORM
 * `@EventSubscriber()`, a registered MikroORM `EventSubscriber` (`beforeUpdate`, `onFlush`), a Sequelize
 * `addHook('beforeUpdate', ...)` or `hooks: { beforeUpdate }` in model or `Sequelize` options. A field such a hook writes on the event's entity (directly, through a local, or
 * through the program's own functions and methods it hands the entity or the event to, two levels deep) is maintained
 * for the entities it listens to, on the write paths on which the ORM runs the hook and stores what it wrote.
 * Creation hooks (`beforeInsert`, `beforeCreate`) never cover an update. Read once per program, lazily (only when a
 * rule asks what a write must set). Writes inside these hooks are part of the ORM's write (`isSubscriberHook`).
 *
 * | ORM | hook | paths | source (node_modules) |
 * |---|---|---|---|
 * | TypeORM | subscriber `beforeUpdate` | `tracked` | persistence/SubjectExecutor.js `execute`: `broadcastBeforeEventsForAll` (→ subscriber/Broadcaster.js `broadcastBeforeUpdateEvent`), then `subject.recompute()` picks up what the subscriber changed; not under `save(e, { listeners: false })` (`execute` broadcasts only when `options.listeners !== false`; Broadcaster.js `broadcastBeforeUpdateEvent` runs the entity's `@BeforeUpdate` listeners there too): a hook, read as such by `requiredAuditFields(entity, path, hooks)` |
 * | TypeORM | subscriber `beforeUpdate` | `update` | query-builder/UpdateQueryBuilder.js `execute`: `broadcast("BeforeUpdate", metadata, this.expressionMap.valuesSet)` hands the SET object itself as `event.entity`, and `createUpdateExpression` reads `getValueSet()` afterwards, so a property written on it is in the SET clause (`repository.update`, `manager.update`, `BaseEntity.update` build this query: entity-manager/EntityManager.js `update`); not after `.callListeners(false)` (`execute` tests `expressionMap.callListeners`) |
 * | TypeORM | — | `upsert` | query-builder/InsertQueryBuilder.js `execute` broadcasts `BeforeInsert` only |
 * | MikroORM | subscriber `onFlush` writing `cs.entity.x` + `recomputeSingleChangeSet` | `tracked` | see `changeSetWrites` below |
 * | MikroORM | subscriber `beforeUpdate` | `tracked` | unit-of-work/UnitOfWork.js `commitUpdateChangeSets` → `runHooks(beforeUpdate, changeSet, true)`, which diffs the entity after the hooks into the change set's payload; `EntityManager.nativeUpdate` and `qb.update()` go to the driver without events |
 * | Sequelize | `beforeUpdate` / `beforeSave` hook | `tracked` | lib/model.js `save`: `runHooks(\`before${hook}\`, this, options)` then adds the fields the hook changed, only when `options.hooks` (not under `save({ hooks: false })`); static `Model.update` runs them per instance only with `individualHooks: true` (lib/model.js `update`, whatever `hooks` says), which write-apis.ts treats as the `tracked` path; lib/hooks.js `addHook` (`beforeSave` proxies to `beforeUpdate`), `runHooks` adds the Sequelize instance's hooks; `hooks` in model options: see `optionsHooks` |
 *
 * Who listens: TypeORM `listenTo()` returns a class, and its subclasses are listened to as well (subscriber/
 * Broadcaster.js `isAllowedSubscriber`: `listenTo() === target || listenTo().isPrototypeOf(target)`), `Object` or no
 * `listenTo` is every entity; MikroORM `getSubscribedEntities()` compares class names exactly (events/EventManager.js
 * `dispatchEvent`: `entities.has(entity.constructor.name)`), none is every entity; a Sequelize hook added on a model
 * is that model's (lib/hooks.js `addHook` writes `this.options.hooks`), on the `Sequelize` instance every model's.
 * A `listenTo()` whose class the types do not tell is taken as every entity (the subscriber stamps something).
 * A TypeORM subscriber counts when decorated `@EventSubscriber()`: connection/ConnectionMetadataBuilder.js
 * `buildSubscribers` instantiates the decorated classes among those the `subscribers` option lists, and that list is
 * not read (it is mostly file globs); or when it pushes itself onto `dataSource.subscribers` (`isTypeormSubscriber`). A MikroORM one counts when the `subscribers` option or `registerSubscriber`
 * registers it, or when the program does not show its configuration (see `mikroRegistrations`).
 */
export interface SubscriberWrites {
  readonly orm: ClassOrmSpec;
  /** For messages: `AuditSubscriber.beforeUpdate()`, `Post.addHook('beforeSave')`. */
  readonly by: string;
  /** The entity classes listened to; `undefined`: every entity of the ORM. */
  readonly targets: readonly Target[] | undefined;
  readonly paths: readonly WritePath[];
  /** Properties the hook writes on the event's entity. */
  readonly fields: ReadonlySet<string>;
}

/** A listened-to class: by symbol (with or without its subclasses), or by class name (MikroORM). */
type Target = { readonly symbol: ts.Symbol; readonly subclasses: boolean } | { readonly name: string };

/** Files that may declare a hook: a hook's name, or a `hooks:` option (whose value may name an object declared elsewhere). */
const hookText = /\b(?:beforeUpdate|beforeSave|addHook|onFlush)\b|\bhooks\s*:/u;

const byProgram = new WeakMap<ts.Program, readonly SubscriberWrites[]>();

/** Every subscriber and hook of the program that writes a property on the entity it is handed (cached per program). */
export function programSubscribers(program: ts.Program, files: readonly ts.SourceFile[]): readonly SubscriberWrites[] {
  let found = byProgram.get(program);
  if (!found) {
    found = findSubscribers(program, files);
    byProgram.set(program, found);
  }
  return found;
}

function findSubscribers(program: ts.Program, files: readonly ts.SourceFile[]): SubscriberWrites[] {
  const checker = program.getTypeChecker();
  const out: SubscriberWrites[] = [];
  const hookClasses = new Set<ts.ClassLikeDeclaration>();
  // Files that name a hook: classes declaring one, and Sequelize `addHook` calls.
  for (const file of files) {
    if (!hookText.test(file.text)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) && node.members.some(m => m.name !== undefined && ts.isIdentifier(m.name) && (m.name.text === 'beforeUpdate' || m.name.text === 'onFlush'))) {
        hookClasses.add(node);
      }
      if (ts.isCallExpression(node)) {
        const hook = sequelizeHook(program, node);
        if (hook) out.push(hook);
      } else if (isHooksOption(node)) {
        out.push(...optionsHooks(program, node));
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  if (hookClasses.size === 0) return out;
  // Subscriber classes: those declaring a hook, and classes of any file that extend one (a layered subscriber).
  const candidates = new Set(hookClasses);
  for (const file of files) {
    for (const statement of file.statements) {
      if (ts.isClassDeclaration(statement) && statement.heritageClauses?.some(h => h.token === ts.SyntaxKind.ExtendsKeyword)) candidates.add(statement);
    }
  }
  for (const declaration of candidates) out.push(...classSubscribers(program, checker, declaration, files));
  return out;
}

// --- TypeORM and MikroORM subscriber classes ---------------------------------------------------------------------
function classSubscribers(program: ts.Program, checker: ts.TypeChecker, declaration: ts.ClassLikeDeclaration, files: readonly ts.SourceFile[]): SubscriberWrites[] {
  if (!declaration.name) return [];
  const symbol = checker.getSymbolAtLocation(declaration.name);
  if (!symbol) return [];
  const instance = checker.getDeclaredTypeOfSymbol(symbol);
  const method = (name: string): FunctionWithBody | undefined => {
    const property = instance.getProperty(name);
    return property ? functionOfSymbol(program, property, false) : undefined;
  };
  const hook = method('beforeUpdate');
  const flush = method('onFlush');
  if (!hook && !flush) return [];
  const orm = subscriberOrm(checker, declaration);
  if (!orm) return [];
  const name = declaration.name.text;
  const out: SubscriberWrites[] = [];
  const fields = hook ? hookEntityWrites(program, hook, 0, 'event', 2) : new Set<string>();
  if (orm === typeorm && fields.size > 0) {
    const listenTo = method('listenTo');
    const targets = listenTo ? returnedClasses(checker, program, listenTo) : undefined;
    out.push({ orm, by: `${name}.beforeUpdate()`, targets: targets?.map(s => ({ symbol: s, subclasses: true })), paths: ['tracked', 'update'], fields });
  } else if (orm === mikroOrm) {
    if (!isMikroRegistered(program, files, symbol)) return [];
    if (fields.size > 0) {
      const subscribed = method('getSubscribedEntities');
      out.push({ orm, by: `${name}.beforeUpdate()`, targets: subscribed ? subscribedNames(checker, program, subscribed) : undefined, paths: ['tracked'], fields });
    }
    if (flush) out.push(...changeSetWrites(program, flush).map(w => ({ orm, by: `${name}.onFlush()`, paths: ['tracked'] as const, ...w })));
  }
  return out;
}

const subscriberOrms = new WeakMap<ts.ClassLikeDeclaration, ClassOrmSpec | null>();

/** The ORM a class is a subscriber of: TypeORM by its decorator or its `subscribers.push(this)`, MikroORM by the interface it implements (cached). */
function subscriberOrm(checker: ts.TypeChecker, declaration: ts.ClassLikeDeclaration): ClassOrmSpec | undefined {
  let orm = subscriberOrms.get(declaration);
  if (orm === undefined) {
    const symbol = declaration.name && checker.getSymbolAtLocation(declaration.name);
    orm = isTypeormSubscriber(checker, declaration)
      ? typeorm
      : symbol && implementsOrmInterface(checker, checker.getDeclaredTypeOfSymbol(symbol), 'EventSubscriber', mikroOrm.packages)
        ? mikroOrm
        : null;
    subscriberOrms.set(declaration, orm);
  }
  return orm ?? undefined;
}

/** The hooks of TypeORM's `EntitySubscriberInterface` and MikroORM's `EventSubscriber` that an entity write runs. */
const subscriberHookNames: ReadonlySet<string> = new Set([
  'beforeInsert', 'afterInsert', 'beforeUpdate', 'afterUpdate', 'beforeRemove', 'afterRemove', 'beforeSoftRemove',
  'afterSoftRemove', 'beforeRecover', 'afterRecover', 'afterLoad', 'beforeCreate', 'afterCreate', 'beforeUpsert',
  'afterUpsert', 'beforeDelete', 'afterDelete', 'onInit', 'onLoad', 'beforeFlush', 'onFlush', 'afterFlush',
]);

/** Hook names a Sequelize model or instance takes (`addHook(name, fn)` or `Model.beforeUpdate(fn)`), lib/hooks.js `hookTypes`. */
const sequelizeHookMethods: ReadonlySet<string> = new Set([
  'addHook', 'beforeValidate', 'afterValidate', 'beforeCreate', 'afterCreate', 'beforeDestroy', 'afterDestroy',
  'beforeRestore', 'afterRestore', 'beforeUpdate', 'afterUpdate', 'beforeSave', 'afterSave', 'beforeUpsert', 'afterUpsert',
]);

/**
 * Whether a function runs inside an ORM's own write as a hook from outside the entity: a method of a subscriber class
 * named as one of its hooks (`beforeUpdate(event)` of an `@EventSubscriber()`), or a function handed to a Sequelize
 * `addHook` / `Model.beforeSave`. What it writes on the entity is part of that write, not a modification to stamp.
 */
export function isSubscriberHook(program: ts.Program, fn: ts.Node): boolean {
  const checker = program.getTypeChecker();
  if (optionsHookFunction(program, fn)) return true;
  const member = ts.isMethodDeclaration(fn) ? fn : ts.isArrowFunction(fn) && ts.isPropertyDeclaration(fn.parent) ? fn.parent : undefined;
  if (member) {
    if (!ts.isIdentifier(member.name) || !subscriberHookNames.has(member.name.text) || !ts.isClassLike(member.parent)) return false;
    return subscriberOrm(checker, member.parent) !== undefined;
  }
  const call = fn.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isCallExpression(call) || !call.arguments.includes(fn)) return false;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !sequelizeHookMethods.has(callee.name.text)) return false;
  const declaration = checker.getSymbolAtLocation(callee.name)?.declarations?.[0];
  const pkg = declaration && packageOfFile(declaration.getSourceFile().fileName);
  return pkg !== undefined && sequelize.packages.has(pkg);
}

/**
 * `@EventSubscriber()` of typeorm on the class (or a decorator of the project's that calls it), or a class implementing
 * `EntitySubscriberInterface` that, itself or through a base class, pushes itself onto a data source's subscribers
 * (`dataSource.subscribers.push(this)`, how NestJS services register: subscriber/Broadcaster.js
 * `broadcastBeforeUpdateEvent` calls every element of `queryRunner.dataSource.subscribers`).
 */
function isTypeormSubscriber(checker: ts.TypeChecker, declaration: ts.ClassLikeDeclaration): boolean {
  if (expandedDecoratorsOf(checker, declaration).some(d => d.pkg === 'typeorm' && d.name === 'EventSubscriber')) return true;
  const symbol = declaration.name && checker.getSymbolAtLocation(declaration.name);
  if (!symbol) return false;
  const chain = classChain(checker, symbol).flatMap(s => s.declarations?.filter(ts.isClassLike) ?? []);
  return chain.some(pushesItself) && implementsOrmInterface(checker, checker.getDeclaredTypeOfSymbol(symbol), 'EntitySubscriberInterface', typeorm.packages);
}

/** `<x>.subscribers.push(this)` in the class's own members (by syntax). */
function pushesItself(declaration: ts.ClassLikeDeclaration): boolean {
  if (!/\.subscribers\s*\.\s*push\b/u.test(declaration.getText())) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (ts.isClassLike(node) && node !== declaration)) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push') {
      const list = skipExpressionWrappers(node.expression.expression);
      found = ts.isPropertyAccessExpression(list) && list.name.text === 'subscribers' && node.arguments.some(a => a.kind === ts.SyntaxKind.ThisKeyword);
    }
    ts.forEachChild(node, visit);
  };
  visit(declaration);
  return found;
}

/** The class, or a base class of it, implements the interface `name` of one of `packages`. */
function implementsOrmInterface(checker: ts.TypeChecker, instance: ts.Type, name: string, packages: ReadonlySet<string>, depth = 0): boolean {
  if (depth > 3) return false;
  for (const declaration of instance.getSymbol()?.declarations ?? []) {
    if (!ts.isClassLike(declaration)) continue;
    for (const clause of declaration.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ImplementsKeyword) continue;
      for (const type of clause.types) {
        const origin = symbolOrigin(checker, checker.getSymbolAtLocation(type.expression));
        if (origin?.name === name && origin.pkg !== undefined && packages.has(origin.pkg)) return true;
      }
    }
  }
  return checker.getBaseTypes(instance as ts.InterfaceType).some(base => implementsOrmInterface(checker, base, name, packages, depth + 1));
}

/** The expressions a function returns (its concise body, or its own `return`s). */
function returnedExpressions(fn: FunctionWithBody): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}

/** The class a value denotes (`Invoice` as a value: its construct signature's instance), when it is the program's own. */
function classOfValue(checker: ts.TypeChecker, program: ts.Program, expression: ts.Expression): ts.Symbol | undefined {
  const instance = checker.getTypeAtLocation(skipExpressionWrappers(expression)).getConstructSignatures()[0]?.getReturnType();
  const symbol = instance?.getSymbol();
  const declaration = symbol?.declarations?.find(ts.isClassLike);
  return symbol && declaration && isInProgramSources(program, declaration) ? symbol : undefined;
}

/** What `listenTo()` returns: the program's classes, or undefined for every entity (`Object`, a library class, untyped). */
function returnedClasses(checker: ts.TypeChecker, program: ts.Program, fn: FunctionWithBody): ts.Symbol[] | undefined {
  const classes: ts.Symbol[] = [];
  for (const expression of returnedExpressions(fn)) {
    const symbol = classOfValue(checker, program, expression);
    if (!symbol) return undefined;
    classes.push(symbol);
  }
  return classes.length > 0 ? classes : undefined;
}

/** The class names `getSubscribedEntities()` returns (`[Invoice, 'Ledger']`); undefined when they cannot be read. */
function subscribedNames(checker: ts.TypeChecker, program: ts.Program, fn: FunctionWithBody): Target[] | undefined {
  const names: Target[] = [];
  for (const expression of returnedExpressions(fn)) {
    const list = skipExpressionWrappers(expression);
    if (!ts.isArrayLiteralExpression(list)) return undefined;
    for (const element of list.elements) {
      if (ts.isStringLiteralLike(element)) {
        names.push({ name: element.text });
        continue;
      }
      const symbol = classOfValue(checker, program, element);
      if (!symbol) return undefined;
      names.push({ name: symbol.name });
    }
  }
  return names;
}

// --- MikroORM: which subscriber classes are registered ------------------------------------------------------------
/**
 * A MikroORM subscriber runs only when it is registered: listed in the `subscribers` option (an instance, or a class
 * that utils/Configuration.js's constructor instantiates with `new subscriber()`; EntityManager.js constructor:
 * `new EventManager(config.get('subscribers'))`), or handed to `em.getEventManager().registerSubscriber(x)`
 * (events/EventManager.js `registerSubscriber`). Version 6 has no `@Subscriber()` decorator and does not discover
 * subscribers. Where the program does not show all of it, every subscriber class counts (a field the program may fill
 * is not reported): when no MikroORM configuration is visible (`MikroORM.init({...})`, `new MikroORM({...})`,
 * `defineConfig({...})`, `MikroOrmModule.forRoot({...})` with an object literal, or a `const` holding one, without
 * spreads), when a `subscribers` value or a registered value is not a class the types tell (`subscribers: list`,
 * `[...list]`, `registerSubscriber(s)` with `s: EventSubscriber`), and when `subscribers` is written elsewhere
 * (`{ subscribers }`, `config.subscribers.push(...)`).
 */
interface RegistrationSyntax {
  /** Values of `subscribers:` properties. */
  readonly lists: readonly ts.Expression[];
  /** `registerSubscriber(...)` calls. */
  readonly registrations: readonly ts.CallExpression[];
  /** Calls that may take a MikroORM configuration (`MikroORM.init(...)`, `defineConfig(...)`, `new MikroORM(...)`). */
  readonly configurations: readonly (ts.CallExpression | ts.NewExpression)[];
  /** `subscribers` written in a way that cannot be read (`{ subscribers }`, `config.subscribers.push(x)`). */
  readonly opaque: boolean;
}

const registrationText = /\b(?:subscribers|registerSubscriber|MikroORM|defineConfig|forRoot)\b/u;
const configurationMethods: ReadonlySet<string> = new Set(['init', 'initSync', 'forRoot']);
const noRegistrations: RegistrationSyntax = { lists: [], registrations: [], configurations: [], opaque: false };
const registrationSyntaxByFile = new WeakMap<ts.SourceFile, RegistrationSyntax>();

/** A file's registration sites, by syntax alone (cached per source file, which a language service reuses between edits). */
function registrationSyntax(file: ts.SourceFile): RegistrationSyntax {
  let found = registrationSyntaxByFile.get(file);
  if (found) return found;
  if (!registrationText.test(file.text)) {
    registrationSyntaxByFile.set(file, noRegistrations);
    return noRegistrations;
  }
  const lists: ts.Expression[] = [];
  const registrations: ts.CallExpression[] = [];
  const configurations: (ts.CallExpression | ts.NewExpression)[] = [];
  let opaque = false;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && propertyNameText(node.name) === 'subscribers') lists.push(node.initializer);
    else if (ts.isShorthandPropertyAssignment(node) && node.name.text === 'subscribers') opaque = true;
    else if (ts.isPropertyAccessExpression(node) && node.name.text === 'subscribers') {
      const parent = node.parent;
      if ((ts.isBinaryExpression(parent) && parent.left === node) || (ts.isPropertyAccessExpression(parent) && ts.isCallExpression(parent.parent))) opaque = true;
    } else if (ts.isCallExpression(node)) {
      const callee = skipExpressionWrappers(node.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      if (name === 'registerSubscriber') registrations.push(node);
      else if (name === 'defineConfig' || (name !== undefined && configurationMethods.has(name) && ts.isPropertyAccessExpression(callee))) configurations.push(node);
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'MikroORM') configurations.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  found = { lists, registrations, configurations, opaque };
  registrationSyntaxByFile.set(file, found);
  return found;
}

interface Registrations {
  /** Every subscriber class counts: the registration is not all visible. */
  readonly all: boolean;
  /** Classes registered as themselves (`new X()`, `X` in `subscribers`). */
  readonly exact: ReadonlySet<ts.Symbol>;
  /** Classes whose instances, subclasses' included, are registered (`registerSubscriber(this)`, a value typed `X`). */
  readonly withSubclasses: ReadonlySet<ts.Symbol>;
}

const registrationsByProgram = new WeakMap<ts.Program, Registrations>();

/** Whether a callee name resolves (through imports) to a declaration of a `@mikro-orm/` package. */
function isFromMikro(checker: ts.TypeChecker, name: ts.Node): boolean {
  return symbolOrigin(checker, checker.getSymbolAtLocation(name))?.pkg?.startsWith('@mikro-orm/') === true;
}

function mikroRegistrations(program: ts.Program, files: readonly ts.SourceFile[]): Registrations {
  let found = registrationsByProgram.get(program);
  if (found) return found;
  const checker = program.getTypeChecker();
  const exact = new Set<ts.Symbol>();
  const withSubclasses = new Set<ts.Symbol>();
  let all = false;
  let configured = false;
  /** A registered value: a class (instantiated by the configuration), `new X()`, `this`, or a value of a class type. */
  const register = (node: ts.Expression): void => {
    const value = skipExpressionWrappers(node);
    if (ts.isNewExpression(value)) {
      const symbol = classOfValue(checker, program, value.expression);
      if (symbol) exact.add(symbol);
      return;
    }
    if (value.kind === ts.SyntaxKind.ThisKeyword) {
      let owner: ts.Node = value.parent;
      while (!ts.isSourceFile(owner) && !ts.isClassLike(owner.parent) && !(ts.isFunctionLike(owner) && !ts.isArrowFunction(owner))) owner = owner.parent;
      const cls = ts.isClassLike(owner.parent) ? owner.parent : undefined;
      const symbol = cls?.name && checker.getSymbolAtLocation(cls.name);
      if (symbol) withSubclasses.add(symbol);
      else all = true;
      return;
    }
    const asClass = ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) ? classOfValue(checker, program, value) : undefined;
    if (asClass) {
      exact.add(asClass);
      return;
    }
    const symbol = checker.getTypeAtLocation(value).getSymbol();
    const declaration = symbol?.declarations?.find(ts.isClassLike);
    if (symbol && declaration && isInProgramSources(program, declaration)) withSubclasses.add(symbol);
    else all = true;
  };
  /** A configuration argument whose every property is visible: an object literal without spreads, or a `const` of one. */
  const visibleConfiguration = (arg: ts.Expression | undefined): boolean => {
    let value = arg && skipExpressionWrappers(arg);
    if (value && ts.isIdentifier(value)) {
      const declaration = checker.getSymbolAtLocation(value)?.valueDeclaration;
      value = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? skipExpressionWrappers(declaration.initializer) : undefined;
    }
    return value !== undefined && ts.isObjectLiteralExpression(value) && !value.properties.some(ts.isSpreadAssignment);
  };
  for (const file of files) {
    const syntax = registrationSyntax(file);
    if (syntax.opaque) all = true;
    for (const list of syntax.lists) {
      const value = skipExpressionWrappers(list);
      if (!ts.isArrayLiteralExpression(value)) all = true;
      else {
        for (const element of value.elements) {
          if (ts.isSpreadElement(element)) all = true;
          else register(element);
        }
      }
    }
    for (const call of syntax.registrations) {
      const callee = skipExpressionWrappers(call.expression);
      const [arg] = call.arguments;
      if (arg && isFromMikro(checker, ts.isPropertyAccessExpression(callee) ? callee.name : callee)) register(arg);
    }
    for (const call of syntax.configurations) {
      const callee = skipExpressionWrappers(call.expression);
      if (!isFromMikro(checker, ts.isPropertyAccessExpression(callee) ? callee.name : callee)) continue;
      if (visibleConfiguration(call.arguments?.[0])) configured = true;
    }
  }
  found = { all: all || !configured, exact, withSubclasses };
  registrationsByProgram.set(program, found);
  return found;
}

/** Whether a MikroORM subscriber class is registered (or may be, where the program does not show it). */
function isMikroRegistered(program: ts.Program, files: readonly ts.SourceFile[], symbol: ts.Symbol): boolean {
  const registrations = mikroRegistrations(program, files);
  if (registrations.all || registrations.exact.has(symbol)) return true;
  return classChain(program.getTypeChecker(), symbol).some(s => registrations.withSubclasses.has(s));
}

// --- Sequelize hooks -------------------------------------------------------------------------------------------
const sequelizeUpdateHooks: ReadonlySet<string> = new Set(['beforeUpdate', 'beforeSave']);

/** `Post.addHook('beforeUpdate', fn)`, `Post.beforeSave(fn)`, `sequelize.addHook('beforeSave', 'name', fn)`. */
function sequelizeHook(program: ts.Program, call: ts.CallExpression): SubscriberWrites | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  let hookName: string | undefined;
  if (method === 'addHook') {
    const first = call.arguments[0];
    hookName = first && ts.isStringLiteralLike(first) ? first.text : undefined;
  } else hookName = method;
  if (hookName === undefined || !sequelizeUpdateHooks.has(hookName)) return undefined;
  const checker = program.getTypeChecker();
  const declaration = checker.getSymbolAtLocation(callee.name)?.declarations?.[0];
  const pkg = declaration && packageOfFile(declaration.getSourceFile().fileName);
  if (pkg === undefined || !sequelize.packages.has(pkg)) return undefined;
  const last = call.arguments.at(-1);
  const fn = last && hookFunction(program, last);
  if (!fn) return undefined;
  const fields = hookEntityWrites(program, fn, 0, 'entity', 2);
  if (fields.size === 0) return undefined;
  const receiver = checker.getTypeAtLocation(callee.expression);
  const model = classOfValue(checker, program, callee.expression);
  const receiverOrigin = symbolOrigin(checker, receiver.getSymbol());
  const global = receiverOrigin?.name === 'Sequelize' && receiverOrigin.pkg !== undefined && sequelize.packages.has(receiverOrigin.pkg);
  if (!model && !global) return undefined;
  const by = `${callee.expression.getText()}.${method}(${method === 'addHook' ? `'${hookName}'` : ''})`;
  return { orm: sequelize, by, targets: model ? [{ symbol: model, subclasses: false }] : undefined, paths: ['tracked'], fields };
}

function hookFunction(program: ts.Program, node: ts.Expression): FunctionWithBody | undefined {
  const expression = skipExpressionWrappers(node);
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return expression;
  const name = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
  const symbol = program.getTypeChecker().getSymbolAtLocation(name);
  return symbol ? functionOfSymbol(program, symbol, false) : undefined;
}

// --- Sequelize hooks in model and instance options ----------------------------------------------------------------
/**
 * `hooks: { beforeUpdate(instance) {...}, beforeSave: [fn] }` in `@Table({...})` (sequelize-typescript), in
 * `Model.init(attributes, {...})`, or in `new Sequelize({...})` (also under `define`). sequelize-typescript keeps the
 * `@Table` options (model/table/table.js `annotate` → model-service.js `addOptions`) and hands them to `Model.init`
 * (sequelize/sequelize.js `defineModels` → model/model/model.js `initialize`); lib/model.js `init` installs
 * `options.hooks` with lib/hooks.js `_setupHooks`, which calls `addHook` for each (an array or one function), as
 * `addHook` calls do. The `Sequelize` instance does the same (lib/sequelize.js constructor: `_setupHooks(options.hooks)`;
 * lib/hooks.js `runHooks` adds its hooks to every model's), and `define` options are merged into every model's
 * (lib/model.js `init`: `Utils.merge(_.cloneDeep(globalOptions.define), options)`).
 */
function isHooksOption(node: ts.Node): node is ts.PropertyAssignment {
  if (!ts.isPropertyAssignment(node) || propertyNameText(node.name) !== 'hooks') return false;
  const value = skipExpressionWrappers(node.initializer);
  return ts.isObjectLiteralExpression(value) || ts.isIdentifier(value);
}

/** The hooks object: the literal, or the literal a `const` it names is initialised with (`hooks: auditHooks`). */
function hooksObject(program: ts.Program, hooks: ts.PropertyAssignment): ts.ObjectLiteralExpression | undefined {
  const value = skipExpressionWrappers(hooks.initializer);
  if (ts.isObjectLiteralExpression(value)) return value;
  const declaration = program.getTypeChecker().getSymbolAtLocation(value)?.valueDeclaration;
  const init = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? skipExpressionWrappers(declaration.initializer) : undefined;
  return init && ts.isObjectLiteralExpression(init) ? init : undefined;
}

function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  return name && (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) ? name.text : undefined;
}

/** Whose hooks a `hooks` option installs: a model class (`@Table`, `Model.init`), every model (`new Sequelize`), or none. */
function optionsHookOwner(program: ts.Program, hooks: ts.PropertyAssignment): { model: ts.Symbol | undefined; by: (hook: string) => string } | undefined {
  const checker = program.getTypeChecker();
  let options: ts.Node = hooks.parent;
  let define = false;
  if (ts.isPropertyAssignment(options.parent) && propertyNameText(options.parent.name) === 'define' && ts.isObjectLiteralExpression(options.parent.parent)) {
    options = options.parent.parent;
    define = true;
  }
  let holder = options.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  const fromSequelize = (symbol: ts.Symbol | undefined, name: string): boolean => {
    const origin = symbolOrigin(checker, symbol);
    return origin?.name === name && origin.pkg !== undefined && sequelize.packages.has(origin.pkg);
  };
  if (ts.isNewExpression(holder)) {
    const type = checker.getTypeAtLocation(holder);
    return fromSequelize(type.getSymbol(), 'Sequelize') ? { model: undefined, by: hook => `new Sequelize({ ${define ? 'define.' : ''}hooks.${hook} })` } : undefined;
  }
  if (define || !ts.isCallExpression(holder) || holder.arguments.at(-1) !== options) return undefined;
  const callee = skipExpressionWrappers(holder.expression);
  if (ts.isDecorator(holder.parent) && ts.isClassDeclaration(holder.parent.parent) && holder.parent.parent.name) {
    if (!fromSequelize(checker.getSymbolAtLocation(callee), 'Table')) return undefined;
    const model = checker.getSymbolAtLocation(holder.parent.parent.name);
    return model && { model, by: hook => `${model.name} @Table({ hooks.${hook} })` };
  }
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'init' && holder.arguments.length === 2) {
    const declaration = checker.getSymbolAtLocation(callee.name)?.declarations?.[0];
    const pkg = declaration && packageOfFile(declaration.getSourceFile().fileName);
    const model = pkg !== undefined && sequelize.packages.has(pkg) ? classOfValue(checker, program, callee.expression) : undefined;
    return model && { model, by: hook => `${model.name}.init(..., { hooks.${hook} })` };
  }
  return undefined;
}

/** The functions a hook entry holds: a method, a function, a reference to one, or an array of them. */
function hookEntryFunctions(program: ts.Program, entry: ts.ObjectLiteralElementLike): FunctionWithBody[] {
  if (ts.isMethodDeclaration(entry)) return entry.body ? [entry as FunctionWithBody] : [];
  if (ts.isShorthandPropertyAssignment(entry)) {
    const symbol = program.getTypeChecker().getShorthandAssignmentValueSymbol(entry);
    const fn = symbol && functionOfSymbol(program, symbol, false);
    return fn ? [fn] : [];
  }
  if (!ts.isPropertyAssignment(entry)) return [];
  const value = skipExpressionWrappers(entry.initializer);
  const elements = ts.isArrayLiteralExpression(value) ? value.elements : [value];
  return elements.flatMap(e => hookFunction(program, e) ?? []);
}

function optionsHooks(program: ts.Program, hooks: ts.PropertyAssignment): SubscriberWrites[] {
  const object = hooksObject(program, hooks);
  if (!object) return [];
  const entries = object.properties.filter(p => {
    const name = propertyNameText(p.name);
    return name !== undefined && sequelizeUpdateHooks.has(name);
  });
  if (entries.length === 0) return [];
  const owner = optionsHookOwner(program, hooks);
  if (!owner) return [];
  const out: SubscriberWrites[] = [];
  for (const entry of entries) {
    const fields = new Set<string>();
    for (const fn of hookEntryFunctions(program, entry)) for (const name of hookEntityWrites(program, fn, 0, 'entity', 2)) fields.add(name);
    if (fields.size === 0) continue;
    out.push({
      orm: sequelize,
      by: owner.by(propertyNameText(entry.name) ?? ''),
      targets: owner.model ? [{ symbol: owner.model, subclasses: false }] : undefined,
      paths: ['tracked'],
      fields,
    });
  }
  return out;
}

/** A function written as a Sequelize hook in model or instance options (`hooks: { beforeSave(instance) {...} }`). */
function optionsHookFunction(program: ts.Program, fn: ts.Node): boolean {
  let entry: ts.Node = fn;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    entry = fn.parent;
    if (ts.isArrayLiteralExpression(entry)) entry = entry.parent;
    if (!ts.isPropertyAssignment(entry)) return false;
  } else if (!ts.isMethodDeclaration(fn)) return false;
  if (!ts.isPropertyAssignment(entry) && !ts.isMethodDeclaration(entry)) return false;
  const name = propertyNameText(entry.name);
  if (name === undefined || name === 'addHook' || !sequelizeHookMethods.has(name)) return false;
  const object = entry.parent;
  const hooks = ts.isObjectLiteralExpression(object) ? object.parent : undefined;
  return hooks !== undefined && isHooksOption(hooks) && optionsHookOwner(program, hooks) !== undefined;
}

// --- what a hook writes on the event's entity ------------------------------------------------------------------
const writesByProgram = new WeakMap<ts.Program, Map<string, WeakMap<ts.Node, ReadonlySet<string>>>>();

/**
 * Properties `fn` writes on the entity its parameter `index` is (`entity`) or carries (`event`: `event.entity`,
 * `({ entity })`, `const { entity } = event`): assignments, `Object.assign(entity, {...})`, and what the program's
 * functions and methods it hands the entity to (`this.stamp(event.entity)`, declared on a base class) or the event to
 * (`this.audit(event)`) write, `depth` functions deep. Cached per program, declaration and role.
 */
export function hookEntityWrites(program: ts.Program, fn: FunctionWithBody, index: number, holds: 'entity' | 'event', depth: number): ReadonlySet<string> {
  const key = `${holds}:${String(index)}:${String(depth)}`;
  // The empty set guards recursion.
  return cachedPerDeclaration(writesByProgram, program, key, fn, new Set<string>(), () => computeHookWrites(program, fn, index, holds, depth));
}

function computeHookWrites(program: ts.Program, fn: FunctionWithBody, index: number, holds: 'entity' | 'event', depth: number): Set<string> {
  const checker = program.getTypeChecker();
  const entities = new Set<ts.Symbol>();
  const events = new Set<ts.Symbol>();
  const bind = (name: ts.BindingName, role: 'entity' | 'event'): void => {
    if (ts.isIdentifier(name)) {
      const symbol = checker.getSymbolAtLocation(name);
      if (symbol) (role === 'entity' ? entities : events).add(symbol);
    } else if (role === 'event' && ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const property = element.propertyName ?? element.name;
        if (ts.isIdentifier(property) && property.text === 'entity') bind(element.name, 'entity');
      }
    }
  };
  const parameter = ownParameters(fn)[index];
  if (!parameter) return new Set();
  bind(parameter.name, holds);
  const symbolOf = (node: ts.Expression): ts.Symbol | undefined => {
    const expression = skipExpressionWrappers(node);
    return ts.isIdentifier(expression) ? checker.getSymbolAtLocation(expression) : undefined;
  };
  const isEvent = (node: ts.Expression): boolean => {
    const symbol = symbolOf(node);
    return symbol !== undefined && events.has(symbol);
  };
  const isEntity = (node: ts.Expression): boolean => {
    const expression = skipExpressionWrappers(node);
    if (ts.isPropertyAccessExpression(expression)) return expression.name.text === 'entity' && isEvent(expression.expression);
    const symbol = symbolOf(expression);
    return symbol !== undefined && entities.has(symbol);
  };
  const fields = new Set<string>();
  const written = (target: ts.Expression): void => {
    const expression = skipExpressionWrappers(target);
    if (ts.isPropertyAccessExpression(expression) && isEntity(expression.expression)) fields.add(expression.name.text);
    else if (ts.isElementAccessExpression(expression) && ts.isStringLiteralLike(expression.argumentExpression) && isEntity(expression.expression)) {
      fields.add(expression.argumentExpression.text);
    }
  };
  const call = (node: ts.CallExpression): void => {
    const callee = skipExpressionWrappers(node.expression);
    const [first, ...rest] = node.arguments;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'assign' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object') {
      if (first && isEntity(first)) {
        for (const source of rest) {
          const object = skipExpressionWrappers(source);
          if (!ts.isObjectLiteralExpression(object)) continue;
          for (const property of object.properties) {
            if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) fields.add(property.name.text);
          }
        }
      }
      return;
    }
    if (depth <= 1) return;
    const onEntity = ts.isPropertyAccessExpression(callee) && isEntity(callee.expression);
    const roles = node.arguments.map(a => (ts.isSpreadElement(a) ? undefined : isEntity(a) ? 'entity' : isEvent(a) ? 'event' : undefined));
    if (!onEntity && roles.every(r => r === undefined)) return; // cheap: nothing of the event is handed on
    const target = calleeBody(program, node);
    if (!target) return;
    if (onEntity) for (const name of functionWrites(program, target, depth - 1).self) fields.add(name);
    roles.forEach((role, i) => {
      if (role === undefined) return;
      for (const name of hookEntityWrites(program, target, i, role, depth - 1)) fields.add(name);
    });
  };
  const visit = (node: ts.Node): void => {
    const target = writtenTarget(node);
    if (ts.isVariableDeclaration(node) && node.initializer) {
      if (isEntity(node.initializer)) bind(node.name, 'entity');
      else if (isEvent(node.initializer)) bind(node.name, 'event');
    } else if (target) {
      written(target);
    } else if (ts.isCallExpression(node)) {
      call(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return fields;
}

// --- MikroORM onFlush: change sets -----------------------------------------------------------------------------
/**
 * `onFlush(args)` writing `cs.entity.updatedBy = ...` on the unit of work's change sets and recomputing them
 * (`args.uow.recomputeSingleChangeSet(cs.entity)`): unit-of-work/UnitOfWork.js `doCommit` dispatches `onFlush` after
 * `computeChangeSets()`, for every entity (no `entity` in its args, so `getSubscribedEntities()` does not restrict it:
 * events/EventManager.js `dispatchEvent`), and `recomputeSingleChangeSet` merges the recomputed payload; without it
 * the write is not in this flush. A write under `if (cs.type === ChangeSetType.CREATE)` is for inserts only; one under
 * `if (cs.entity instanceof Note)` is for that class.
 */
function changeSetWrites(program: ts.Program, fn: FunctionWithBody): { targets: readonly Target[] | undefined; fields: ReadonlySet<string> }[] {
  const checker = program.getTypeChecker();
  const fromMikro = (symbol: ts.Symbol | undefined, name: string): boolean => {
    const origin = symbolOrigin(checker, symbol);
    return origin?.name === name && origin.pkg !== undefined && mikroOrm.packages.has(origin.pkg);
  };
  const recomputes: ts.CallExpression[] = [];
  const byTarget = new Map<ts.Symbol | undefined, Set<string>>();
  const guard = (node: ts.Node): { creation: boolean; target: ts.Symbol | undefined } => {
    let creation = false;
    let target: ts.Symbol | undefined;
    for (let current: ts.Node = node; current !== fn; current = current.parent) {
      const parent = current.parent;
      if (!ts.isIfStatement(parent) || parent.thenStatement !== current) continue;
      const test = skipExpressionWrappers(parent.expression);
      if (!ts.isBinaryExpression(test)) continue;
      const kind = test.operatorToken.kind;
      if (kind === ts.SyntaxKind.InstanceOfKeyword) {
        target = classOfValue(checker, program, test.right) ?? target;
        continue;
      }
      const member = [test.left, test.right]
        .map(e => skipExpressionWrappers(e))
        .find((e): e is ts.PropertyAccessExpression => ts.isPropertyAccessExpression(e) && fromMikro(checker.getSymbolAtLocation(e.expression), 'ChangeSetType'));
      if (!member) continue;
      const equal = kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken;
      const unequal = kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
      if ((equal && member.name.text !== 'UPDATE') || (unequal && member.name.text === 'UPDATE')) creation = true;
    }
    return { creation, target };
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'recomputeSingleChangeSet') {
      const declaration = checker.getSymbolAtLocation(node.expression.name)?.declarations?.[0];
      const pkg = declaration && packageOfFile(declaration.getSourceFile().fileName);
      if (pkg !== undefined && mikroOrm.packages.has(pkg)) recomputes.push(node);
    }
    if (isAssignment(node)) {
      const left = skipExpressionWrappers(node.left);
      const entity = ts.isPropertyAccessExpression(left) ? skipExpressionWrappers(left.expression) : undefined;
      if (ts.isPropertyAccessExpression(left) && entity && ts.isPropertyAccessExpression(entity) && entity.name.text === 'entity') {
        const holder = checker.getNonNullableType(checker.getTypeAtLocation(entity.expression));
        if (fromMikro(holder.getSymbol() ?? holder.aliasSymbol, 'ChangeSet')) {
          const { creation, target } = guard(node);
          if (!creation) {
            const set = byTarget.get(target) ?? new Set<string>();
            set.add(left.name.text);
            byTarget.set(target, set);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  if (recomputes.length === 0) return [];
  return [...byTarget].map(([target, fields]) => ({ targets: target ? [{ symbol: target, subclasses: true }] : undefined, fields }));
}

// --- which subscribers an entity has ---------------------------------------------------------------------------
/** Whether the subscriber listens to the entity: its ORM declares the entity, and it names the class or a base (or none). */
export function listensTo(checker: ts.TypeChecker, subscriber: SubscriberWrites, entity: EntityInfo): boolean {
  const declaration = entity.declaration;
  if (!declaration || !ts.isClassLike(declaration)) return false;
  const orm = subscriber.orm;
  const declared =
    entity.orm === orm.id || expandedDecoratorsOf(checker, declaration).some(d => d.pkg !== undefined && orm.packages.has(d.pkg) && orm.entityDecorators.has(d.name));
  if (!declared) return false;
  if (!subscriber.targets) return true;
  const symbol = declaration.name && checker.getSymbolAtLocation(declaration.name);
  if (!symbol) return false;
  const chain = classChain(checker, symbol);
  return subscriber.targets.some(target =>
    'name' in target ? target.name === symbol.name : target.symbol === symbol || (target.subclasses && chain.includes(target.symbol)),
  );
}

/** A class and its base classes, nearest first. */
function classChain(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol[] {
  const chain: ts.Symbol[] = [symbol];
  let type: ts.Type | undefined = checker.getDeclaredTypeOfSymbol(symbol);
  for (let depth = 0; type && depth < 8; depth++) {
    const base: ts.Type | undefined = checker.getBaseTypes(type as ts.InterfaceType)[0];
    const baseSymbol = base?.getSymbol();
    if (!baseSymbol) break;
    chain.push(baseSymbol);
    type = base;
  }
  return chain;
}
