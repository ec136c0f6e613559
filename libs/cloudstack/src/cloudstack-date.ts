const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats a date as CloudStack does (`yyyy-MM-dd'T'HH:mm:ssZ` in UTC), e.g. `2026-11-25T12:00:00+0000`. */
export function formatCloudStackDate(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+0000`
  );
}

const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses an ISO-8601 timestamp that carries a zone (`Z`, `+0000` or `+00:00`); returns undefined otherwise,
 * since CloudStack refuses an `expires` it cannot place in time.
 */
export function parseCloudStackDate(text: string): Date | undefined {
  const match = ISO_WITH_ZONE.exec(text.trim());
  if (!match) return undefined;
  const zone = match[2] === 'Z' ? 'Z' : match[2].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const date = new Date(match[1] + zone);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
