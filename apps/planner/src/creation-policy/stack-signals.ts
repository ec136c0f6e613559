import { Transaction } from '@cfn/messaging';

/** A signal kept in `stack_signals` (a later signal with the same UniqueId replaced an earlier one). */
export interface StoredSignal {
  unique_id: string;
  status: 'SUCCESS' | 'FAILURE';
  reason: string;
  data: string;
}

/** The signals sent to `handleLogicalId` (a wait condition handle, or a resource with a CreationPolicy), oldest first. */
export function signalsOf(tx: Transaction, stackId: string, handleLogicalId: string): Promise<StoredSignal[]> {
  return tx.manager.query(
    'SELECT unique_id, status, reason, data FROM stack_signals WHERE stack_id = ? AND handle_logical_id = ? ORDER BY received_at',
    [stackId, handleLogicalId],
  );
}
