import { MigrationInterface, QueryRunner } from 'typeorm';

/** The zones Fn::GetAZs evaluates to, found by the validator when the stack was validated. */
export class StackAvailabilityZones1764504000000 implements MigrationInterface {
  name = 'StackAvailabilityZones1764504000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE stacks ADD COLUMN availability_zones JSON NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE stacks DROP COLUMN availability_zones');
  }
}
