// Generated from @aws-sdk/client-elasticache 3.1127.0 by api/codegen/generate.ts (npm run generate). Do not edit.
import { AwsFault } from "../../protocol/aws-fault.ts";

export class APICallRateForCustomerExceededFault extends AwsFault {
  constructor(message = "The customer has exceeded the allowed rate of API calls.") {
    super("APICallRateForCustomerExceeded", 400, message);
  }
}

export class AuthorizationAlreadyExistsFault extends AwsFault {
  constructor(message = "The specified Amazon EC2 security group is already authorized for the specified cache security group.") {
    super("AuthorizationAlreadyExists", 400, message);
  }
}

export class AuthorizationNotFoundFault extends AwsFault {
  constructor(message = "The specified Amazon EC2 security group is not authorized for the specified cache security group.") {
    super("AuthorizationNotFound", 404, message);
  }
}

export class CacheClusterAlreadyExistsFault extends AwsFault {
  constructor(message = "You already have a cluster with the given identifier.") {
    super("CacheClusterAlreadyExists", 400, message);
  }
}

export class CacheClusterNotFoundFault extends AwsFault {
  constructor(message = "The requested cluster ID does not refer to an existing cluster.") {
    super("CacheClusterNotFound", 404, message);
  }
}

export class CacheParameterGroupAlreadyExistsFault extends AwsFault {
  constructor(message = "A cache parameter group with the requested name already exists.") {
    super("CacheParameterGroupAlreadyExists", 400, message);
  }
}

export class CacheParameterGroupNotFoundFault extends AwsFault {
  constructor(message = "The requested cache parameter group name does not refer to an existing cache parameter group.") {
    super("CacheParameterGroupNotFound", 404, message);
  }
}

export class CacheParameterGroupQuotaExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the maximum number of cache security groups.") {
    super("CacheParameterGroupQuotaExceeded", 400, message);
  }
}

export class CacheSecurityGroupAlreadyExistsFault extends AwsFault {
  constructor(message = "A cache security group with the specified name already exists.") {
    super("CacheSecurityGroupAlreadyExists", 400, message);
  }
}

export class CacheSecurityGroupNotFoundFault extends AwsFault {
  constructor(message = "The requested cache security group name does not refer to an existing cache security group.") {
    super("CacheSecurityGroupNotFound", 404, message);
  }
}

export class CacheSecurityGroupQuotaExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the allowed number of cache security groups.") {
    super("QuotaExceeded.CacheSecurityGroup", 400, message);
  }
}

export class CacheSubnetGroupAlreadyExistsFault extends AwsFault {
  constructor(message = "The requested cache subnet group name is already in use by an existing cache subnet group.") {
    super("CacheSubnetGroupAlreadyExists", 400, message);
  }
}

export class CacheSubnetGroupInUse extends AwsFault {
  constructor(message = "The requested cache subnet group is currently in use.") {
    super("CacheSubnetGroupInUse", 400, message);
  }
}

export class CacheSubnetGroupNotFoundFault extends AwsFault {
  constructor(message = "The requested cache subnet group name does not refer to an existing cache subnet group.") {
    super("CacheSubnetGroupNotFoundFault", 400, message);
  }
}

export class CacheSubnetGroupQuotaExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the allowed number of cache subnet groups.") {
    super("CacheSubnetGroupQuotaExceeded", 400, message);
  }
}

export class CacheSubnetQuotaExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the allowed number of subnets in a cache subnet group.") {
    super("CacheSubnetQuotaExceededFault", 400, message);
  }
}

export class ClusterQuotaForCustomerExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the allowed number of clusters per customer.") {
    super("ClusterQuotaForCustomerExceeded", 400, message);
  }
}

export class DefaultUserAssociatedToUserGroupFault extends AwsFault {
  constructor(message = "The default user assigned to the user group.") {
    super("DefaultUserAssociatedToUserGroup", 400, message);
  }
}

export class DefaultUserRequired extends AwsFault {
  constructor(message = "You must add default user to a user group.") {
    super("DefaultUserRequired", 400, message);
  }
}

