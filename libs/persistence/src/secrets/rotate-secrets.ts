import { SEALED_COLUMNS, SealedColumn, sealedContext } from './sealed-columns';
import { rewriteColumn, RewriteOptions, RunQuery } from './sealed-rows';
import { SEALED_PREFIX, SealedValueError, SecretBox } from './secret-box';

/** What rotation did to one column. */
export interface ColumnRotation {
  column: string;
  /** Values sealed with another key of the keyring, now sealed with the current key. */
  resealed: number;
  /** Values stored unsealed (written around TypeORM, or by a service older than the migration), now sealed. */
  sealedPlain: number;
  /** Values already sealed with the current key. */
  current: number;
  /** Values a service changed while the rotation read them (it wrote them with its own keyring); run again to see. */
  raced: number;
}

/**
 * Re-seals, batch by batch, every value of the sealed columns that is not sealed with the keyring's current key,
 * and seals any value stored unsealed. Idempotent; safe while the services run (a row changed meanwhile is left to
 * the service that changed it). A value sealed with a key the keyring does not hold stops it (UnknownDataKeyError).
 */
export async function rotateSecrets(
  query: RunQuery,
  box: SecretBox,
  options: RewriteOptions & { columns?: SealedColumn[] } = {},
): Promise<ColumnRotation[]> {
  const { columns = SEALED_COLUMNS, ...walk } = options;
  const report: ColumnRotation[] = [];
  for (const column of columns) {
    const context = sealedContext(column);
    const counts: ColumnRotation = { column: context, resealed: 0, sealedPlain: 0, current: 0, raced: 0 };
    const onRaced = (value: string) => {
      counts.raced++;
      if (SecretBox.isSealed(value)) counts.resealed--;
      else counts.sealedPlain--;
    };
    await rewriteColumn(
      query,
      column,
      (value) => {
        if (!SecretBox.isSealed(value)) {
          assertNotMalformed(value, context);
          counts.sealedPlain++;
          return box.seal(value, context);
        }
        if (box.isCurrent(value)) {
          counts.current++;
          return undefined;
        }
        counts.resealed++;
        return box.seal(box.open(value, context), context);
      },
      { ...walk, onRaced },
    );
    report.push(counts);
  }
  return report;
}

/** A value that starts like a sealed value but is not one was damaged: sealing it again would hide that. */
export function assertNotMalformed(value: string, context: string): void {
  if (value.startsWith(SEALED_PREFIX.slice(0, 4))) {
    throw new SealedValueError(
      `${context} holds a damaged sealed value (it starts with enc: but has not the form enc:v1:<key id>:<iv>:<tag>:<ciphertext>)`,
    );
  }
}
