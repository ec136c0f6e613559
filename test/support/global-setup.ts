import { dockerEngineAnswers } from './docker-engine';

/**
 * Where AMQP_URL and DATABASE_URL are unset and a Docker engine answers, start RabbitMQ and MySQL with
 * testcontainers and point the suites at them. Otherwise the suites use the services at AMQP_URL / DATABASE_URL
 * (defaults: the local RabbitMQ and MySQL, as on CI).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.AMQP_URL || process.env.DATABASE_URL) return;
  if (!(await dockerEngineAnswers())) return;
  const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
  const { MySqlContainer } = await import('@testcontainers/mysql');
  const [rabbit, mysql] = await Promise.all([
    new RabbitMQContainer('rabbitmq:3.13-alpine').start(),
    new MySqlContainer('mysql:8.4').withRootPassword('root').start(),
  ]);
  process.env.AMQP_URL = rabbit.getAmqpUrl();
  process.env.DATABASE_URL = `mysql://root:root@${mysql.getHost()}:${mysql.getPort()}/cfn_cloudstack`;
  (globalThis as Record<string, unknown>).__CFN_CONTAINERS__ = [rabbit, mysql];
  console.log(`testcontainers: RabbitMQ at ${process.env.AMQP_URL}, MySQL at ${process.env.DATABASE_URL}`);
}