export class DuplicateUserNameFault extends AwsFault {
  constructor(message = "A user with this username already exists.") {
    super("DuplicateUserName", 400, message);
  }
}

export class GlobalReplicationGroupAlreadyExistsFault extends AwsFault {
  constructor(message = "The Global datastore name already exists.") {
    super("GlobalReplicationGroupAlreadyExistsFault", 400, message);
  }
}

export class GlobalReplicationGroupNotFoundFault extends AwsFault {
  constructor(message = "The Global datastore does not exist") {
    super("GlobalReplicationGroupNotFoundFault", 404, message);
  }
}

export class InsufficientCacheClusterCapacityFault extends AwsFault {
  constructor(message = "The requested cache node type is not available in the specified Availability Zone. For more information, see InsufficientCacheClusterCapacity in the ElastiCache User Guide.") {
    super("InsufficientCacheClusterCapacity", 400, message);
  }
}

export class InvalidARNFault extends AwsFault {
  constructor(message = "The requested Amazon Resource Name (ARN) does not refer to an existing resource.") {
    super("InvalidARN", 400, message);
  }
}

export class InvalidCacheClusterStateFault extends AwsFault {
  constructor(message = "The requested cluster is not in the available state.") {
    super("InvalidCacheClusterState", 400, message);
  }
}

export class InvalidCacheParameterGroupStateFault extends AwsFault {
  constructor(message = "The current state of the cache parameter group does not allow the requested operation to occur.") {
    super("InvalidCacheParameterGroupState", 400, message);
  }
}

export class InvalidCacheSecurityGroupStateFault extends AwsFault {
  constructor(message = "The current state of the cache security group does not allow deletion.") {
    super("InvalidCacheSecurityGroupState", 400, message);
  }
}

export class InvalidCredentialsException extends AwsFault {
  constructor(message = "You must enter valid credentials.") {
    super("InvalidCredentialsException", 408, message);
  }
}

export class InvalidGlobalReplicationGroupStateFault extends AwsFault {
  constructor(message = "The Global datastore is not available or in primary-only state.") {
    super("InvalidGlobalReplicationGroupState", 400, message);
  }
}

export class InvalidKMSKeyFault extends AwsFault {
  constructor(message = "The KMS key supplied is not valid.") {
    super("InvalidKMSKeyFault", 400, message);
  }
}

export class InvalidParameterCombinationException extends AwsFault {
  constructor(message = "Two or more incompatible parameters were specified.") {
    super("InvalidParameterCombination", 400, message);
  }
}

export class InvalidParameterValueException extends AwsFault {
  constructor(message = "The value for a parameter is invalid.") {
    super("InvalidParameterValue", 400, message);
  }
}

export class InvalidReplicationGroupStateFault extends AwsFault {
  constructor(message = "The requested replication group is not in the available state.") {
    super("InvalidReplicationGroupState", 400, message);
  }
}

export class InvalidServerlessCacheSnapshotStateFault extends AwsFault {
  constructor(message = "The state of the serverless cache snapshot was not received. Available for Valkey, Redis OSS and Serverless Memcached only.") {
    super("InvalidServerlessCacheSnapshotStateFault", 400, message);
  }
}

export class InvalidServerlessCacheStateFault extends AwsFault {
  constructor(message = "The account for these credentials is not currently active.") {
    super("InvalidServerlessCacheStateFault", 400, message);
  }
}

export class InvalidSnapshotStateFault extends AwsFault {
  constructor(message = "The current state of the snapshot does not allow the requested operation to occur.") {
    super("InvalidSnapshotState", 400, message);
  }
}

export class InvalidSubnet extends AwsFault {
  constructor(message = "An invalid subnet identifier was specified.") {
    super("InvalidSubnet", 400, message);
  }
}

export class InvalidUserGroupStateFault extends AwsFault {
  constructor(message = "The user group is not in an active state.") {
    super("InvalidUserGroupState", 400, message);
  }
}

export class InvalidUserStateFault extends AwsFault {
  constructor(message = "The user is not in active state.") {
    super("InvalidUserState", 400, message);
  }
}

