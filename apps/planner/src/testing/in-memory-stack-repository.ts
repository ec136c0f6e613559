import { RollbackableState, Transaction } from '@cfn/messaging';
import { Stack, StackEvent, StackResource } from '@cfn/persistence';
import { DependencyGraph, TemplateDocument } from '@cfn/template';

import { includedResources } from '../stack-engine/stack-evaluation';
import { StackRepository } from '../stack-engine/stack-repository';
import { templateHashOf } from '../stack-engine/stack-template-cache';
import { ResourceStatus } from '../stack-engine/statuses';

/** Columns a new row gets from the schema's defaults (NULL unless the table says otherwise). */
const STACK_DEFAULTS: Partial<Stack> = {
  updateVersion: 0,
  templateVersion: 0,
  updateState: null,
  lastUpdatedAt: null,
  templateHash: null,
  incompleteResources: 0,
};
const RESOURCE_DEFAULTS: Omit<StackResource, 'id' | 'stackId' | 'logicalId' | 'resourceType' | 'updatedAt'> = {
  status: null,
  statusReason: null,
  physicalId: null,
  properties: null,
  attributes: null,
  operationId: null,
  phase: null,
  deadline: null,
  updateVersion: null,
  updateAction: null,
  previous: null,
  retired: null,
};

/**
 * A deep copy of plain data and Dates, made in the realm of the code under test: structuredClone's objects come from
 * Node's own realm under jest, and isDeepStrictEqual (the update pass's comparison) tells them apart by prototype.
 */
function copyOf<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (value instanceof Map) return new Map([...value].map(([key, entry]) => [key, copyOf(entry)])) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, copyOf(entry)])) as T;
  }
  return value;
}

/**
 * The planner's tables as maps, for unit specs of the passes: every read hands out a copy (as a new SELECT would),
 * every write changes the stored row, and `snapshot` lets an InProcessUnitOfWork undo a transaction that threw.
 * Writes behind and the row cache of the MySQL repository are its own business; the rows here are always current.
 */
export class InMemoryStackRepository extends StackRepository implements RollbackableState {
  private stacks = new Map<string, Stack>();
  private rows: StackResource[] = [];
  private events: Array<Omit<StackEvent, 'seq'>> = [];
  private nextId = 1;

  snapshot(): () => void {
    const saved = copyOf({ stacks: this.stacks, rows: this.rows, events: this.events, nextId: this.nextId });
    return () => Object.assign(this, saved);
  }

  /** The stored stack (for a spec's assertions). */
  stack(stackId: string): Stack | undefined {
    const stack = this.stacks.get(stackId);
    return stack && copyOf(stack);
  }

  /** The stored rows of a stack (for a spec's assertions). */
  rowsOf(stackId: string): StackResource[] {
    return copyOf(this.rows.filter((row) => row.stackId === stackId));
  }

  /** The stack's events, in the order written. */
  eventsOf(stackId: string): Array<Omit<StackEvent, 'seq'>> {
    return this.events.filter((event) => event.stackId === stackId);
  }

  async lockStack(_tx: Transaction, stackId: string): Promise<Stack | null> {
    return this.stack(stackId) ?? null;
  }

  async stackExists(_tx: Transaction, stackId: string): Promise<boolean> {
    return this.stacks.has(stackId);
  }

  async resourcesOf(_tx: Transaction, stackId: string): Promise<StackResource[]> {
    return this.rowsOf(stackId);
  }

  async resource(_tx: Transaction, stackId: string, logicalId: string): Promise<StackResource | null> {
    const row = this.rows.find((candidate) => candidate.stackId === stackId && candidate.logicalId === logicalId);
    return row ? copyOf(row) : null;
  }

  async resourcesNamed(_tx: Transaction, stackId: string, logicalIds: string[]): Promise<StackResource[]> {
    const wanted = new Set(logicalIds);
    return this.rowsOf(stackId).filter((row) => wanted.has(row.logicalId));
  }

  /** Nothing to keep: every read here is current. */
  async primeResources(): Promise<void> {}

