import type { Kysely, Selectable } from 'kysely';
import type { Database, LineSegmentTable } from './schema.ts';

export type LineSegment = Selectable<LineSegmentTable>;
export type LineSegmentMeta = Omit<LineSegment, 'data'>;

export async function insertSegment(db: Kysely<Database>, segment: Omit<LineSegment, 'id'>): Promise<void> {
  await db.insertInto('lineSegments').values(segment).execute();
}

/** Segment metadata (no data), in batch and sequence order. */
export async function listSegmentMeta(db: Kysely<Database>): Promise<LineSegmentMeta[]> {
  return db
    .selectFrom('lineSegments')
    .select(['id', 'batchId', 'seq', 'lineCount', 'minDate', 'maxDate', 'format'])
    .orderBy('batchId')
    .orderBy('seq')
    .execute();
}

/** One segment's data. */
export async function readSegmentData(db: Kysely<Database>, id: number): Promise<Uint8Array> {
  const row = await db
    .selectFrom('lineSegments')
    .select('data')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.data;
}

/** Removes a batch's segments (before rebuilding them). */
export async function deleteSegmentsOfBatch(db: Kysely<Database>, batchId: number): Promise<void> {
  await db.deleteFrom('lineSegments').where('batchId', '=', batchId).execute();
}
