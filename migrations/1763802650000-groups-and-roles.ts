import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups (nested, members are users), roles (global or of one client) granted to users or groups,
 * the per-client names and tokens of the groups/roles claims, and the two scopes releasing them
 * (issue #22).
 */
export class GroupsAndRoles1763802650000 implements MigrationInterface {
  name = 'GroupsAndRoles1763802650000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(255) NOT NULL,
        description varchar(1024),
        parent_id uuid REFERENCES groups (id) ON DELETE RESTRICT,
        external_id varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX groups_name_lower_key ON groups (lower(name))`);
    await db.query(`CREATE INDEX groups_parent_id_idx ON groups (parent_id)`);
    await db.query(`
      CREATE TABLE group_members (
        group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, user_id)
      )`);
    // The claims query starts from a user's memberships.
    await db.query(`CREATE INDEX group_members_user_id_idx ON group_members (user_id)`);
    await db.query(`
      CREATE TABLE roles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(255) NOT NULL,
        client_id varchar(128) REFERENCES clients (client_id) ON DELETE CASCADE ON UPDATE CASCADE,
        description varchar(1024),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX roles_global_name_key ON roles (name) WHERE client_id IS NULL`);
    await db.query(`CREATE UNIQUE INDEX roles_client_name_key ON roles (client_id, name) WHERE client_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE role_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        role_id uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        group_id uuid REFERENCES groups (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((user_id IS NULL) <> (group_id IS NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX role_grants_user_key ON role_grants (role_id, user_id) WHERE user_id IS NOT NULL`,
    );
    await db.query(
      `CREATE UNIQUE INDEX role_grants_group_key ON role_grants (role_id, group_id) WHERE group_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX role_grants_user_id_idx ON role_grants (user_id) WHERE user_id IS NOT NULL`);
    await db.query(`CREATE INDEX role_grants_group_id_idx ON role_grants (group_id) WHERE group_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE client_access_claims (
        client_id varchar(128) PRIMARY KEY REFERENCES clients (client_id) ON DELETE CASCADE ON UPDATE CASCADE,
        groups_claim varchar(64) NOT NULL DEFAULT 'groups',
        roles_claim varchar(64) NOT NULL DEFAULT 'roles',
        targets text[] NOT NULL DEFAULT '{id_token,access_token,userinfo,introspection}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      INSERT INTO scopes (name, description, claims) VALUES
        ('groups', 'The groups you belong to', '{groups}'),
        ('roles', 'The roles you hold', '{roles}')
      ON CONFLICT (name) DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM scopes WHERE name IN ('groups', 'roles')`);
    for (const table of ['client_access_claims', 'role_grants', 'roles', 'group_members', 'groups']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
