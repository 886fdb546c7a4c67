import type { HandlerTable } from '../handler-types.ts';
import { InvalidParameterValueException } from '../model/generated/faults.ts';

/**
 * Cache security groups belong to EC2-Classic. Every account here is a VPC account (its clusters
 * live in subnet groups and use VPC security group ids), and AWS refuses cache security groups
 * for those with this message.
 */
export const CACHE_SECURITY_GROUPS_NOT_PERMITTED = 'Use of cache security groups is not permitted in this API version for your account.';

function notPermitted(): never {
  throw new InvalidParameterValueException(CACHE_SECURITY_GROUPS_NOT_PERMITTED);
}

export const securityGroupHandlers = {
  DescribeCacheSecurityGroups: notPermitted,
  CreateCacheSecurityGroup: notPermitted,
  DeleteCacheSecurityGroup: notPermitted,
  AuthorizeCacheSecurityGroupIngress: notPermitted,
  RevokeCacheSecurityGroupIngress: notPermitted,
} satisfies HandlerTable;
