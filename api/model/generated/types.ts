// Generated from @aws-sdk/client-elasticache 3.1127.0 by api/codegen/generate.ts (npm run generate). Do not edit.

export interface AddTagsToResourceMessage {
  ResourceName: string;
  Tags: Tag[];
}

export interface AllowedNodeTypeModificationsMessage {
  ScaleUpModifications?: string[];
  ScaleDownModifications?: string[];
}

export interface Authentication {
  Type?: string;
  PasswordCount?: number;
}

export interface AuthenticationMode {
  Type?: string;
  Passwords?: string[];
}

export interface AuthorizeCacheSecurityGroupIngressMessage {
  CacheSecurityGroupName: string;
  EC2SecurityGroupName: string;
  EC2SecurityGroupOwnerId: string;
}

export interface AuthorizeCacheSecurityGroupIngressResult {
  CacheSecurityGroup?: CacheSecurityGroup;
}

export interface AvailabilityZone {
  Name?: string;
}

export interface BatchApplyUpdateActionMessage {
  ServiceUpdateName: string;
  ReplicationGroupIds?: string[];
  CacheClusterIds?: string[];
}

export interface BatchStopUpdateActionMessage {
  ServiceUpdateName: string;
  ReplicationGroupIds?: string[];
  CacheClusterIds?: string[];
}

export interface CacheCluster {
  CacheClusterId?: string;
  ConfigurationEndpoint?: Endpoint;
  ClientDownloadLandingPage?: string;
  CacheNodeType?: string;
  Engine?: string;
  EngineVersion?: string;
  CacheClusterStatus?: string;
  NumCacheNodes?: number;
  PreferredAvailabilityZone?: string;
  PreferredOutpostArn?: string;
  CacheClusterCreateTime?: Date;
  PreferredMaintenanceWindow?: string;
  PendingModifiedValues?: PendingModifiedValues;
  NotificationConfiguration?: NotificationConfiguration;
  CacheSecurityGroups?: CacheSecurityGroupMembership[];
  CacheParameterGroup?: CacheParameterGroupStatus;
  CacheSubnetGroupName?: string;
  CacheNodes?: CacheNode[];
  AutoMinorVersionUpgrade?: boolean;
  SecurityGroups?: SecurityGroupMembership[];
  ReplicationGroupId?: string;
  SnapshotRetentionLimit?: number;
  SnapshotWindow?: string;
  AuthTokenEnabled?: boolean;
  AuthTokenLastModifiedDate?: Date;
  TransitEncryptionEnabled?: boolean;
  AtRestEncryptionEnabled?: boolean;
  ARN?: string;
  ReplicationGroupLogDeliveryEnabled?: boolean;
  LogDeliveryConfigurations?: LogDeliveryConfiguration[];
  NetworkType?: string;
  IpDiscovery?: string;
  TransitEncryptionMode?: string;
}

export interface CacheClusterMessage {
  Marker?: string;
  CacheClusters?: CacheCluster[];
}

export interface CacheEngineVersion {
  Engine?: string;
  EngineVersion?: string;
  CacheParameterGroupFamily?: string;
  CacheEngineDescription?: string;
  CacheEngineVersionDescription?: string;
}

export interface CacheEngineVersionMessage {
  Marker?: string;
  CacheEngineVersions?: CacheEngineVersion[];
}

export interface CacheNode {
  CacheNodeId?: string;
  CacheNodeStatus?: string;
  CacheNodeCreateTime?: Date;
  Endpoint?: Endpoint;
  ParameterGroupStatus?: string;
  SourceCacheNodeId?: string;
  CustomerAvailabilityZone?: string;
  CustomerOutpostArn?: string;
}

export interface CacheNodeTypeSpecificParameter {
  ParameterName?: string;
  Description?: string;
  Source?: string;
  DataType?: string;
  AllowedValues?: string;
  IsModifiable?: boolean;
  MinimumEngineVersion?: string;
  CacheNodeTypeSpecificValues?: CacheNodeTypeSpecificValue[];
  ChangeType?: string;
}

export interface CacheNodeTypeSpecificValue {
  CacheNodeType?: string;
  Value?: string;
}

export interface CacheNodeUpdateStatus {
  CacheNodeId?: string;
  NodeUpdateStatus?: string;
  NodeDeletionDate?: Date;
  NodeUpdateStartDate?: Date;
  NodeUpdateEndDate?: Date;
  NodeUpdateInitiatedBy?: string;
  NodeUpdateInitiatedDate?: Date;
  NodeUpdateStatusModifiedDate?: Date;
}

export interface CacheParameterGroup {
  CacheParameterGroupName?: string;
  CacheParameterGroupFamily?: string;
  Description?: string;
  IsGlobal?: boolean;
  ARN?: string;
}

export interface CacheParameterGroupDetails {
  Marker?: string;
  Parameters?: Parameter[];
  CacheNodeTypeSpecificParameters?: CacheNodeTypeSpecificParameter[];
}

export interface CacheParameterGroupNameMessage {
  CacheParameterGroupName?: string;
}

export interface CacheParameterGroupStatus {
  CacheParameterGroupName?: string;
  ParameterApplyStatus?: string;
  CacheNodeIdsToReboot?: string[];
}

export interface CacheParameterGroupsMessage {
  Marker?: string;
  CacheParameterGroups?: CacheParameterGroup[];
}

export interface CacheSecurityGroup {
  OwnerId?: string;
  CacheSecurityGroupName?: string;
  Description?: string;
  EC2SecurityGroups?: EC2SecurityGroup[];
  ARN?: string;
}

export interface CacheSecurityGroupMembership {
  CacheSecurityGroupName?: string;
  Status?: string;
}

export interface CacheSecurityGroupMessage {
  Marker?: string;
  CacheSecurityGroups?: CacheSecurityGroup[];
}

export interface CacheSubnetGroup {
  CacheSubnetGroupName?: string;
  CacheSubnetGroupDescription?: string;
  VpcId?: string;
  Subnets?: Subnet[];
  ARN?: string;
  SupportedNetworkTypes?: string[];
}

export interface CacheSubnetGroupMessage {
  Marker?: string;
  CacheSubnetGroups?: CacheSubnetGroup[];
}

export interface CacheUsageLimits {
  DataStorage?: DataStorage;
  ECPUPerSecond?: ECPUPerSecond;
}

export interface CloudWatchLogsDestinationDetails {
  LogGroup?: string;
}

export interface CompleteMigrationMessage {
  ReplicationGroupId: string;
  Force?: boolean;
}

export interface CompleteMigrationResponse {
  ReplicationGroup?: ReplicationGroup;
}

export interface ConfigureShard {
  NodeGroupId: string;
  NewReplicaCount: number;
  PreferredAvailabilityZones?: string[];
  PreferredOutpostArns?: string[];
}

export interface CopyServerlessCacheSnapshotRequest {
  SourceServerlessCacheSnapshotName: string;
  TargetServerlessCacheSnapshotName: string;
  KmsKeyId?: string;
  Tags?: Tag[];
}

export interface CopyServerlessCacheSnapshotResponse {
  ServerlessCacheSnapshot?: ServerlessCacheSnapshot;
}

export interface CopySnapshotMessage {
  SourceSnapshotName: string;
  TargetSnapshotName: string;
  TargetBucket?: string;
  KmsKeyId?: string;
  Tags?: Tag[];
}

