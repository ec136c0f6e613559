export type VirtualMachineState = 'Starting' | 'Running' | 'Stopping' | 'Stopped' | 'Destroyed' | 'Expunging' | 'Error';

export interface NicRecord {
  id: string;
  networkid: string;
  ipaddress: string;
  macaddress: string;
}

export interface VirtualMachineRecord {
  id: string;
  /** CloudStack's internal numeric id, used in the instance name `i-<account>-<id>-VM`. */
  internalId: number;
  name: string;
  displayname: string;
  state: VirtualMachineState;
  zoneid: string;
  templateid: string;
  serviceofferingid: string;
  keypair?: string;
  /** Base64 as received; kept for the metadata service, never listed. */
  userdata?: string;
  nic: NicRecord[];
  created: Date;
  /** Set once expunged: the id still resolves (as in CloudStack's database) but the VM is gone from listings. */
  removed?: Date;
}

export type AsyncJobStatus = 0 | 1 | 2;

export interface AsyncJobRecord {
  jobid: string;
  cmd: string;
  jobinstancetype: string;
  jobinstanceid?: string;
  jobstatus: AsyncJobStatus;
  jobresultcode: number;
  jobresult?: Record<string, unknown>;
  created: Date;
  completed?: Date;
}
