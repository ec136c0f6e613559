/** `user@account` (and `@ROOT/domain path` when known) of a request message's `requestedBy`; null for other messages. */
export function requesterOf(payload: unknown): string | null {
  const requestedBy = (payload as { requestedBy?: unknown } | null)?.requestedBy as
    { userName?: unknown; accountName?: unknown; domainPath?: unknown } | undefined;
  if (!requestedBy || typeof requestedBy.userName !== 'string' || typeof requestedBy.accountName !== 'string')
    return null;
  const domain = typeof requestedBy.domainPath === 'string' ? ` (${requestedBy.domainPath})` : '';
  return `${requestedBy.userName}@${requestedBy.accountName}${domain}`.slice(0, 512);
}