export interface CopySnapshotResult {
  Snapshot?: Snapshot;
}

export interface CreateCacheClusterMessage {
  CacheClusterId: string;
  ReplicationGroupId?: string;
  AZMode?: string;
  PreferredAvailabilityZone?: string;
  PreferredAvailabilityZones?: string[];
  NumCacheNodes?: number;
  CacheNodeType?: string;
  Engine?: string;
  EngineVersion?: string;
  CacheParameterGroupName?: string;
  CacheSubnetGroupName?: string;
  CacheSecurityGroupNames?: string[];
  SecurityGroupIds?: string[];
  Tags?: Tag[];
  SnapshotArns?: string[];
  SnapshotName?: string;
  PreferredMaintenanceWindow?: string;
  Port?: number;
  NotificationTopicArn?: string;
  AutoMinorVersionUpgrade?: boolean;
  SnapshotRetentionLimit?: number;
  SnapshotWindow?: string;
  AuthToken?: string;
  OutpostMode?: string;
  PreferredOutpostArn?: string;
  PreferredOutpostArns?: string[];
  LogDeliveryConfigurations?: LogDeliveryConfigurationRequest[];
  TransitEncryptionEnabled?: boolean;
  NetworkType?: string;
  IpDiscovery?: string;
}

export interface CreateCacheClusterResult {
  CacheCluster?: CacheCluster;
}

export interface CreateCacheParameterGroupMessage {
  CacheParameterGroupName: string;
  CacheParameterGroupFamily: string;
  Description: string;
  Tags?: Tag[];
}

export interface CreateCacheParameterGroupResult {
  CacheParameterGroup?: CacheParameterGroup;
}

export interface CreateCacheSecurityGroupMessage {
  CacheSecurityGroupName: string;
  Description: string;
  Tags?: Tag[];
}

export interface CreateCacheSecurityGroupResult {
  CacheSecurityGroup?: CacheSecurityGroup;
}

export interface CreateCacheSubnetGroupMessage {
  CacheSubnetGroupName: string;
  CacheSubnetGroupDescription: string;
  SubnetIds: string[];
  Tags?: Tag[];
}

export interface CreateCacheSubnetGroupResult {
  CacheSubnetGroup?: CacheSubnetGroup;
}

export interface CreateGlobalReplicationGroupMessage {
  GlobalReplicationGroupIdSuffix: string;
  PrimaryReplicationGroupId: string;
  GlobalReplicationGroupDescription?: string;
}

export interface CreateGlobalReplicationGroupResult {
  GlobalReplicationGroup?: GlobalReplicationGroup;
}

export interface CreateReplicationGroupMessage {
  ReplicationGroupId: string;
  ReplicationGroupDescription: string;
  GlobalReplicationGroupId?: string;
  PrimaryClusterId?: string;
  AutomaticFailoverEnabled?: boolean;
  MultiAZEnabled?: boolean;
  NumCacheClusters?: number;
  PreferredCacheClusterAZs?: string[];
  NumNodeGroups?: number;
  ReplicasPerNodeGroup?: number;
  NodeGroupConfiguration?: NodeGroupConfiguration[];
  CacheNodeType?: string;
  Engine?: string;
  EngineVersion?: string;
  CacheParameterGroupName?: string;
  CacheSubnetGroupName?: string;
  CacheSecurityGroupNames?: string[];
  SecurityGroupIds?: string[];
  Tags?: Tag[];
  SnapshotArns?: string[];
  SnapshotName?: string;
  PreferredMaintenanceWindow?: string;
  Port?: number;
  NotificationTopicArn?: string;
  AutoMinorVersionUpgrade?: boolean;
  SnapshotRetentionLimit?: number;
  SnapshotWindow?: string;
  AuthToken?: string;
  TransitEncryptionEnabled?: boolean;
  AtRestEncryptionEnabled?: boolean;
  KmsKeyId?: string;
  UserGroupIds?: string[];
  LogDeliveryConfigurations?: LogDeliveryConfigurationRequest[];
  DataTieringEnabled?: boolean;
  NetworkType?: string;
  IpDiscovery?: string;
  TransitEncryptionMode?: string;
  ClusterMode?: string;
  ServerlessCacheSnapshotName?: string;
  Durability?: string;
}

export interface CreateReplicationGroupResult {
  ReplicationGroup?: ReplicationGroup;
}

export interface CreateServerlessCacheRequest {
  ServerlessCacheName: string;
  Engine: string;
  Description?: string;
  MajorEngineVersion?: string;
  CacheUsageLimits?: CacheUsageLimits;
  KmsKeyId?: string;
  SecurityGroupIds?: string[];
  SnapshotArnsToRestore?: string[];
  Tags?: Tag[];
  UserGroupId?: string;
  SubnetIds?: string[];
  SnapshotRetentionLimit?: number;
  DailySnapshotTime?: string;
  NetworkType?: string;
}

export interface CreateServerlessCacheResponse {
  ServerlessCache?: ServerlessCache;
}

export interface CreateServerlessCacheSnapshotRequest {
  ServerlessCacheSnapshotName: string;
  ServerlessCacheName: string;
  KmsKeyId?: string;
  Tags?: Tag[];
}

export interface CreateServerlessCacheSnapshotResponse {
  ServerlessCacheSnapshot?: ServerlessCacheSnapshot;
}

export interface CreateSnapshotMessage {
  SnapshotName: string;
  ReplicationGroupId?: string;
  CacheClusterId?: string;
  KmsKeyId?: string;
  Tags?: Tag[];
}

export interface CreateSnapshotResult {
  Snapshot?: Snapshot;
}

export interface CreateUserGroupMessage {
  UserGroupId: string;
  Engine: string;
  UserIds?: string[];
  Tags?: Tag[];
}

export interface CreateUserMessage {
  UserId: string;
  UserName: string;
  Engine: string;
  AccessString: string;
  Passwords?: string[];
  NoPasswordRequired?: boolean;
  Tags?: Tag[];
  AuthenticationMode?: AuthenticationMode;
}

export interface CustomerNodeEndpoint {
  Address?: string;
  Port?: number;
}

export interface DataStorage {
  Unit: string;
  Maximum?: number;
  Minimum?: number;
}

export interface DecreaseNodeGroupsInGlobalReplicationGroupMessage {
  GlobalReplicationGroupId: string;
  NodeGroupCount: number;
  ApplyImmediately: boolean;
  GlobalNodeGroupsToRemove?: string[];
  GlobalNodeGroupsToRetain?: string[];
}

export interface DecreaseNodeGroupsInGlobalReplicationGroupResult {
  GlobalReplicationGroup?: GlobalReplicationGroup;
}

export interface DecreaseReplicaCountMessage {
  ReplicationGroupId: string;
  ApplyImmediately: boolean;
  NewReplicaCount?: number;
  ReplicaConfiguration?: ConfigureShard[];
  ReplicasToRemove?: string[];
}

export interface DecreaseReplicaCountResult {
  ReplicationGroup?: ReplicationGroup;
}

export interface DeleteCacheClusterMessage {
  CacheClusterId: string;
  FinalSnapshotIdentifier?: string;
}

export interface DeleteCacheClusterResult {
  CacheCluster?: CacheCluster;
}

export interface DeleteCacheParameterGroupMessage {
  CacheParameterGroupName: string;
}

