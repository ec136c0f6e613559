import type { Channel } from 'amqplib';
import { createConnection } from 'mysql2/promise';

import { RETRY_DELAYS_MS } from '../../libs/messaging/src';

/** Drops the database a suite created for itself (named in the URL's path). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password || ''),
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${decodeURIComponent(url.pathname.slice(1))}\``);
  } finally {
    await connection.end();
  }
}

/** Deletes a suite's exchange and, for each app, its queue, dead-letter queue and delay queues. */
export async function deleteBrokerObjects(channel: Channel, prefix: string, apps: readonly string[]): Promise<void> {
  for (const app of apps) {
    const queue = `${prefix}.${app}`;
    for (const name of [queue, `${queue}.dlq`, ...new Set(RETRY_DELAYS_MS)].map((entry) =>
      typeof entry === 'number' ? `${queue}.retry.${entry}ms` : entry,
    )) {
      await channel.deleteQueue(name);
    }
  }
  await channel.deleteExchange(`${prefix}.events`);
}
