import { RunSummary } from '../engine/play-runner';

const MAX_REASON = 2_000;

/** The reason of a failed configuration, for stack events: which task, on which host, why, and the end of its output. */
export function failureReason(failure: NonNullable<RunSummary['failure']>, host: string): string {
  const head = `Configuration task "${failure.task}" failed on ${host}: ${failure.message}`;
  if (!failure.outputTail || failure.message.includes(failure.outputTail)) return cut(head);
  return cut(`${head}\n--- end of output ---\n${failure.outputTail}`);
}

function cut(text: string): string {
  return text.length <= MAX_REASON
    ? text
    : `${text.slice(0, 400)}\n[...]\n${text.slice(text.length - (MAX_REASON - 410))}`;
}
