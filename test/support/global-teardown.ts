/** Stops the containers global-setup started, if it started any. */
export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as Record<string, unknown>).__CFN_CONTAINERS__ as
    Array<{ stop(): Promise<unknown> }> | undefined;
  await Promise.all((containers ?? []).map((container) => container.stop()));
}