export interface DeleteCacheSecurityGroupMessage {
  CacheSecurityGroupName: string;
}

export interface DeleteCacheSubnetGroupMessage {
  CacheSubnetGroupName: string;
}

export interface DeleteGlobalReplicationGroupMessage {
  GlobalReplicationGroupId: string;
  RetainPrimaryReplicationGroup: boolean;
}

export interface DeleteGlobalReplicationGroupResult {
  GlobalReplicationGroup?: GlobalReplicationGroup;
}

export interface DeleteReplicationGroupMessage {
  ReplicationGroupId: string;
  RetainPrimaryCluster?: boolean;
  FinalSnapshotIdentifier?: string;
}

export interface DeleteReplicationGroupResult {
  ReplicationGroup?: ReplicationGroup;
}

export interface DeleteServerlessCacheRequest {
  ServerlessCacheName: string;
  FinalSnapshotName?: string;
}

export interface DeleteServerlessCacheResponse {
  ServerlessCache?: ServerlessCache;
}

export interface DeleteServerlessCacheSnapshotRequest {
  ServerlessCacheSnapshotName: string;
}

export interface DeleteServerlessCacheSnapshotResponse {
  ServerlessCacheSnapshot?: ServerlessCacheSnapshot;
}

export interface DeleteSnapshotMessage {
  SnapshotName: string;
}

export interface DeleteSnapshotResult {
  Snapshot?: Snapshot;
}

export interface DeleteUserGroupMessage {
  UserGroupId: string;
}

export interface DeleteUserMessage {
  UserId: string;
}

export interface DescribeCacheClustersMessage {
  CacheClusterId?: string;
  MaxRecords?: number;
  Marker?: string;
  ShowCacheNodeInfo?: boolean;
  ShowCacheClustersNotInReplicationGroups?: boolean;
}

export interface DescribeCacheEngineVersionsMessage {
  Engine?: string;
  EngineVersion?: string;
  CacheParameterGroupFamily?: string;
  MaxRecords?: number;
  Marker?: string;
  DefaultOnly?: boolean;
}

