import * as ts from 'typescript';
import { objectProperty, symbolOrigin } from '../util/ts-nodes.js';
import { propertyNotPersisted, updateHookAssigning } from './mikro-orm.js';
import { plainEntity, type Recognition } from './recognition.js';
import type { EntityInfo, OrmId } from './types.js';

/**
 * `new EntitySchema<ILot>({ ... })` (TypeORM `columns`, MikroORM `properties`): the interface named by the type
 * argument is the entity. TypeORM's `updateDate: true` is its `@UpdateDateColumn`; MikroORM's `onUpdate` its
 * `@Property({ onUpdate })`.
 */

/** The schema entities declared in the program's own files, keyed by the interface symbol; found once per program. */
export function findEntitySchemas(ctx: Recognition): Map<ts.Symbol, EntityInfo> {
  const found = new Map<ts.Symbol, EntityInfo>();
  for (const file of ctx.projectFiles()) {
    if (!file.text.includes('EntitySchema')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.typeArguments?.length === 1 && node.arguments?.[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
        const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
        const origin = ts.isIdentifier(callee) ? symbolOrigin(ctx.checker, ctx.checker.getSymbolAtLocation(callee)) : undefined;
        const orm: OrmId | undefined =
          origin?.name !== 'EntitySchema' ? undefined : origin.pkg === 'typeorm' ? 'typeorm' : origin.pkg === '@mikro-orm/core' ? 'mikro-orm' : undefined;
        const typeNode = node.typeArguments[0]!;
        const target = ctx.checker.getTypeFromTypeNode(typeNode);
        if (orm && target.getSymbol()) found.set(target.symbol, schemaEntity(ctx, orm, target, node.arguments[0], node));
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

function schemaEntity(ctx: Recognition, orm: OrmId, type: ts.Type, schemaOptions: ts.ObjectLiteralExpression, node: ts.NewExpression): EntityInfo {
  const options = schemaOptions;
  const nameNode = objectProperty(options, 'name');
  const name = nameNode && ts.isStringLiteral(nameNode) ? nameNode.text : type.symbol.name;
  const columnsNode = objectProperty(options, orm === 'typeorm' ? 'columns' : 'properties');
  const columns = columnsNode && ts.isObjectLiteralExpression(columnsNode) ? columnsNode : undefined;
  const column = (field: string): ts.ObjectLiteralExpression | undefined => {
    const init = objectProperty(columns, field);
    return init && ts.isObjectLiteralExpression(init) ? init : undefined;
  };
  let primaryKey: string | undefined;
  let serialized: string | undefined;
  for (const property of columns?.properties ?? []) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && ts.isObjectLiteralExpression(property.initializer)) {
      if (objectProperty(property.initializer, 'primary')?.kind === ts.SyntaxKind.TrueKeyword) primaryKey ??= property.name.text;
      // MikroORM metadata/EntitySchema.js `EntitySchema.initPrimaryKeys`: a `serializedPrimaryKey` property is the
      // meta's serialised key, the one `EntityTransformer.toObject` writes instead of `_id`.
      if (orm === 'mikro-orm' && objectProperty(property.initializer, 'serializedPrimaryKey')?.kind === ts.SyntaxKind.TrueKeyword) {
        serialized ??= property.name.text;
      }
    }
  }
  primaryKey = serialized ?? primaryKey;
  const variable = node.parent;
  return plainEntity(ctx, {
    orm,
    name,
    tracked: true,
    type,
    declaration: ts.isVariableDeclaration(variable) ? variable : undefined,
    persisted: field => {
      if (!columns) return true;
      const init = objectProperty(columns, field);
      return init !== undefined && !(orm === 'mikro-orm' && propertyNotPersisted(init));
    },
    maintained: field => {
      const options = column(field);
      if (orm === 'typeorm' && objectProperty(options, 'updateDate')?.kind === ts.SyntaxKind.TrueKeyword) {
        return { paths: ['tracked', 'update', 'upsert'], by: 'updateDate: true' };
      }
      if (orm === 'mikro-orm' && objectProperty(options, 'onUpdate')) return { paths: ['tracked'], by: 'onUpdate' };
      const hook = orm === 'mikro-orm' ? updateHookAssigning(schemaOptions, field) : undefined;
      return hook ? { paths: ['tracked'], by: hook } : undefined;
    },
    primaryKey,
  });
}
