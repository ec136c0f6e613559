import { formatCloudStackDate, parseCloudStackDate } from './cloudstack-date';

describe('CloudStack dates', () => {
  it('formats as yyyy-MM-ddTHH:mm:ss+0000', () => {
    expect(formatCloudStackDate(new Date(Date.UTC(2026, 10, 25, 12, 0, 0, 999)))).toBe('2026-11-25T12:00:00+0000');
  });

  it('parses ISO-8601 with a zone in its usual spellings', () => {
    const t = Date.UTC(2026, 10, 25, 12, 0, 0);
    expect(parseCloudStackDate('2026-11-25T12:00:00+0000')?.getTime()).toBe(t);
    expect(parseCloudStackDate('2026-11-25T14:00:00+02:00')?.getTime()).toBe(t);
    expect(parseCloudStackDate('2026-11-25T12:00:00.000Z')?.getTime()).toBe(t);
  });

  it('refuses timestamps without a zone or garbage', () => {
    expect(parseCloudStackDate('2026-11-25T12:00:00')).toBeUndefined();
    expect(parseCloudStackDate('tomorrow')).toBeUndefined();
  });
});
