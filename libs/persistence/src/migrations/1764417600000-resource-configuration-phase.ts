import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resource's phase inside CREATE_IN_PROGRESS: NULL while the cloud object is made, CONFIGURING while the
 * configurator works on the VM. AWS shows one status for both; the planner needs to know which outcome it awaits.
 */
export class ResourceConfigurationPhase1764417600000 implements MigrationInterface {
  name = 'ResourceConfigurationPhase1764417600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE stack_resources ADD COLUMN phase VARCHAR(32) NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE stack_resources DROP COLUMN phase');
  }
}
