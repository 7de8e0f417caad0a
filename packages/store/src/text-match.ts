// Case-insensitive substring match that behaves the same on SQLite and PostgreSQL: SQLite's LIKE
// ignores ASCII case and knows no escape character by default, PostgreSQL's LIKE is case-sensitive
// and escapes with a backslash. `lower(x) like lower(p) escape '\'` means one thing on both.
import type { Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';

/**
 * `column` contains `text` (case-insensitive; `%` and `_` in `text` match themselves).
 * @example db.selectFrom('users').where(containsText(sql.ref('username'), 'li'))
 */
export function containsText(column: Expression<unknown>, text: string): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}
