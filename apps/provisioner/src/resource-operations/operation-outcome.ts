/** What happened to one resource operation, as the provisioner reports it to the planner. */
export type OperationOutcome =
  | { kind: 'created'; physicalId: string; attributes: Record<string, unknown> }
  | { kind: 'create-failed'; reason: string; physicalId: string | null }
  | { kind: 'deleted' }
  | { kind: 'delete-failed'; reason: string }
  | { kind: 'updated'; physicalId: string; attributes: Record<string, unknown> }
  | { kind: 'update-failed'; reason: string };
