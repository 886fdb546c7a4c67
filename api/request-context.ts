import { randomUUID } from 'node:crypto';

export const DEFAULT_ACCOUNT = '000000000000';

export interface RequestContext {
  account: string;
  region: string;
  requestId: string;
}

/**
 * Account and region of a request, from its SigV4 credential (Authorization header or presigned
 * X-Amz-Credential): a 12-digit access key id is taken as the account; the scope names the region.
 * Unsigned requests get the defaults.
 */
export function requestContext(authorization: string | undefined, params: Map<string, string>, defaultRegion: string): RequestContext {
  let credential: string | undefined;
  if (authorization) {
    const m = /Credential=([^,\s]+)/.exec(authorization);
    credential = m?.[1];
  }
  credential ??= params.get('X-Amz-Credential');
  let account = DEFAULT_ACCOUNT;
  let region = defaultRegion;
  if (credential) {
    const [accessKey, , scopeRegion] = credential.split('/');
    if (/^\d{12}$/.test(accessKey ?? '')) account = accessKey;
    if (scopeRegion && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(scopeRegion)) region = scopeRegion;
  }
  return { account, region, requestId: randomUUID() };
}
