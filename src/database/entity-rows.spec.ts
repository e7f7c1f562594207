import type { DataSource } from 'typeorm';
import { EntityRows } from './entity-rows';

class Thing {
  id: string;
  createdAt: Date;
}

/** A DataSource whose only entity is Thing (id, created_at, and a column never read: secret). */
const db = {
  getMetadata: () => ({
    name: 'Thing',
    target: Thing,
    columns: [
      { databaseName: 'id', propertyName: 'id', isSelect: true },
      { databaseName: 'created_at', propertyName: 'createdAt', isSelect: true },
      { databaseName: 'secret', propertyName: 'secret', isSelect: false },
    ],
    primaryColumns: [{ propertyName: 'id' }],
  }),
} as unknown as DataSource;

describe('EntityRows', () => {
  it('names each column by its property', () => {
    expect(new EntityRows(db, Thing, 't').selectList).toBe('t."id" AS "id", t."created_at" AS "createdAt"');
  });

  it('reads an entity of several in one row by its prefix, and only its own columns', () => {
    const rows = new EntityRows(db, Thing, 'g', 'grant.');
    expect(rows.selectList).toBe('g."id" AS "grant.id", g."created_at" AS "grant.createdAt"');
    const at = new Date();
    const thing = rows.of({ id: 'code', 'grant.id': 'g1', 'grant.createdAt': at, 'user.id': 'u1' });
    expect(thing).toBeInstanceOf(Thing);
    expect({ ...thing }).toEqual({ id: 'g1', createdAt: at });
  });

  it('reads no entity where an outer join found none', () => {
    const rows = new EntityRows(db, Thing, 'u', 'user.');
    expect(rows.of({ 'code.id': 'c1', 'user.id': null, 'user.createdAt': null })).toBeNull();
  });
});
