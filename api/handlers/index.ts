import type { HandlerTable } from '../handler-types.ts';
import { cacheClusterHandlers } from './cache-clusters.ts';
import { engineVersionHandlers } from './engine-versions.ts';
import { eventHandlers } from './events.ts';
import { nodeTypeModificationHandlers } from './node-type-modifications.ts';
import { parameterGroupHandlers } from './parameter-groups.ts';
import { replicationGroupHandlers } from './replication-groups.ts';
import { securityGroupHandlers } from './security-groups.ts';
import { shardConfigurationHandlers } from './shard-configuration.ts';
import { subnetGroupHandlers } from './subnet-groups.ts';
import { tagHandlers } from './tags.ts';

/** Every implemented operation; the rest answer a NotImplemented Query error. */
export const handlers: HandlerTable = {
  ...cacheClusterHandlers,
  ...eventHandlers,
  ...replicationGroupHandlers,
  ...shardConfigurationHandlers,
  ...subnetGroupHandlers,
  ...parameterGroupHandlers,
  ...engineVersionHandlers,
  ...tagHandlers,
  ...nodeTypeModificationHandlers,
  ...securityGroupHandlers,
};
