/** A refused signal, answered in the S3-style XML that cfn-signal and curl users know from AWS's handle URLs. */
export class SignalRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedSignal {
  status: 'SUCCESS' | 'FAILURE';
  reason: string;
  uniqueId: string;
  data: string;
}

/** Reads `{"Status","Reason","UniqueId","Data"}` as cfn-signal sends it (Status and UniqueId are required). */
export function parseSignal(body: Buffer): ParsedSignal {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SignalRejected(
      400,
      'MalformedSignal',
      'The signal must be a JSON object with Status, Reason, UniqueId and Data',
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SignalRejected(
      400,
      'MalformedSignal',
      'The signal must be a JSON object with Status, Reason, UniqueId and Data',
    );
  }
  const status = String(json.Status ?? '').toUpperCase();
  if (status !== 'SUCCESS' && status !== 'FAILURE') {
    throw new SignalRejected(400, 'MalformedSignal', `Status must be SUCCESS or FAILURE, got '${json.Status ?? ''}'`);
  }
  const uniqueId = json.UniqueId === undefined || json.UniqueId === null ? '' : String(json.UniqueId);
  if (uniqueId === '') throw new SignalRejected(400, 'MalformedSignal', 'UniqueId is required');
  const text = (value: unknown) =>
    value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return { status, reason: text(json.Reason), uniqueId, data: text(json.Data) };
}
