import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * For a hot path's hand-written SELECT of whole entities: the select list naming every column by
 * its property (`"secret_hash" AS "secretHash"`), and the rows as entity instances. TypeORM's
 * repository finds build, alias and map each query anew, several times the cost of the query on
 * the sign-in path (docs/performance.md); a prepared statement with this list does none of it.
 * Only for entities without column transformers or embedded columns (checked).
 */
export class EntityRows<Entity extends ObjectLiteral> {
  readonly selectList: string;
  private readonly target: new () => Entity;

  constructor(db: DataSource, entity: EntityTarget<Entity>, alias: string) {
    const metadata = db.getMetadata(entity);
    if (metadata.columns.some((c) => c.transformer !== undefined || c.embeddedMetadata !== undefined))
      throw new Error(`EntityRows cannot map ${metadata.name}: it has transformed or embedded columns`);
    this.selectList = metadata.columns.map((c) => `${alias}."${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    this.target = metadata.target as new () => Entity;
  }

  /** The first row as an entity, or null. */
  one(rows: readonly Record<string, unknown>[]): Entity | null {
    return rows.length === 0 ? null : Object.assign(new this.target(), rows[0]);
  }
}