export class InvalidVPCNetworkStateFault extends AwsFault {
  constructor(message = "The VPC network is in an invalid state.") {
    super("InvalidVPCNetworkStateFault", 400, message);
  }
}

export class NoOperationFault extends AwsFault {
  constructor(message = "The operation was not performed because no changes were required.") {
    super("NoOperationFault", 400, message);
  }
}

export class NodeGroupNotFoundFault extends AwsFault {
  constructor(message = "The node group specified by the NodeGroupId parameter could not be found. Please verify that the node group exists and that you spelled the NodeGroupId value correctly.") {
    super("NodeGroupNotFoundFault", 404, message);
  }
}

export class NodeGroupsPerReplicationGroupQuotaExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the maximum allowed number of node groups (shards) in a single replication group. The default maximum is 90") {
    super("NodeGroupsPerReplicationGroupQuotaExceeded", 400, message);
  }
}

export class NodeQuotaForClusterExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the allowed number of cache nodes in a single cluster.") {
    super("NodeQuotaForClusterExceeded", 400, message);
  }
}

export class NodeQuotaForCustomerExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the allowed number of cache nodes per customer.") {
    super("NodeQuotaForCustomerExceeded", 400, message);
  }
}

export class ReplicationGroupAlreadyExistsFault extends AwsFault {
  constructor(message = "The specified replication group already exists.") {
    super("ReplicationGroupAlreadyExists", 400, message);
  }
}

export class ReplicationGroupAlreadyUnderMigrationFault extends AwsFault {
  constructor(message = "The targeted replication group is not available.") {
    super("ReplicationGroupAlreadyUnderMigrationFault", 400, message);
  }
}

export class ReplicationGroupNotFoundFault extends AwsFault {
  constructor(message = "The specified replication group does not exist.") {
    super("ReplicationGroupNotFoundFault", 404, message);
  }
}

export class ReplicationGroupNotUnderMigrationFault extends AwsFault {
  constructor(message = "The designated replication group is not available for data migration.") {
    super("ReplicationGroupNotUnderMigrationFault", 400, message);
  }
}

export class ReservedCacheNodeAlreadyExistsFault extends AwsFault {
  constructor(message = "You already have a reservation with the given identifier.") {
    super("ReservedCacheNodeAlreadyExists", 404, message);
  }
}

export class ReservedCacheNodeNotFoundFault extends AwsFault {
  constructor(message = "The requested reserved cache node was not found.") {
    super("ReservedCacheNodeNotFound", 404, message);
  }
}

export class ReservedCacheNodeQuotaExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the user's cache node quota.") {
    super("ReservedCacheNodeQuotaExceeded", 400, message);
  }
}

export class ReservedCacheNodesOfferingNotFoundFault extends AwsFault {
  constructor(message = "The requested cache node offering does not exist.") {
    super("ReservedCacheNodesOfferingNotFound", 404, message);
  }
}

export class ServerlessCacheAlreadyExistsFault extends AwsFault {
  constructor(message = "A serverless cache with this name already exists.") {
    super("ServerlessCacheAlreadyExistsFault", 400, message);
  }
}

export class ServerlessCacheNotFoundFault extends AwsFault {
  constructor(message = "The serverless cache was not found or does not exist.") {
    super("ServerlessCacheNotFoundFault", 404, message);
  }
}

export class ServerlessCacheQuotaForCustomerExceededFault extends AwsFault {
  constructor(message = "The number of serverless caches exceeds the customer quota.") {
    super("ServerlessCacheQuotaForCustomerExceededFault", 400, message);
  }
}

export class ServerlessCacheSnapshotAlreadyExistsFault extends AwsFault {
  constructor(message = "A serverless cache snapshot with this name already exists. Available for Valkey, Redis OSS and Serverless Memcached only.") {
    super("ServerlessCacheSnapshotAlreadyExistsFault", 400, message);
  }
}

export class ServerlessCacheSnapshotNotFoundFault extends AwsFault {
  constructor(message = "This serverless cache snapshot could not be found or does not exist. Available for Valkey, Redis OSS and Serverless Memcached only.") {
    super("ServerlessCacheSnapshotNotFoundFault", 404, message);
  }
}

