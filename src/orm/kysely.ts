import * as ts from 'typescript';
import { packageOfFile } from '../util/ts-nodes.js';
import { ancestors, plainEntity, propertyOrigin, type Recognition } from './recognition.js';
import type { EntityInfo } from './types.js';

/**
 * Kysely (query builder, plain rows). Nothing fills audit columns: `updateTable().set()` writes exactly what it is
 * given. A row type is `Selectable<Table>`.
 */
export const kyselyPackage = 'kysely';
export const kyselyRowTypes: ReadonlySet<string> = new Set(['Selectable']);

/** A Kysely table interface (`DB['phase']`): fields as its `Selectable<>` row sees them. */
export function kyselyTableEntity(ctx: Recognition, table: ts.Type): EntityInfo | undefined {
  const declaration = table.aliasSymbol?.declarations?.[0] ?? table.getSymbol()?.declarations?.[0];
  if (!declaration || !(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) return undefined;
  if (packageOfFile(declaration.getSourceFile().fileName) !== undefined) return undefined;
  return ctx.cachedNode(declaration, () =>
    plainEntity(ctx, {
      orm: 'kysely',
      name: declaration.name.text,
      tracked: false,
      type: table,
      declaration,
      persisted: name => table.getProperty(name) !== undefined,
      // `ColumnType<S, I, U>` / `Generated<T>`: the row (`Selectable<>`) sees `S`.
      fieldType: declared => {
        const select = ctx.checker.getPropertyOfType(declared, '__select__');
        return select ? ctx.checker.getTypeOfSymbol(select) : declared;
      },
      maintained: () => undefined,
    }),
  );
}

/** A `Selectable<Table>` row: the entity of the table interface its properties come from. */
export function kyselyEntity(ctx: Recognition, type: ts.Type, probe: string): EntityInfo | undefined {
  const table = ancestors(propertyOrigin(type, probe)).find(
    (n): n is ts.InterfaceDeclaration | ts.TypeAliasDeclaration => ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n),
  );
  if (!table) return undefined;
  return ctx.cachedNode(table, () =>
    plainEntity(ctx, {
      orm: 'kysely',
      name: table.name.text,
      tracked: false,
      type,
      declaration: table,
      persisted: name => type.getProperty(name) !== undefined,
      maintained: () => undefined,
    }),
  );
}
