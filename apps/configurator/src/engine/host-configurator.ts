import { ConfigureFactsV1 } from '@cfn/contracts';
import { CommandRunner } from '@cfn/ssh';

import { factsVariables } from './facts-variables';
import { ModuleRegistry } from './modules/module-registry';
import { PlayReporter, PlayRunner, RunSummary } from './play-runner';
import { buildPlay } from './playbook/play-builder';
import { RoleLoader } from './playbook/role-loader';
import { Play } from './playbook/task-definition';
import { SecretMasker } from './secret-masker';
import { TemplateRenderer } from './templating/template-renderer';

export interface HostConfiguration {
  runner: CommandRunner;
  metadata: Record<string, unknown>;
  facts: ConfigureFactsV1;
  stack: { id: string; name: string };
  address: string;
  check: boolean;
  deadline: number;
  masker: SecretMasker;
  reporter: PlayReporter;
}

export interface HostConfiguratorOptions {
  rolesDir: string;
  taskTimeoutMs: number;
  outputLimit: number;
  download(url: string): Promise<Buffer>;
  modules?: ModuleRegistry;
}

/**
 * Configures one host from a resource's Metadata and the stack's facts over any CommandRunner (SSH in the service,
 * a local shell in tests). Knows nothing of RabbitMQ or MySQL, so benchmarks and tools can drive it over any hosts.
 */
export class HostConfigurator {
  private readonly modules: ModuleRegistry;
  private readonly roles: RoleLoader;
  private readonly runner: PlayRunner;

  constructor(private readonly options: HostConfiguratorOptions) {
    this.modules = options.modules ?? ModuleRegistry.default();
    this.roles = new RoleLoader(options.rolesDir, this.modules.names);
    this.runner = new PlayRunner({
      modules: this.modules,
      renderer: new TemplateRenderer(),
      download: options.download,
    });
  }

  /**
   * Reads the Metadata into a play (with the config sets UserData's cfn-init call names, if any); throws
   * PlaybookError before touching the host when it is invalid.
   */
  plan(metadata: Record<string, unknown>, configSets?: string[]): Promise<Play> {
    return buildPlay(metadata, this.roles, this.modules.names, configSets);
  }

  /** Runs the Metadata's play (or one planned before, so an invalid play fails before waiting for SSH). */
  async configure(request: HostConfiguration, planned?: Play): Promise<RunSummary> {
    const play = planned ?? (await this.plan(request.metadata));
    return this.runner.run(play, {
      runner: request.runner,
      check: request.check,
      deadline: request.deadline,
      taskTimeoutMs: this.options.taskTimeoutMs,
      variables: factsVariables(request.facts, request.stack, request.address),
      masker: request.masker,
      reporter: request.reporter,
      outputLimit: this.options.outputLimit,
    });
  }
}