export class ServerlessCacheSnapshotQuotaExceededFault extends AwsFault {
  constructor(message = "The number of serverless cache snapshots exceeds the customer snapshot quota. Available for Valkey, Redis OSS and Serverless Memcached only.") {
    super("ServerlessCacheSnapshotQuotaExceededFault", 400, message);
  }
}

export class ServiceLinkedRoleNotFoundFault extends AwsFault {
  constructor(message = "The specified service linked role (SLR) was not found.") {
    super("ServiceLinkedRoleNotFoundFault", 400, message);
  }
}

export class ServiceUpdateNotFoundFault extends AwsFault {
  constructor(message = "The service update doesn't exist") {
    super("ServiceUpdateNotFoundFault", 404, message);
  }
}

export class SnapshotAlreadyExistsFault extends AwsFault {
  constructor(message = "You already have a snapshot with the given name.") {
    super("SnapshotAlreadyExistsFault", 400, message);
  }
}

export class SnapshotFeatureNotSupportedFault extends AwsFault {
  constructor(message = "You attempted one of the following operations: Creating a snapshot of a Valkey or Redis OSS cluster running on a cache.t1.micro cache node. Creating a snapshot of a cluster that is running Memcached rather than Valkey or Redis OSS. Neither of these are supported by ElastiCache.") {
    super("SnapshotFeatureNotSupportedFault", 400, message);
  }
}

export class SnapshotNotFoundFault extends AwsFault {
  constructor(message = "The requested snapshot name does not refer to an existing snapshot.") {
    super("SnapshotNotFoundFault", 404, message);
  }
}

export class SnapshotQuotaExceededFault extends AwsFault {
  constructor(message = "The request cannot be processed because it would exceed the maximum number of snapshots.") {
    super("SnapshotQuotaExceededFault", 400, message);
  }
}

export class SubnetInUse extends AwsFault {
  constructor(message = "The requested subnet is being used by another cache subnet group.") {
    super("SubnetInUse", 400, message);
  }
}

export class SubnetNotAllowedFault extends AwsFault {
  constructor(message = "At least one subnet ID does not match the other subnet IDs. This mismatch typically occurs when a user sets one subnet ID to a regional Availability Zone and a different one to an outpost. Or when a user sets the subnet ID to an Outpost when not subscribed on this service.") {
    super("SubnetNotAllowedFault", 400, message);
  }
}

export class TagNotFoundFault extends AwsFault {
  constructor(message = "The requested tag was not found on this resource.") {
    super("TagNotFound", 404, message);
  }
}

export class TagQuotaPerResourceExceeded extends AwsFault {
  constructor(message = "The request cannot be processed because it would cause the resource to have more than the allowed number of tags. The maximum number of tags permitted on a resource is 50.") {
    super("TagQuotaPerResourceExceeded", 400, message);
  }
}

export class TestFailoverNotAvailableFault extends AwsFault {
  constructor(message = "The TestFailover action is not available.") {
    super("TestFailoverNotAvailableFault", 400, message);
  }
}

export class UserAlreadyExistsFault extends AwsFault {
  constructor(message = "A user with this ID already exists.") {
    super("UserAlreadyExists", 400, message);
  }
}

export class UserGroupAlreadyExistsFault extends AwsFault {
  constructor(message = "The user group with this ID already exists.") {
    super("UserGroupAlreadyExists", 400, message);
  }
}

export class UserGroupNotFoundFault extends AwsFault {
  constructor(message = "The user group was not found or does not exist") {
    super("UserGroupNotFound", 404, message);
  }
}

export class UserGroupQuotaExceededFault extends AwsFault {
  constructor(message = "The number of users exceeds the user group limit.") {
    super("UserGroupQuotaExceeded", 400, message);
  }
}

export class UserNotFoundFault extends AwsFault {
  constructor(message = "The user does not exist or could not be found.") {
    super("UserNotFound", 404, message);
  }
}

export class UserQuotaExceededFault extends AwsFault {
  constructor(message = "The quota of users has been exceeded.") {
    super("UserQuotaExceeded", 400, message);
  }
}
