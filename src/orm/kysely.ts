/**
 * Kysely (query builder, plain rows). Nothing fills audit columns: `updateTable().set()` writes exactly what it is
 * given. A row type is `Selectable<Table>`.
 */
export const kyselyPackage = 'kysely';
export const kyselyRowTypes: ReadonlySet<string> = new Set(['Selectable']);
