import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddTagsToResourceCommand,
  CreateCacheClusterCommand,
  CreateCacheParameterGroupCommand,
  CreateCacheSubnetGroupCommand,
  CreateReplicationGroupCommand,
  DeleteCacheParameterGroupCommand,
  DescribeReplicationGroupsCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
  type ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import type { Emulator } from '../bin/emulator.ts';
import { awsCli, awsCliAvailable } from './helpers/aws-cli.ts';
import { sdkClient, startTestEmulator, waitFor, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

const ARN = 'arn:aws:elasticache:us-east-1:000000000000';

describe('tags by ARN', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({}, (e, c) => {
    em = e;
    client = c;
  });

  test('add overwrites and appends, list shows them in order, remove takes keys away', async () => {
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'tagged', CacheNodeType: 'cache.t3.micro', Tags: [{ Key: 'team', Value: 'a' }] }));
    const arn = `${ARN}:cluster:tagged`;
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList, [{ Key: 'team', Value: 'a' }]);

    const added = await client.send(
      new AddTagsToResourceCommand({
        ResourceName: arn,
        Tags: [
          { Key: 'team', Value: 'b' },
          { Key: 'env', Value: 'prod' },
          { Key: 'Empty', Value: '' },
        ],
      }),
    );
    assert.deepEqual(added.TagList, [
      { Key: 'team', Value: 'b' },
      { Key: 'env', Value: 'prod' },
      { Key: 'Empty', Value: '' },
    ]);
    // The id in an ARN is matched case-insensitively; tags stay on the stored resource.
    const upper = await client.send(new ListTagsForResourceCommand({ ResourceName: `${ARN}:cluster:TAGGED` }));
    assert.deepEqual(upper.TagList, added.TagList);

    const removed = await client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['team', 'Empty'] }));
    assert.deepEqual(removed.TagList, [{ Key: 'env', Value: 'prod' }]);
    const notThere = await fault(client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['env', 'team'] })));
    assert.deepEqual([notThere.name, notThere.status], ['TagNotFoundFault', 404]);
    assert.match(notThere.message, /team/);
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList, [{ Key: 'env', Value: 'prod' }], 'a refused removal removes nothing');
  });

  test('at most 50 tags per resource; overwriting a key does not count', async () => {
    await client.send(new CreateCacheParameterGroupCommand({ CacheParameterGroupName: 'many-tags', CacheParameterGroupFamily: 'redis7', Description: 'd', Tags: [{ Key: 'k0', Value: 'v' }] }));
    const arn = `${ARN}:parametergroup:many-tags`;
    const fortyNine = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i + 1}`, Value: 'v' }));
    const full = await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: fortyNine }));
    assert.equal(full.TagList!.length, 50);
    const overwrite = await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'k0', Value: 'changed' }] }));
    assert.equal(overwrite.TagList!.length, 50);
    const over = await fault(client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'k50', Value: 'v' }] })));
    assert.deepEqual([over.name, over.status], ['TagQuotaPerResourceExceeded', 400]);
    const reserved = await fault(client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'aws:owner', Value: 'v' }] })));
    assert.deepEqual([reserved.name, reserved.status], ['InvalidParameterValueException', 400]);

    await client.send(new DeleteCacheParameterGroupCommand({ CacheParameterGroupName: 'many-tags' }));
    const gone = await fault(client.send(new ListTagsForResourceCommand({ ResourceName: arn })));
    assert.deepEqual([gone.name, gone.status], ['CacheParameterGroupNotFoundFault', 404]);
  });

  test('parameter groups and subnet groups, default ones included, are taggable', async () => {
    await client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sn', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-1'], Tags: [{ Key: 'a', Value: '1' }] }));
    for (const arn of [`${ARN}:subnetgroup:sn`, `${ARN}:subnetgroup:default`, `${ARN}:parametergroup:default.valkey8`]) {
      const out = await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'b', Value: '2' }] }));
      assert.ok(out.TagList!.some((t) => t.Key === 'b'), arn);
    }
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceName: `${ARN}:subnetgroup:sn` }))).TagList, [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ]);
  });

  test('malformed ARNs, unknown resources, and resources of other accounts or regions', async () => {
    await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'mine', CacheNodeType: 'cache.t3.micro' }));
    const cases: Array<[string, string, number]> = [
      ['not-an-arn', 'InvalidARNFault', 400],
      ['arn:aws:s3:::bucket', 'InvalidARNFault', 400],
      [`${ARN}:widget:x`, 'InvalidARNFault', 400],
      ['arn:aws:elasticache::000000000000:globalreplicationgroup:ldgnf-g', 'InvalidARNFault', 400],
      [`${ARN}:cluster:nope`, 'CacheClusterNotFoundFault', 404],
      ['arn:aws:elasticache:eu-west-1:000000000000:cluster:mine', 'CacheClusterNotFoundFault', 404],
      ['arn:aws:elasticache:us-east-1:123456789012:cluster:mine', 'CacheClusterNotFoundFault', 404],
      [`${ARN}:replicationgroup:nope`, 'ReplicationGroupNotFoundFault', 404],
      [`${ARN}:parametergroup:nope`, 'CacheParameterGroupNotFoundFault', 404],
      [`${ARN}:subnetgroup:nope`, 'CacheSubnetGroupNotFoundFault', 400],
      [`${ARN}:securitygroup:nope`, 'CacheSecurityGroupNotFoundFault', 404],
      [`${ARN}:snapshot:nope`, 'SnapshotNotFoundFault', 404],
      [`${ARN}:user:nope`, 'UserNotFoundFault', 404],
      [`${ARN}:usergroup:nope`, 'UserGroupNotFoundFault', 404],
      [`${ARN}:reserved-instance:nope`, 'ReservedCacheNodeNotFoundFault', 404],
      [`${ARN}:serverlesscache:nope`, 'ServerlessCacheNotFoundFault', 404],
      [`${ARN}:serverlesscachesnapshot:nope`, 'ServerlessCacheSnapshotNotFoundFault', 404],
    ];
    for (const [arn, name, status] of cases) {
      for (const call of [
        client.send(new ListTagsForResourceCommand({ ResourceName: arn })),
        client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'k', Value: 'v' }] })),
        client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['k'] })),
      ]) {
        const f = await fault(call);
        assert.deepEqual([f.name, f.status], [name, status], `${arn}: ${f.message}`);
      }
    }
    const other = sdkClient(em, { accessKeyId: '123456789012' });
    const f = await fault(other.send(new ListTagsForResourceCommand({ ResourceName: `${ARN}:cluster:mine` })));
    other.destroy();
    assert.equal(f.name, 'CacheClusterNotFoundFault');
  });
});

describe('tags of a replication group', () => {
  test('reach its member clusters; the group must be available', async () => {
    // Realistic timing keeps the group in `creating` long enough to be seen there.
    const em = await startTestEmulator({ timing: 'realistic', realisticScale: 0.003 });
    const client = sdkClient(em);
    try {
      await client.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'tagged-rg', ReplicationGroupDescription: 'd', CacheNodeType: 'cache.t3.micro', NumCacheClusters: 2 }));
      const arn = `${ARN}:replicationgroup:tagged-rg`;
      const early = await fault(client.send(new ListTagsForResourceCommand({ ResourceName: arn })));
      assert.deepEqual([early.name, early.status, early.message], ['InvalidReplicationGroupStateFault', 400, 'Cluster not in available state to perform tagging operations.']);
      await waitFor(async () => (await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'tagged-rg' }))).ReplicationGroups![0].Status === 'available', 20_000, 50);

      await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'app', Value: 'web' }] }));
      for (const member of ['tagged-rg-001', 'tagged-rg-002']) {
        const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: `${ARN}:cluster:${member}` }));
        assert.deepEqual(tags.TagList, [{ Key: 'app', Value: 'web' }], member);
      }
      await client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ['app'] }));
      assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceName: `${ARN}:cluster:tagged-rg-002` }))).TagList, []);
    } finally {
      client.destroy();
      await em.stop();
    }
  });
});

describe('tags through the AWS CLI', async () => {
  const present = await awsCliAvailable();
  let em: Emulator;
  before(async () => {
    if (present) em = await startTestEmulator();
  });
  after(async () => {
    if (present) await em.stop();
  });

  test('add, list, remove; TagNotFound by code', { skip: present ? false : 'aws CLI not installed (.ci/run installs it)' }, async () => {
    const arn = `${ARN}:subnetgroup:default`;
    const added = await awsCli(em, ['add-tags-to-resource', '--resource-name', arn, '--tags', 'Key=Project,Value=querySpeedUp', 'Key=Environment,Value=PROD']);
    assert.deepEqual(added.json, { TagList: [{ Key: 'Project', Value: 'querySpeedUp' }, { Key: 'Environment', Value: 'PROD' }] });
    const removed = await awsCli(em, ['remove-tags-from-resource', '--resource-name', arn, '--tag-keys', 'Project']);
    assert.deepEqual(removed.json, { TagList: [{ Key: 'Environment', Value: 'PROD' }] });
    const missing = await awsCli(em, ['remove-tags-from-resource', '--resource-name', arn, '--tag-keys', 'Project']);
    assert.match(missing.error!, /\(TagNotFound\)/);
    const invalid = await awsCli(em, ['list-tags-for-resource', '--resource-name', 'nonsense']);
    assert.match(invalid.error!, /\(InvalidARN\)/);
  });
});
