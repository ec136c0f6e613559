import { Inject, Injectable } from '@nestjs/common';

import { AwsError, CallerIdentity, SigV4Request, verifySigV4 } from '../protocol';
import { Principal, PrincipalDirectory } from './principal-directory';

export const accessDenied = (message: string): AwsError => new AwsError('AccessDenied', message, 403);

/**
 * Who signed a request: the SigV4 signature is checked with the secret of the access key's principal, then a
 * principal that may not act (a disabled or locked CloudStack user) is refused with AccessDenied.
 */
@Injectable()
export class CallerAuthenticator {
  constructor(@Inject(PrincipalDirectory) private readonly principals: PrincipalDirectory) {}

  async authenticate(request: SigV4Request, service?: string): Promise<CallerIdentity> {
    let principal: Principal | null = null;
    const verified = await verifySigV4(
      request,
      async (accessKeyId) => (principal = await this.principals.find(accessKeyId))?.secretAccessKey,
      service ? { service } : {},
    );
    const { secretAccessKey: _secret, refusal, ...identity } = principal!;
    if (refusal) throw accessDenied(refusal);
    return { ...identity, accessKeyId: verified.accessKeyId, region: verified.region };
  }
}
