import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DeleteCacheClusterCommand,
  DeleteReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  waitUntilCacheClusterAvailable,
  waitUntilCacheClusterDeleted,
  waitUntilReplicationGroupAvailable,
  waitUntilReplicationGroupDeleted,
} from '@aws-sdk/client-elasticache';
import type { TimingProfileName } from '../provisioner/timing.ts';
import { sdkClient, startTestEmulator } from './helpers/emulator.ts';

const profiles: Array<[TimingProfileName, number]> = [
  ['instant', 1],
  ['fast', 1],
  // Realistic durations scaled down so a create takes about half a second.
  ['realistic', 0.0012],
];

for (const [profile, scale] of profiles) {
  test(`the SDK's waiters succeed under the ${profile} profile`, async () => {
    const em = await startTestEmulator({ timing: profile, realisticScale: scale });
    const client = sdkClient(em);
    const waiter = { client, minDelay: 1, maxDelay: 1, maxWaitTime: 60 };
    try {
      await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'timed', CacheNodeType: 'cache.t3.micro' }));
      const rg = await client.send(
        new CreateReplicationGroupCommand({ ReplicationGroupId: 'timed-rg', ReplicationGroupDescription: 'd', NumCacheClusters: 2, CacheNodeType: 'cache.t3.micro' }),
      );
      assert.equal(rg.ReplicationGroup!.Status, 'creating', 'every profile shows creating in the create response, as AWS does');
      await waitUntilCacheClusterAvailable(waiter, { CacheClusterId: 'timed' });
      await waitUntilReplicationGroupAvailable(waiter, { ReplicationGroupId: 'timed-rg' });
      const g = (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'timed-rg' }))).ReplicationGroups![0];
      assert.equal(g.Status, 'available');
      await client.send(new DeleteCacheClusterCommand({ CacheClusterId: 'timed' }));
      await client.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'timed-rg' }));
      await waitUntilCacheClusterDeleted(waiter, { CacheClusterId: 'timed' });
      await waitUntilReplicationGroupDeleted(waiter, { ReplicationGroupId: 'timed-rg' });
    } finally {
      client.destroy();
      await em.stop();
    }
  });
}