  /** The same condition as the MySQL repository's query. */
  async countTeardownInFlight(_tx: Transaction, stackId: string): Promise<number> {
    return this.rows.filter(
      (row) =>
        row.stackId === stackId &&
        (row.status === ResourceStatus.DeleteInProgress ||
          (row.status === ResourceStatus.CreateInProgress && (row.phase === null || row.phase === 'CONFIGURING')) ||
          (row.status === ResourceStatus.CreateFailed && row.phase === 'CANCELLED')),
    ).length;
  }

  async graph(_tx: Transaction, stack: Stack): Promise<DependencyGraph> {
    const stored = this.stacks.get(stack.id)!;
    const present = new Set(includedResources({ ...stack, template: stored.template } as Stack));
    return new DependencyGraph(stored.template as TemplateDocument, { include: (id) => present.has(id) });
  }

  forgetTemplate(): void {}

  async insertStack(_tx: Transaction, stack: Stack): Promise<void> {
    const logicalIds = includedResources(stack);
    stack.templateHash = templateHashOf(stack.template, stack.parameters);
    stack.incompleteResources = logicalIds.length;
    this.stacks.set(stack.id, copyOf({ ...STACK_DEFAULTS, ...stack } as Stack));
    const template = stack.template as TemplateDocument;
    this.addRows(
      stack,
      logicalIds.map((logicalId) => ({ logicalId, resourceType: template.Resources[logicalId].Type })),
      {},
    );
  }

  async insertAddedResources(
    _tx: Transaction,
    stack: Stack,
    rows: Array<Pick<StackResource, 'logicalId' | 'resourceType'>>,
  ): Promise<void> {
    this.addRows(stack, rows, { updateAction: 'Add' });
  }

  async deleteResource(_tx: Transaction, row: StackResource): Promise<void> {
    this.rows = this.rows.filter((candidate) => candidate.id !== row.id);
  }

  async markResource(tx: Transaction, row: StackResource, changes: Partial<StackResource>): Promise<void> {
    Object.assign(row, changes);
    this.writeResourceRow(tx, row, changes);
  }

  async clearUpdateMarkers(_tx: Transaction, stackId: string): Promise<void> {
    for (const row of this.rows.filter((candidate) => candidate.stackId === stackId)) {
      Object.assign(row, { previous: null, retired: null, updateAction: null });
    }
  }

  writeResourceRow(_tx: Transaction, resource: StackResource, changes: Partial<StackResource>): void {
    const row = this.rows.find((candidate) => candidate.id === resource.id);
    if (row) Object.assign(row, copyOf(changes));
  }

  async saveStack(_tx: Transaction, stack: Stack, changes: Partial<Stack>): Promise<void> {
    Object.assign(stack, changes);
    Object.assign(this.stacks.get(stack.id)!, copyOf(changes));
  }

  async saveStackStatus(_tx: Transaction, stack: Stack): Promise<void> {
    const stored = this.stacks.get(stack.id)!;
    const { status, statusReason, updatedAt, deletedAt, outputs } = stack;
    Object.assign(stored, copyOf({ status, statusReason, updatedAt, deletedAt, outputs }), {
      version: stored.version + 1,
    });
  }

  addToIncompleteCount(_tx: Transaction, stackId: string, delta: number): void {
    this.stacks.get(stackId)!.incompleteResources += delta;
  }

  appendEvent(_tx: Transaction, event: Omit<StackEvent, 'seq'>): void {
    this.events.push(copyOf(event));
  }

  private addRows(
    stack: Stack,
    rows: Array<Pick<StackResource, 'logicalId' | 'resourceType'>>,
    more: Partial<StackResource>,
  ): void {
    const at = new Date();
    for (const { logicalId, resourceType } of rows) {
      const id = String(this.nextId++);
      this.rows.push({ ...RESOURCE_DEFAULTS, id, stackId: stack.id, logicalId, resourceType, updatedAt: at, ...more });
    }
  }
}
