import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * For a hot path's hand-written SELECT of whole entities: the select list naming every column by
 * its property (`"secret_hash" AS "secretHash"`), and the rows as entity instances. TypeORM's
 * repository finds build, alias and map each query anew, several times the cost of the query on
 * the sign-in path (docs/performance.md); a prepared statement with this list does none of it.
 * Only for entities without column transformers or embedded columns (checked).
 *
 * With a `prefix`, each name starts with it (`"grant.id"`), so that one row can carry several
 * entities (a code with its grant and user): `of` then reads back only this entity's columns.
 */
export class EntityRows<Entity extends ObjectLiteral> {
  readonly selectList: string;
  private readonly target: new () => Entity;
  private readonly properties: readonly string[];
  private readonly primary: readonly string[];

  constructor(
    db: DataSource,
    entity: EntityTarget<Entity>,
    alias: string,
    private readonly prefix = '',
  ) {
    const metadata = db.getMetadata(entity);
    if (metadata.columns.some((c) => c.transformer !== undefined || c.embeddedMetadata !== undefined))
      throw new Error(`EntityRows cannot map ${metadata.name}: it has transformed or embedded columns`);
    // As TypeORM's own reads: a column marked select: false is not read.
    const columns = metadata.columns.filter((c) => c.isSelect);
    this.selectList = columns.map((c) => `${alias}."${c.databaseName}" AS "${prefix}${c.propertyName}"`).join(', ');
    this.target = metadata.target as new () => Entity;
    this.properties = columns.map((c) => c.propertyName);
    this.primary = metadata.primaryColumns.map((c) => c.propertyName);
  }

  /** The first row as an entity, or null. */
  one(rows: readonly Record<string, unknown>[]): Entity | null {
    return rows.length === 0 ? null : this.of(rows[0]);
  }

  /** The entity in `row`; null when its primary key is (an outer join found none). */
  of(row: Record<string, unknown>): Entity | null {
    if (this.prefix === '') return Object.assign(new this.target(), row);
    if (this.primary.every((p) => row[this.prefix + p] == null)) return null;
    const entity: Record<string, unknown> = new this.target();
    for (const property of this.properties) entity[property] = row[this.prefix + property];
    return entity as Entity;
  }
}
