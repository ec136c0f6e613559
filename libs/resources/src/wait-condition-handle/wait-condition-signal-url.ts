import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where signals are sent when CFN_PUBLIC_URL is not set: the api's development address. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8000';

/** Development key; installations set CFN_SIGNAL_SECRET so that nobody can forge a signal URL. */
export const DEVELOPMENT_SIGNAL_SECRET = 'cfn-cloudstack-development-signal-secret';

export interface SignalUrlSettings {
  publicUrl: string;
  secret: string;
}

export function signalUrlSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SignalUrlSettings {
  return {
    publicUrl: (env.CFN_PUBLIC_URL || DEFAULT_PUBLIC_URL).replace(/\/+$/, ''),
    secret: env.CFN_SIGNAL_SECRET || DEVELOPMENT_SIGNAL_SECRET,
  };
}

/** HMAC-SHA256 over "<stackId>/<logicalId>", base64url: the URL's proof that this service issued it. */
export function signalSignature(stackId: string, logicalId: string, secret: string): string {
  return createHmac('sha256', secret).update(`${stackId}/${logicalId}`).digest('base64url');
}

/**
 * The pre-signed URL a wait condition handle stands for:
 * `<CFN_PUBLIC_URL>/waitcondition/<stackId>/<logicalId>?Signature=<signalSignature>`.
 * It is a pure function of the stack and the handle, so a retried create yields the same URL.
 */
export function signalUrl(stackId: string, logicalId: string, settings: SignalUrlSettings): string {
  const path = `/waitcondition/${encodeURIComponent(stackId)}/${encodeURIComponent(logicalId)}`;
  return `${settings.publicUrl}${path}?Signature=${signalSignature(stackId, logicalId, settings.secret)}`;
}

/** Whether a signal's stack, handle and signature are ones this service issued (for the signal endpoint). */
export function isSignedSignal(stackId: string, logicalId: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signalSignature(stackId, logicalId, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
