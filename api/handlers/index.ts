import type { HandlerTable } from '../handler-types.ts';
import { cacheClusterHandlers } from './cache-clusters.ts';
import { eventHandlers } from './events.ts';
import { replicationGroupHandlers } from './replication-groups.ts';

/** Every implemented operation; the rest answer a NotImplemented Query error. */
export const handlers: HandlerTable = {
  ...cacheClusterHandlers,
  ...eventHandlers,
  ...replicationGroupHandlers,
};