export interface DescribeCacheParameterGroupsMessage {
  CacheParameterGroupName?: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeCacheParametersMessage {
  CacheParameterGroupName: string;
  Source?: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeCacheSecurityGroupsMessage {
  CacheSecurityGroupName?: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeCacheSubnetGroupsMessage {
  CacheSubnetGroupName?: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeEngineDefaultParametersMessage {
  CacheParameterGroupFamily: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeEngineDefaultParametersResult {
  EngineDefaults?: EngineDefaults;
}

export interface DescribeEventsMessage {
  SourceIdentifier?: string;
  SourceType?: string;
  StartTime?: Date;
  EndTime?: Date;
  Duration?: number;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeGlobalReplicationGroupsMessage {
  GlobalReplicationGroupId?: string;
  MaxRecords?: number;
  Marker?: string;
  ShowMemberInfo?: boolean;
}

export interface DescribeGlobalReplicationGroupsResult {
  Marker?: string;
  GlobalReplicationGroups?: GlobalReplicationGroup[];
}

export interface DescribeReplicationGroupsMessage {
  ReplicationGroupId?: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeReservedCacheNodesMessage {
  ReservedCacheNodeId?: string;
  ReservedCacheNodesOfferingId?: string;
  CacheNodeType?: string;
  Duration?: string;
  ProductDescription?: string;
  OfferingType?: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeReservedCacheNodesOfferingsMessage {
  ReservedCacheNodesOfferingId?: string;
  CacheNodeType?: string;
  Duration?: string;
  ProductDescription?: string;
  OfferingType?: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeServerlessCacheSnapshotsRequest {
  ServerlessCacheName?: string;
  ServerlessCacheSnapshotName?: string;
  SnapshotType?: string;
  NextToken?: string;
  MaxResults?: number;
}

export interface DescribeServerlessCacheSnapshotsResponse {
  NextToken?: string;
  ServerlessCacheSnapshots?: ServerlessCacheSnapshot[];
}

export interface DescribeServerlessCachesRequest {
  ServerlessCacheName?: string;
  MaxResults?: number;
  NextToken?: string;
}

export interface DescribeServerlessCachesResponse {
  NextToken?: string;
  ServerlessCaches?: ServerlessCache[];
}

export interface DescribeServiceUpdatesMessage {
  ServiceUpdateName?: string;
  ServiceUpdateStatus?: string[];
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeSnapshotsListMessage {
  Marker?: string;
  Snapshots?: Snapshot[];
}

export interface DescribeSnapshotsMessage {
  ReplicationGroupId?: string;
  CacheClusterId?: string;
  SnapshotName?: string;
  SnapshotSource?: string;
  Marker?: string;
  MaxRecords?: number;
  ShowNodeGroupConfig?: boolean;
}

export interface DescribeUpdateActionsMessage {
  ServiceUpdateName?: string;
  ReplicationGroupIds?: string[];
  CacheClusterIds?: string[];
  Engine?: string;
  ServiceUpdateStatus?: string[];
  ServiceUpdateTimeRange?: TimeRangeFilter;
  UpdateActionStatus?: string[];
  ShowNodeLevelUpdateStatus?: boolean;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeUserGroupsMessage {
  UserGroupId?: string;
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeUserGroupsResult {
  UserGroups?: UserGroup[];
  Marker?: string;
}

export interface DescribeUsersMessage {
  Engine?: string;
  UserId?: string;
  Filters?: Filter[];
  MaxRecords?: number;
  Marker?: string;
}

export interface DescribeUsersResult {
  Users?: User[];
  Marker?: string;
}

export interface DestinationDetails {
  CloudWatchLogsDetails?: CloudWatchLogsDestinationDetails;
  KinesisFirehoseDetails?: KinesisFirehoseDestinationDetails;
}

export interface DisassociateGlobalReplicationGroupMessage {
  GlobalReplicationGroupId: string;
  ReplicationGroupId: string;
  ReplicationGroupRegion: string;
}

export interface DisassociateGlobalReplicationGroupResult {
  GlobalReplicationGroup?: GlobalReplicationGroup;
}

export interface EC2SecurityGroup {
  Status?: string;
  EC2SecurityGroupName?: string;
  EC2SecurityGroupOwnerId?: string;
}

export interface ECPUPerSecond {
  Maximum?: number;
  Minimum?: number;
}

export interface Endpoint {
  Address?: string;
  Port?: number;
}

export interface EngineDefaults {
  CacheParameterGroupFamily?: string;
  Marker?: string;
  Parameters?: Parameter[];
  CacheNodeTypeSpecificParameters?: CacheNodeTypeSpecificParameter[];
}

export interface Event {
  SourceIdentifier?: string;
  SourceType?: string;
  Message?: string;
  Date?: Date;
}

export interface EventsMessage {
  Marker?: string;
  Events?: Event[];
}

export interface ExportServerlessCacheSnapshotRequest {
  ServerlessCacheSnapshotName: string;
  S3BucketName: string;
}

export interface ExportServerlessCacheSnapshotResponse {
  ServerlessCacheSnapshot?: ServerlessCacheSnapshot;
}

export interface FailoverGlobalReplicationGroupMessage {
  GlobalReplicationGroupId: string;
  PrimaryRegion: string;
  PrimaryReplicationGroupId: string;
}

export interface FailoverGlobalReplicationGroupResult {
  GlobalReplicationGroup?: GlobalReplicationGroup;
}

export interface Filter {
  Name: string;
  Values: string[];
}

export interface GlobalNodeGroup {
  GlobalNodeGroupId?: string;
  Slots?: string;
}

export interface GlobalReplicationGroup {
  GlobalReplicationGroupId?: string;
  GlobalReplicationGroupDescription?: string;
  Status?: string;
  CacheNodeType?: string;
  Engine?: string;
  EngineVersion?: string;
  Members?: GlobalReplicationGroupMember[];
  ClusterEnabled?: boolean;
  GlobalNodeGroups?: GlobalNodeGroup[];
  AuthTokenEnabled?: boolean;
  TransitEncryptionEnabled?: boolean;
  AtRestEncryptionEnabled?: boolean;
  ARN?: string;
}

export interface GlobalReplicationGroupInfo {
  GlobalReplicationGroupId?: string;
  GlobalReplicationGroupMemberRole?: string;
}

export interface GlobalReplicationGroupMember {
  ReplicationGroupId?: string;
  ReplicationGroupRegion?: string;
  Role?: string;
  AutomaticFailover?: string;
  Status?: string;
}

export interface IncreaseNodeGroupsInGlobalReplicationGroupMessage {
  GlobalReplicationGroupId: string;
  NodeGroupCount: number;
  ApplyImmediately: boolean;
  RegionalConfigurations?: RegionalConfiguration[];
}

export interface IncreaseNodeGroupsInGlobalReplicationGroupResult {
  GlobalReplicationGroup?: GlobalReplicationGroup;
}

export interface IncreaseReplicaCountMessage {
  ReplicationGroupId: string;
  ApplyImmediately: boolean;
  NewReplicaCount?: number;
  ReplicaConfiguration?: ConfigureShard[];
}

export interface IncreaseReplicaCountResult {
  ReplicationGroup?: ReplicationGroup;
}

export interface KinesisFirehoseDestinationDetails {
  DeliveryStream?: string;
}

export interface ListAllowedNodeTypeModificationsMessage {
  CacheClusterId?: string;
  ReplicationGroupId?: string;
}

export interface ListTagsForResourceMessage {
  ResourceName: string;
}

export interface LogDeliveryConfiguration {
  LogType?: string;
  DestinationType?: string;
  DestinationDetails?: DestinationDetails;
  LogFormat?: string;
  Status?: string;
  Message?: string;
}

export interface LogDeliveryConfigurationRequest {
  LogType?: string;
  DestinationType?: string;
  DestinationDetails?: DestinationDetails;
  LogFormat?: string;
  Enabled?: boolean;
}

export interface ModifyCacheClusterMessage {
  CacheClusterId: string;
  NumCacheNodes?: number;
  CacheNodeIdsToRemove?: string[];
  AZMode?: string;
  NewAvailabilityZones?: string[];
  CacheSecurityGroupNames?: string[];
  SecurityGroupIds?: string[];
  PreferredMaintenanceWindow?: string;
  NotificationTopicArn?: string;
  CacheParameterGroupName?: string;
  NotificationTopicStatus?: string;
  ApplyImmediately?: boolean;
  Engine?: string;
  EngineVersion?: string;
  AutoMinorVersionUpgrade?: boolean;
  SnapshotRetentionLimit?: number;
  SnapshotWindow?: string;
  CacheNodeType?: string;
  AuthToken?: string;
  AuthTokenUpdateStrategy?: string;
  LogDeliveryConfigurations?: LogDeliveryConfigurationRequest[];
  IpDiscovery?: string;
  ScaleConfig?: ScaleConfig;
}

export interface ModifyCacheClusterResult {
  CacheCluster?: CacheCluster;
}

export interface ModifyCacheParameterGroupMessage {
  CacheParameterGroupName: string;
  ParameterNameValues: ParameterNameValue[];
}

export interface ModifyCacheSubnetGroupMessage {
  CacheSubnetGroupName: string;
  CacheSubnetGroupDescription?: string;
  SubnetIds?: string[];
}

export interface ModifyCacheSubnetGroupResult {
  CacheSubnetGroup?: CacheSubnetGroup;
}

export interface ModifyGlobalReplicationGroupMessage {
  GlobalReplicationGroupId: string;
  ApplyImmediately: boolean;
  CacheNodeType?: string;
  Engine?: string;
  EngineVersion?: string;
  CacheParameterGroupName?: string;
  GlobalReplicationGroupDescription?: string;
  AutomaticFailoverEnabled?: boolean;
}

export interface ModifyGlobalReplicationGroupResult {
  GlobalReplicationGroup?: GlobalReplicationGroup;
}

export interface ModifyReplicationGroupMessage {
  ReplicationGroupId: string;
  ReplicationGroupDescription?: string;
  PrimaryClusterId?: string;
  SnapshottingClusterId?: string;
  AutomaticFailoverEnabled?: boolean;
  MultiAZEnabled?: boolean;
  NodeGroupId?: string;
  CacheSecurityGroupNames?: string[];
  SecurityGroupIds?: string[];
  PreferredMaintenanceWindow?: string;
  NotificationTopicArn?: string;
  CacheParameterGroupName?: string;
  NotificationTopicStatus?: string;
  ApplyImmediately?: boolean;
  Engine?: string;
  EngineVersion?: string;
  AutoMinorVersionUpgrade?: boolean;
  SnapshotRetentionLimit?: number;
  SnapshotWindow?: string;
  CacheNodeType?: string;
  AuthToken?: string;
  AuthTokenUpdateStrategy?: string;
  UserGroupIdsToAdd?: string[];
  UserGroupIdsToRemove?: string[];
  RemoveUserGroups?: boolean;
  LogDeliveryConfigurations?: LogDeliveryConfigurationRequest[];
  IpDiscovery?: string;
  TransitEncryptionEnabled?: boolean;
  TransitEncryptionMode?: string;
  ClusterMode?: string;
  Durability?: string;
}

export interface ModifyReplicationGroupResult {
  ReplicationGroup?: ReplicationGroup;
}

export interface ModifyReplicationGroupShardConfigurationMessage {
  ReplicationGroupId: string;
  NodeGroupCount: number;
  ApplyImmediately: boolean;
  ReshardingConfiguration?: ReshardingConfiguration[];
  NodeGroupsToRemove?: string[];
  NodeGroupsToRetain?: string[];
}

export interface ModifyReplicationGroupShardConfigurationResult {
  ReplicationGroup?: ReplicationGroup;
}

export interface ModifyServerlessCacheRequest {
  ServerlessCacheName: string;
  Description?: string;
  CacheUsageLimits?: CacheUsageLimits;
  RemoveUserGroup?: boolean;
  UserGroupId?: string;
  SecurityGroupIds?: string[];
  SnapshotRetentionLimit?: number;
  DailySnapshotTime?: string;
  Engine?: string;
  MajorEngineVersion?: string;
}

export interface ModifyServerlessCacheResponse {
  ServerlessCache?: ServerlessCache;
}

export interface ModifyUserGroupMessage {
  UserGroupId: string;
  UserIdsToAdd?: string[];
  UserIdsToRemove?: string[];
  Engine?: string;
}

export interface ModifyUserMessage {
  UserId: string;
  AccessString?: string;
  AppendAccessString?: string;
  Passwords?: string[];
  NoPasswordRequired?: boolean;
  AuthenticationMode?: AuthenticationMode;
  Engine?: string;
}

export interface NodeGroup {
  NodeGroupId?: string;
  Status?: string;
  PrimaryEndpoint?: Endpoint;
  ReaderEndpoint?: Endpoint;
  Slots?: string;
  NodeGroupMembers?: NodeGroupMember[];
}

export interface NodeGroupConfiguration {
  NodeGroupId?: string;
  Slots?: string;
  ReplicaCount?: number;
  PrimaryAvailabilityZone?: string;
  ReplicaAvailabilityZones?: string[];
  PrimaryOutpostArn?: string;
  ReplicaOutpostArns?: string[];
}

export interface NodeGroupMember {
  CacheClusterId?: string;
  CacheNodeId?: string;
  ReadEndpoint?: Endpoint;
  PreferredAvailabilityZone?: string;
  PreferredOutpostArn?: string;
  CurrentRole?: string;
}

export interface NodeGroupMemberUpdateStatus {
  CacheClusterId?: string;
  CacheNodeId?: string;
  NodeUpdateStatus?: string;
  NodeDeletionDate?: Date;
  NodeUpdateStartDate?: Date;
  NodeUpdateEndDate?: Date;
  NodeUpdateInitiatedBy?: string;
  NodeUpdateInitiatedDate?: Date;
  NodeUpdateStatusModifiedDate?: Date;
}

export interface NodeGroupUpdateStatus {
  NodeGroupId?: string;
  NodeGroupMemberUpdateStatus?: NodeGroupMemberUpdateStatus[];
}

export interface NodeSnapshot {
  CacheClusterId?: string;
  NodeGroupId?: string;
  CacheNodeId?: string;
  NodeGroupConfiguration?: NodeGroupConfiguration;
  CacheSize?: string;
  CacheNodeCreateTime?: Date;
  SnapshotCreateTime?: Date;
}

export interface NotificationConfiguration {
  TopicArn?: string;
  TopicStatus?: string;
}

export interface Parameter {
  ParameterName?: string;
  ParameterValue?: string;
  Description?: string;
  Source?: string;
  DataType?: string;
  AllowedValues?: string;
  IsModifiable?: boolean;
  MinimumEngineVersion?: string;
  ChangeType?: string;
}

export interface ParameterNameValue {
  ParameterName?: string;
  ParameterValue?: string;
}

export interface PendingLogDeliveryConfiguration {
  LogType?: string;
  DestinationType?: string;
  DestinationDetails?: DestinationDetails;
  LogFormat?: string;
}

export interface PendingModifiedValues {
  NumCacheNodes?: number;
  CacheNodeIdsToRemove?: string[];
  EngineVersion?: string;
  CacheNodeType?: string;
  AuthTokenStatus?: string;
  LogDeliveryConfigurations?: PendingLogDeliveryConfiguration[];
  TransitEncryptionEnabled?: boolean;
  TransitEncryptionMode?: string;
  ScaleConfig?: ScaleConfig;
}

export interface ProcessedUpdateAction {
  ReplicationGroupId?: string;
  CacheClusterId?: string;
  ServiceUpdateName?: string;
  UpdateActionStatus?: string;
}

export interface PurchaseReservedCacheNodesOfferingMessage {
  ReservedCacheNodesOfferingId: string;
  ReservedCacheNodeId?: string;
  CacheNodeCount?: number;
  Tags?: Tag[];
}

export interface PurchaseReservedCacheNodesOfferingResult {
  ReservedCacheNode?: ReservedCacheNode;
}

export interface RebalanceSlotsInGlobalReplicationGroupMessage {
  GlobalReplicationGroupId: string;
  ApplyImmediately: boolean;
}

export interface RebalanceSlotsInGlobalReplicationGroupResult {
  GlobalReplicationGroup?: GlobalReplicationGroup;
}

export interface RebootCacheClusterMessage {
  CacheClusterId: string;
  CacheNodeIdsToReboot: string[];
}

export interface RebootCacheClusterResult {
  CacheCluster?: CacheCluster;
}

export interface RecurringCharge {
  RecurringChargeAmount?: number;
  RecurringChargeFrequency?: string;
}

export interface RegionalConfiguration {
  ReplicationGroupId: string;
  ReplicationGroupRegion: string;
  ReshardingConfiguration: ReshardingConfiguration[];
}

export interface RemoveTagsFromResourceMessage {
  ResourceName: string;
  TagKeys: string[];
}

export interface ReplicationGroup {
  ReplicationGroupId?: string;
  Description?: string;
  GlobalReplicationGroupInfo?: GlobalReplicationGroupInfo;
  Status?: string;
  PendingModifiedValues?: ReplicationGroupPendingModifiedValues;
  MemberClusters?: string[];
  NodeGroups?: NodeGroup[];
  SnapshottingClusterId?: string;
  AutomaticFailover?: string;
  MultiAZ?: string;
  ConfigurationEndpoint?: Endpoint;
  SnapshotRetentionLimit?: number;
  SnapshotWindow?: string;
  ClusterEnabled?: boolean;
  CacheNodeType?: string;
  AuthTokenEnabled?: boolean;
  AuthTokenLastModifiedDate?: Date;
  TransitEncryptionEnabled?: boolean;
  AtRestEncryptionEnabled?: boolean;
  MemberClustersOutpostArns?: string[];
  KmsKeyId?: string;
  StorageEncryptionType?: string;
  ARN?: string;
  UserGroupIds?: string[];
  LogDeliveryConfigurations?: LogDeliveryConfiguration[];
  ReplicationGroupCreateTime?: Date;
  DataTiering?: string;
  AutoMinorVersionUpgrade?: boolean;
  NetworkType?: string;
  IpDiscovery?: string;
  TransitEncryptionMode?: string;
  ClusterMode?: string;
  Engine?: string;
  Durability?: string;
  EffectiveDurability?: string;
}

export interface ReplicationGroupMessage {
  Marker?: string;
  ReplicationGroups?: ReplicationGroup[];
}

export interface ReplicationGroupPendingModifiedValues {
  PrimaryClusterId?: string;
  AutomaticFailoverStatus?: string;
  Resharding?: ReshardingStatus;
  AuthTokenStatus?: string;
  UserGroups?: UserGroupsUpdateStatus;
  LogDeliveryConfigurations?: PendingLogDeliveryConfiguration[];
  TransitEncryptionEnabled?: boolean;
  TransitEncryptionMode?: string;
  ClusterMode?: string;
}

export interface ReservedCacheNode {
  ReservedCacheNodeId?: string;
  ReservedCacheNodesOfferingId?: string;
  CacheNodeType?: string;
  StartTime?: Date;
  Duration?: number;
  FixedPrice?: number;
  UsagePrice?: number;
  CacheNodeCount?: number;
  ProductDescription?: string;
  OfferingType?: string;
  State?: string;
  RecurringCharges?: RecurringCharge[];
  ReservationARN?: string;
}

export interface ReservedCacheNodeMessage {
  Marker?: string;
  ReservedCacheNodes?: ReservedCacheNode[];
}

export interface ReservedCacheNodesOffering {
  ReservedCacheNodesOfferingId?: string;
  CacheNodeType?: string;
  Duration?: number;
  FixedPrice?: number;
  UsagePrice?: number;
  ProductDescription?: string;
  OfferingType?: string;
  RecurringCharges?: RecurringCharge[];
}

export interface ReservedCacheNodesOfferingMessage {
  Marker?: string;
  ReservedCacheNodesOfferings?: ReservedCacheNodesOffering[];
}

export interface ResetCacheParameterGroupMessage {
  CacheParameterGroupName: string;
  ResetAllParameters?: boolean;
  ParameterNameValues?: ParameterNameValue[];
}

export interface ReshardingConfiguration {
  NodeGroupId?: string;
  PreferredAvailabilityZones?: string[];
}

export interface ReshardingStatus {
  SlotMigration?: SlotMigration;
}

export interface RevokeCacheSecurityGroupIngressMessage {
  CacheSecurityGroupName: string;
  EC2SecurityGroupName: string;
  EC2SecurityGroupOwnerId: string;
}

export interface RevokeCacheSecurityGroupIngressResult {
  CacheSecurityGroup?: CacheSecurityGroup;
}

export interface ScaleConfig {
  ScalePercentage?: number;
  ScaleIntervalMinutes?: number;
}

export interface SecurityGroupMembership {
  SecurityGroupId?: string;
  Status?: string;
}

export interface ServerlessCache {
  ServerlessCacheName?: string;
  Description?: string;
  CreateTime?: Date;
  Status?: string;
  Engine?: string;
  MajorEngineVersion?: string;
  FullEngineVersion?: string;
  CacheUsageLimits?: CacheUsageLimits;
  KmsKeyId?: string;
  StorageEncryptionType?: string;
  SecurityGroupIds?: string[];
  Endpoint?: Endpoint;
  ReaderEndpoint?: Endpoint;
  ARN?: string;
  UserGroupId?: string;
  SubnetIds?: string[];
  SnapshotRetentionLimit?: number;
  DailySnapshotTime?: string;
  NetworkType?: string;
}

export interface ServerlessCacheConfiguration {
  ServerlessCacheName?: string;
  Engine?: string;
  MajorEngineVersion?: string;
}

export interface ServerlessCacheSnapshot {
  ServerlessCacheSnapshotName?: string;
  ARN?: string;
  KmsKeyId?: string;
  SnapshotType?: string;
  Status?: string;
  CreateTime?: Date;
  ExpiryTime?: Date;
  BytesUsedForCache?: string;
  ServerlessCacheConfiguration?: ServerlessCacheConfiguration;
}

export interface ServiceUpdate {
  ServiceUpdateName?: string;
  ServiceUpdateReleaseDate?: Date;
  ServiceUpdateEndDate?: Date;
  ServiceUpdateSeverity?: string;
  ServiceUpdateRecommendedApplyByDate?: Date;
  ServiceUpdateStatus?: string;
  ServiceUpdateDescription?: string;
  ServiceUpdateType?: string;
  Engine?: string;
  EngineVersion?: string;
  AutoUpdateAfterRecommendedApplyByDate?: boolean;
  EstimatedUpdateTime?: string;
}

export interface ServiceUpdatesMessage {
  Marker?: string;
  ServiceUpdates?: ServiceUpdate[];
}

export interface SlotMigration {
  ProgressPercentage?: number;
}

export interface Snapshot {
  SnapshotName?: string;
  ReplicationGroupId?: string;
  ReplicationGroupDescription?: string;
  CacheClusterId?: string;
  SnapshotStatus?: string;
  SnapshotSource?: string;
  CacheNodeType?: string;
  Engine?: string;
  EngineVersion?: string;
  NumCacheNodes?: number;
  PreferredAvailabilityZone?: string;
  PreferredOutpostArn?: string;
  CacheClusterCreateTime?: Date;
  PreferredMaintenanceWindow?: string;
  TopicArn?: string;
  Port?: number;
  CacheParameterGroupName?: string;
  CacheSubnetGroupName?: string;
  VpcId?: string;
  AutoMinorVersionUpgrade?: boolean;
  SnapshotRetentionLimit?: number;
  SnapshotWindow?: string;
  NumNodeGroups?: number;
  AutomaticFailover?: string;
  NodeSnapshots?: NodeSnapshot[];
  KmsKeyId?: string;
  ARN?: string;
  DataTiering?: string;
  Durability?: string;
}

export interface StartMigrationMessage {
  ReplicationGroupId: string;
  CustomerNodeEndpointList: CustomerNodeEndpoint[];
}

export interface StartMigrationResponse {
  ReplicationGroup?: ReplicationGroup;
}

export interface Subnet {
  SubnetIdentifier?: string;
  SubnetAvailabilityZone?: AvailabilityZone;
  SubnetOutpost?: SubnetOutpost;
  SupportedNetworkTypes?: string[];
}

export interface SubnetOutpost {
  SubnetOutpostArn?: string;
}

export interface Tag {
  Key?: string;
  Value?: string;
}

export interface TagListMessage {
  TagList?: Tag[];
}

export interface TestFailoverMessage {
  ReplicationGroupId: string;
  NodeGroupId: string;
}

export interface TestFailoverResult {
  ReplicationGroup?: ReplicationGroup;
}

export interface TestMigrationMessage {
  ReplicationGroupId: string;
  CustomerNodeEndpointList: CustomerNodeEndpoint[];
}

export interface TestMigrationResponse {
  ReplicationGroup?: ReplicationGroup;
}

export interface TimeRangeFilter {
  StartTime?: Date;
  EndTime?: Date;
}

export interface UnprocessedUpdateAction {
  ReplicationGroupId?: string;
  CacheClusterId?: string;
  ServiceUpdateName?: string;
  ErrorType?: string;
  ErrorMessage?: string;
}

export interface UpdateAction {
  ReplicationGroupId?: string;
  CacheClusterId?: string;
  ServiceUpdateName?: string;
  ServiceUpdateReleaseDate?: Date;
  ServiceUpdateSeverity?: string;
  ServiceUpdateStatus?: string;
  ServiceUpdateRecommendedApplyByDate?: Date;
  ServiceUpdateType?: string;
  UpdateActionAvailableDate?: Date;
  UpdateActionStatus?: string;
  NodesUpdated?: string;
  UpdateActionStatusModifiedDate?: Date;
  SlaMet?: string;
  NodeGroupUpdateStatus?: NodeGroupUpdateStatus[];
  CacheNodeUpdateStatus?: CacheNodeUpdateStatus[];
  EstimatedUpdateTime?: string;
  Engine?: string;
}

export interface UpdateActionResultsMessage {
  ProcessedUpdateActions?: ProcessedUpdateAction[];
  UnprocessedUpdateActions?: UnprocessedUpdateAction[];
}

export interface UpdateActionsMessage {
  Marker?: string;
  UpdateActions?: UpdateAction[];
}

export interface User {
  UserId?: string;
  UserName?: string;
  Status?: string;
  Engine?: string;
  MinimumEngineVersion?: string;
  AccessString?: string;
  UserGroupIds?: string[];
  Authentication?: Authentication;
  ARN?: string;
}

export interface UserGroup {
  UserGroupId?: string;
  Status?: string;
  Engine?: string;
  UserIds?: string[];
  MinimumEngineVersion?: string;
  PendingChanges?: UserGroupPendingChanges;
  ReplicationGroups?: string[];
  ServerlessCaches?: string[];
  ARN?: string;
}

export interface UserGroupPendingChanges {
  UserIdsToRemove?: string[];
  UserIdsToAdd?: string[];
}

export interface UserGroupsUpdateStatus {
  UserGroupIdsToAdd?: string[];
  UserGroupIdsToRemove?: string[];
}

export type OperationName =
  | "AddTagsToResource"
  | "AuthorizeCacheSecurityGroupIngress"
  | "BatchApplyUpdateAction"
  | "BatchStopUpdateAction"
  | "CompleteMigration"
  | "CopyServerlessCacheSnapshot"
  | "CopySnapshot"
  | "CreateCacheCluster"
  | "CreateCacheParameterGroup"
  | "CreateCacheSecurityGroup"
  | "CreateCacheSubnetGroup"
  | "CreateGlobalReplicationGroup"
  | "CreateReplicationGroup"
  | "CreateServerlessCache"
  | "CreateServerlessCacheSnapshot"
  | "CreateSnapshot"
  | "CreateUser"
  | "CreateUserGroup"
  | "DecreaseNodeGroupsInGlobalReplicationGroup"
  | "DecreaseReplicaCount"
  | "DeleteCacheCluster"
  | "DeleteCacheParameterGroup"
  | "DeleteCacheSecurityGroup"
  | "DeleteCacheSubnetGroup"
  | "DeleteGlobalReplicationGroup"
  | "DeleteReplicationGroup"
  | "DeleteServerlessCache"
  | "DeleteServerlessCacheSnapshot"
  | "DeleteSnapshot"
  | "DeleteUser"
  | "DeleteUserGroup"
  | "DescribeCacheClusters"
  | "DescribeCacheEngineVersions"
  | "DescribeCacheParameterGroups"
  | "DescribeCacheParameters"
  | "DescribeCacheSecurityGroups"
  | "DescribeCacheSubnetGroups"
  | "DescribeEngineDefaultParameters"
  | "DescribeEvents"
  | "DescribeGlobalReplicationGroups"
  | "DescribeReplicationGroups"
  | "DescribeReservedCacheNodes"
  | "DescribeReservedCacheNodesOfferings"
  | "DescribeServerlessCacheSnapshots"
  | "DescribeServerlessCaches"
  | "DescribeServiceUpdates"
  | "DescribeSnapshots"
  | "DescribeUpdateActions"
  | "DescribeUserGroups"
  | "DescribeUsers"
  | "DisassociateGlobalReplicationGroup"
  | "ExportServerlessCacheSnapshot"
  | "FailoverGlobalReplicationGroup"
  | "IncreaseNodeGroupsInGlobalReplicationGroup"
  | "IncreaseReplicaCount"
  | "ListAllowedNodeTypeModifications"
  | "ListTagsForResource"
  | "ModifyCacheCluster"
  | "ModifyCacheParameterGroup"
  | "ModifyCacheSubnetGroup"
  | "ModifyGlobalReplicationGroup"
  | "ModifyReplicationGroup"
  | "ModifyReplicationGroupShardConfiguration"
  | "ModifyServerlessCache"
  | "ModifyUser"
  | "ModifyUserGroup"
  | "PurchaseReservedCacheNodesOffering"
  | "RebalanceSlotsInGlobalReplicationGroup"
  | "RebootCacheCluster"
  | "RemoveTagsFromResource"
  | "ResetCacheParameterGroup"
  | "RevokeCacheSecurityGroupIngress"
  | "StartMigration"
  | "TestFailover"
  | "TestMigration";

export interface OperationInputs {
  AddTagsToResource: AddTagsToResourceMessage;
  AuthorizeCacheSecurityGroupIngress: AuthorizeCacheSecurityGroupIngressMessage;
  BatchApplyUpdateAction: BatchApplyUpdateActionMessage;
  BatchStopUpdateAction: BatchStopUpdateActionMessage;
  CompleteMigration: CompleteMigrationMessage;
  CopyServerlessCacheSnapshot: CopyServerlessCacheSnapshotRequest;
  CopySnapshot: CopySnapshotMessage;
  CreateCacheCluster: CreateCacheClusterMessage;
  CreateCacheParameterGroup: CreateCacheParameterGroupMessage;
  CreateCacheSecurityGroup: CreateCacheSecurityGroupMessage;
  CreateCacheSubnetGroup: CreateCacheSubnetGroupMessage;
  CreateGlobalReplicationGroup: CreateGlobalReplicationGroupMessage;
  CreateReplicationGroup: CreateReplicationGroupMessage;
  CreateServerlessCache: CreateServerlessCacheRequest;
  CreateServerlessCacheSnapshot: CreateServerlessCacheSnapshotRequest;
  CreateSnapshot: CreateSnapshotMessage;
  CreateUser: CreateUserMessage;
  CreateUserGroup: CreateUserGroupMessage;
  DecreaseNodeGroupsInGlobalReplicationGroup: DecreaseNodeGroupsInGlobalReplicationGroupMessage;
  DecreaseReplicaCount: DecreaseReplicaCountMessage;
  DeleteCacheCluster: DeleteCacheClusterMessage;
  DeleteCacheParameterGroup: DeleteCacheParameterGroupMessage;
  DeleteCacheSecurityGroup: DeleteCacheSecurityGroupMessage;
  DeleteCacheSubnetGroup: DeleteCacheSubnetGroupMessage;
  DeleteGlobalReplicationGroup: DeleteGlobalReplicationGroupMessage;
  DeleteReplicationGroup: DeleteReplicationGroupMessage;
  DeleteServerlessCache: DeleteServerlessCacheRequest;
  DeleteServerlessCacheSnapshot: DeleteServerlessCacheSnapshotRequest;
  DeleteSnapshot: DeleteSnapshotMessage;
  DeleteUser: DeleteUserMessage;
  DeleteUserGroup: DeleteUserGroupMessage;
  DescribeCacheClusters: DescribeCacheClustersMessage;
  DescribeCacheEngineVersions: DescribeCacheEngineVersionsMessage;
  DescribeCacheParameterGroups: DescribeCacheParameterGroupsMessage;
  DescribeCacheParameters: DescribeCacheParametersMessage;
  DescribeCacheSecurityGroups: DescribeCacheSecurityGroupsMessage;
  DescribeCacheSubnetGroups: DescribeCacheSubnetGroupsMessage;
  DescribeEngineDefaultParameters: DescribeEngineDefaultParametersMessage;
  DescribeEvents: DescribeEventsMessage;
  DescribeGlobalReplicationGroups: DescribeGlobalReplicationGroupsMessage;
  DescribeReplicationGroups: DescribeReplicationGroupsMessage;
  DescribeReservedCacheNodes: DescribeReservedCacheNodesMessage;
  DescribeReservedCacheNodesOfferings: DescribeReservedCacheNodesOfferingsMessage;
  DescribeServerlessCacheSnapshots: DescribeServerlessCacheSnapshotsRequest;
  DescribeServerlessCaches: DescribeServerlessCachesRequest;
  DescribeServiceUpdates: DescribeServiceUpdatesMessage;
  DescribeSnapshots: DescribeSnapshotsMessage;
  DescribeUpdateActions: DescribeUpdateActionsMessage;
  DescribeUserGroups: DescribeUserGroupsMessage;
  DescribeUsers: DescribeUsersMessage;
  DisassociateGlobalReplicationGroup: DisassociateGlobalReplicationGroupMessage;
  ExportServerlessCacheSnapshot: ExportServerlessCacheSnapshotRequest;
  FailoverGlobalReplicationGroup: FailoverGlobalReplicationGroupMessage;
  IncreaseNodeGroupsInGlobalReplicationGroup: IncreaseNodeGroupsInGlobalReplicationGroupMessage;
  IncreaseReplicaCount: IncreaseReplicaCountMessage;
  ListAllowedNodeTypeModifications: ListAllowedNodeTypeModificationsMessage;
  ListTagsForResource: ListTagsForResourceMessage;
  ModifyCacheCluster: ModifyCacheClusterMessage;
  ModifyCacheParameterGroup: ModifyCacheParameterGroupMessage;
  ModifyCacheSubnetGroup: ModifyCacheSubnetGroupMessage;
  ModifyGlobalReplicationGroup: ModifyGlobalReplicationGroupMessage;
  ModifyReplicationGroup: ModifyReplicationGroupMessage;
  ModifyReplicationGroupShardConfiguration: ModifyReplicationGroupShardConfigurationMessage;
  ModifyServerlessCache: ModifyServerlessCacheRequest;
  ModifyUser: ModifyUserMessage;
  ModifyUserGroup: ModifyUserGroupMessage;
  PurchaseReservedCacheNodesOffering: PurchaseReservedCacheNodesOfferingMessage;
  RebalanceSlotsInGlobalReplicationGroup: RebalanceSlotsInGlobalReplicationGroupMessage;
  RebootCacheCluster: RebootCacheClusterMessage;
  RemoveTagsFromResource: RemoveTagsFromResourceMessage;
  ResetCacheParameterGroup: ResetCacheParameterGroupMessage;
  RevokeCacheSecurityGroupIngress: RevokeCacheSecurityGroupIngressMessage;
  StartMigration: StartMigrationMessage;
  TestFailover: TestFailoverMessage;
  TestMigration: TestMigrationMessage;
}

export interface OperationOutputs {
  AddTagsToResource: TagListMessage;
  AuthorizeCacheSecurityGroupIngress: AuthorizeCacheSecurityGroupIngressResult;
  BatchApplyUpdateAction: UpdateActionResultsMessage;
  BatchStopUpdateAction: UpdateActionResultsMessage;
  CompleteMigration: CompleteMigrationResponse;
  CopyServerlessCacheSnapshot: CopyServerlessCacheSnapshotResponse;
  CopySnapshot: CopySnapshotResult;
  CreateCacheCluster: CreateCacheClusterResult;
  CreateCacheParameterGroup: CreateCacheParameterGroupResult;
  CreateCacheSecurityGroup: CreateCacheSecurityGroupResult;
  CreateCacheSubnetGroup: CreateCacheSubnetGroupResult;
  CreateGlobalReplicationGroup: CreateGlobalReplicationGroupResult;
  CreateReplicationGroup: CreateReplicationGroupResult;
  CreateServerlessCache: CreateServerlessCacheResponse;
  CreateServerlessCacheSnapshot: CreateServerlessCacheSnapshotResponse;
  CreateSnapshot: CreateSnapshotResult;
  CreateUser: User;
  CreateUserGroup: UserGroup;
  DecreaseNodeGroupsInGlobalReplicationGroup: DecreaseNodeGroupsInGlobalReplicationGroupResult;
  DecreaseReplicaCount: DecreaseReplicaCountResult;
  DeleteCacheCluster: DeleteCacheClusterResult;
  DeleteCacheParameterGroup: void;
  DeleteCacheSecurityGroup: void;
  DeleteCacheSubnetGroup: void;
  DeleteGlobalReplicationGroup: DeleteGlobalReplicationGroupResult;
  DeleteReplicationGroup: DeleteReplicationGroupResult;
  DeleteServerlessCache: DeleteServerlessCacheResponse;
  DeleteServerlessCacheSnapshot: DeleteServerlessCacheSnapshotResponse;
  DeleteSnapshot: DeleteSnapshotResult;
  DeleteUser: User;
  DeleteUserGroup: UserGroup;
  DescribeCacheClusters: CacheClusterMessage;
  DescribeCacheEngineVersions: CacheEngineVersionMessage;
  DescribeCacheParameterGroups: CacheParameterGroupsMessage;
  DescribeCacheParameters: CacheParameterGroupDetails;
  DescribeCacheSecurityGroups: CacheSecurityGroupMessage;
  DescribeCacheSubnetGroups: CacheSubnetGroupMessage;
  DescribeEngineDefaultParameters: DescribeEngineDefaultParametersResult;
  DescribeEvents: EventsMessage;
  DescribeGlobalReplicationGroups: DescribeGlobalReplicationGroupsResult;
  DescribeReplicationGroups: ReplicationGroupMessage;
  DescribeReservedCacheNodes: ReservedCacheNodeMessage;
  DescribeReservedCacheNodesOfferings: ReservedCacheNodesOfferingMessage;
  DescribeServerlessCacheSnapshots: DescribeServerlessCacheSnapshotsResponse;
  DescribeServerlessCaches: DescribeServerlessCachesResponse;
  DescribeServiceUpdates: ServiceUpdatesMessage;
  DescribeSnapshots: DescribeSnapshotsListMessage;
  DescribeUpdateActions: UpdateActionsMessage;
  DescribeUserGroups: DescribeUserGroupsResult;
  DescribeUsers: DescribeUsersResult;
  DisassociateGlobalReplicationGroup: DisassociateGlobalReplicationGroupResult;
  ExportServerlessCacheSnapshot: ExportServerlessCacheSnapshotResponse;
  FailoverGlobalReplicationGroup: FailoverGlobalReplicationGroupResult;
  IncreaseNodeGroupsInGlobalReplicationGroup: IncreaseNodeGroupsInGlobalReplicationGroupResult;
  IncreaseReplicaCount: IncreaseReplicaCountResult;
  ListAllowedNodeTypeModifications: AllowedNodeTypeModificationsMessage;
  ListTagsForResource: TagListMessage;
  ModifyCacheCluster: ModifyCacheClusterResult;
  ModifyCacheParameterGroup: CacheParameterGroupNameMessage;
  ModifyCacheSubnetGroup: ModifyCacheSubnetGroupResult;
  ModifyGlobalReplicationGroup: ModifyGlobalReplicationGroupResult;
  ModifyReplicationGroup: ModifyReplicationGroupResult;
  ModifyReplicationGroupShardConfiguration: ModifyReplicationGroupShardConfigurationResult;
  ModifyServerlessCache: ModifyServerlessCacheResponse;
  ModifyUser: User;
  ModifyUserGroup: UserGroup;
  PurchaseReservedCacheNodesOffering: PurchaseReservedCacheNodesOfferingResult;
  RebalanceSlotsInGlobalReplicationGroup: RebalanceSlotsInGlobalReplicationGroupResult;
  RebootCacheCluster: RebootCacheClusterResult;
  RemoveTagsFromResource: TagListMessage;
  ResetCacheParameterGroup: CacheParameterGroupNameMessage;
  RevokeCacheSecurityGroupIngress: RevokeCacheSecurityGroupIngressResult;
  StartMigration: StartMigrationResponse;
  TestFailover: TestFailoverResult;
  TestMigration: TestMigrationResponse;
}
