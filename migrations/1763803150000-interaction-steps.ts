import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interactions as step sequences (issue #17): the flow that started one, the steps completed,
 * and no client for a console sign-in.
 */
export class InteractionSteps1763803150000 implements MigrationInterface {
  name = 'InteractionSteps1763803150000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE interactions ADD COLUMN kind varchar(32) NOT NULL DEFAULT 'authorization'`);
    await db.query(`ALTER TABLE interactions ADD COLUMN completed_steps text[] NOT NULL DEFAULT '{}'`);
    // A console sign-in is for no client.
    await db.query(`ALTER TABLE interactions ALTER COLUMN client_id DROP NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM interactions WHERE client_id IS NULL`);
    await db.query(`ALTER TABLE interactions ALTER COLUMN client_id SET NOT NULL`);
    await db.query(`ALTER TABLE interactions DROP COLUMN completed_steps`);
    await db.query(`ALTER TABLE interactions DROP COLUMN kind`);
  }
}
