import { AccountsController } from '../admin/accounts.controller';
import { FaultsController } from '../admin/faults.controller';
import { SimulatorAdminController } from '../admin/simulator-admin.controller';
import { HostPlanner } from '../capacity/host-planner';
import { ResourceLimits } from '../capacity/resource-limits';
import { AffinityGroupCommands } from '../commands/affinity-group.commands';
import { ApiDiscoveryCommands } from '../commands/api-discovery.commands';
import { AsyncJobCommands } from '../commands/async-job.commands';
import { CatalogueCommands } from '../commands/catalogue.commands';
import { DeploymentRequest } from '../commands/deployment-request';
import { IdentityCommands } from '../commands/identity.commands';
import { NetworkCommands } from '../commands/network.commands';
import { NetworkRuleCommands } from '../commands/network-rule.commands';
import { PublicIpCommands } from '../commands/public-ip.commands';
import { SecurityGroupCommands } from '../commands/security-group.commands';
import { SnapshotCommands } from '../commands/snapshot.commands';
import { SshKeyPairCommands } from '../commands/ssh-key-pair.commands';
import { TagCommands } from '../commands/tag.commands';
import { VirtualMachineCommands } from '../commands/virtual-machine.commands';
import { VirtualMachineResources } from '../commands/virtual-machine-resources';
import { VolumeCommands } from '../commands/volume.commands';
import { FaultInjector } from '../faults/fault-injector';
import { AsyncJobService } from '../jobs/async-job.service';
import { AccountRegistry } from '../state/account-registry';
import { AffinityGroupView } from '../views/affinity-group.view';
import { IdentityView } from '../views/identity.view';
import { NetworkView } from '../views/network.view';
import { NetworkRuleView } from '../views/network-rule.view';
import { PublicIpView } from '../views/public-ip.view';
import { SecurityGroupView } from '../views/security-group.view';
import { SnapshotView } from '../views/snapshot.view';
import { SshKeyPairView } from '../views/ssh-key-pair.view';
import { TagView } from '../views/tag.view';
import { UserVmView } from '../views/user-vm.view';
import { VolumeView } from '../views/volume.view';
import { AccessControl } from './access-control';
import { CloudStackApiEndpoint } from './cloudstack-api-endpoint';
import { COMMAND_REGISTRY, CommandFamily, CommandRegistry } from './command-registry';
import { RequestVerifier } from './request-verifier';

/** One class per family of CloudStack commands; the registry maps command names to their handlers. */
const COMMAND_FAMILIES = [
  CatalogueCommands,
  VirtualMachineCommands,
  AsyncJobCommands,
  SecurityGroupCommands,
  SshKeyPairCommands,
  AffinityGroupCommands,
  VolumeCommands,
  SnapshotCommands,
  PublicIpCommands,
  NetworkRuleCommands,
  NetworkCommands,
  TagCommands,
  IdentityCommands,
  ApiDiscoveryCommands,
];

/** `/client/api` and the operator endpoints under `/simulator`. */
export const CLOUD_API_CONTROLLERS = [SimulatorAdminController, FaultsController, AccountsController];

/** Everything behind the CloudStack API except the VM hosts (vm/) and the state and catalogue themselves. */
export const CLOUD_API_PROVIDERS = [
  CloudStackApiEndpoint,
  RequestVerifier,
  AccessControl,
  AccountRegistry,
  FaultInjector,
  AsyncJobService,
  HostPlanner,
  ResourceLimits,
  DeploymentRequest,
  VirtualMachineResources,
  TagView,
  SecurityGroupView,
  UserVmView,
  VolumeView,
  SnapshotView,
  PublicIpView,
  NetworkRuleView,
  NetworkView,
  SshKeyPairView,
  AffinityGroupView,
  IdentityView,
  ...COMMAND_FAMILIES,
  {
    provide: COMMAND_REGISTRY,
    useFactory: (...families: CommandFamily[]) => new CommandRegistry(families),
    inject: COMMAND_FAMILIES,
  },
];
