import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AuthorizeCacheSecurityGroupIngressCommand,
  CreateCacheClusterCommand,
  CreateCacheSecurityGroupCommand,
  CreateCacheSubnetGroupCommand,
  DeleteCacheClusterCommand,
  DeleteCacheSecurityGroupCommand,
  DeleteCacheSubnetGroupCommand,
  DescribeCacheClustersCommand,
  DescribeCacheSecurityGroupsCommand,
  DescribeCacheSubnetGroupsCommand,
  ListTagsForResourceCommand,
  ModifyCacheSubnetGroupCommand,
  RevokeCacheSecurityGroupIngressCommand,
  waitUntilCacheClusterAvailable,
  waitUntilCacheClusterDeleted,
  type ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { subnetAvailabilityZone } from '../api/catalog/vpc.ts';
import type { Emulator } from '../bin/emulator.ts';
import { awsCli, awsCliAvailable } from './helpers/aws-cli.ts';
import { sdkClient, startTestEmulator, useEmulator } from './helpers/emulator.ts';
import { fault } from './helpers/faults.ts';

/** A made-up subnet id the simulated VPC places in the given zone. */
function subnetIn(zone: string, tag: string): string {
  for (let n = 0; ; n++) {
    const id = `subnet-${tag}${n}`;
    if (subnetAvailabilityZone('us-east-1', id) === zone) return id;
  }
}

describe('cache subnet groups over the simulated VPC', () => {
  let em: Emulator;
  let client: ElastiCacheClient;
  useEmulator({}, (e, c) => {
    em = e;
    client = c;
  });

  test('every account and region has a default group: one subnet per AZ in a default VPC', async () => {
    const out = await client.send(new DescribeCacheSubnetGroupsCommand({}));
    const def = out.CacheSubnetGroups![0];
    assert.equal(def.CacheSubnetGroupName, 'default');
    assert.equal(def.CacheSubnetGroupDescription, 'Default CacheSubnetGroup');
    assert.match(def.VpcId!, /^vpc-[0-9a-f]{17}$/);
    assert.equal(def.ARN, 'arn:aws:elasticache:us-east-1:000000000000:subnetgroup:default');
    assert.deepEqual(def.SupportedNetworkTypes, ['ipv4']);
    assert.deepEqual(def.Subnets!.map((s) => s.SubnetAvailabilityZone!.Name), ['a', 'b', 'c', 'd', 'e', 'f'].map((l) => `us-east-1${l}`));
    for (const s of def.Subnets!) {
      assert.match(s.SubnetIdentifier!, /^subnet-[0-9a-f]{17}$/);
      assert.deepEqual(s.SupportedNetworkTypes, ['ipv4']);
    }
    const again = await client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'DEFAULT' }));
    assert.deepEqual(again.CacheSubnetGroups![0], def, 'stable across calls');

    const other = sdkClient(em, { accessKeyId: '123456789012', region: 'eu-west-1' });
    const theirs = (await other.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'default' }))).CacheSubnetGroups![0];
    other.destroy();
    assert.notEqual(theirs.VpcId, def.VpcId);
    assert.equal(theirs.ARN, 'arn:aws:elasticache:eu-west-1:123456789012:subnetgroup:default');
    assert.deepEqual(theirs.Subnets!.map((s) => s.SubnetAvailabilityZone!.Name), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  test('create places any subnet-... id in an AZ of the region, deterministically, in the default VPC', async () => {
    const created = await client.send(
      new CreateCacheSubnetGroupCommand({
        CacheSubnetGroupName: 'App-Subnets',
        CacheSubnetGroupDescription: 'app tier',
        SubnetIds: ['subnet-0a1b2c3d', 'subnet-private-b', 'subnet-0a1b2c3d'],
        Tags: [{ Key: 'team', Value: 'app' }],
      }),
    );
    const g = created.CacheSubnetGroup!;
    assert.equal(g.CacheSubnetGroupName, 'app-subnets');
    assert.equal(g.CacheSubnetGroupDescription, 'app tier');
    assert.equal(g.ARN, 'arn:aws:elasticache:us-east-1:000000000000:subnetgroup:app-subnets');
    const def = (await client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'default' }))).CacheSubnetGroups![0];
    assert.equal(g.VpcId, def.VpcId);
    assert.deepEqual(g.Subnets!.map((s) => s.SubnetIdentifier), ['subnet-0a1b2c3d', 'subnet-private-b'], 'duplicates dropped, order kept');
    for (const s of g.Subnets!) assert.equal(s.SubnetAvailabilityZone!.Name, subnetAvailabilityZone('us-east-1', s.SubnetIdentifier!));

    // The same subnet id lands in the same zone in another group.
    const second = await client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'second', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-0a1b2c3d'] }));
    assert.equal(second.CacheSubnetGroup!.Subnets![0].SubnetAvailabilityZone!.Name, g.Subnets![0].SubnetAvailabilityZone!.Name);

    const described = await client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'APP-SUBNETS' }));
    assert.deepEqual(described.CacheSubnetGroups, [g]);
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: g.ARN }));
    assert.deepEqual(tags.TagList, [{ Key: 'team', Value: 'app' }]);
  });

  test('modify changes description and subnets; delete removes the group and its tags', async () => {
    await client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'mutable', CacheSubnetGroupDescription: 'before', SubnetIds: ['subnet-m1'], Tags: [{ Key: 'k', Value: 'v' }] }));
    const onlyDescription = await client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'Mutable', CacheSubnetGroupDescription: 'after' }));
    assert.equal(onlyDescription.CacheSubnetGroup!.CacheSubnetGroupDescription, 'after');
    assert.deepEqual(onlyDescription.CacheSubnetGroup!.Subnets!.map((s) => s.SubnetIdentifier), ['subnet-m1']);
    const newSubnets = await client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'mutable', SubnetIds: ['subnet-m2', 'subnet-m3'] }));
    assert.deepEqual(newSubnets.CacheSubnetGroup!.Subnets!.map((s) => s.SubnetIdentifier), ['subnet-m2', 'subnet-m3']);
    assert.equal(newSubnets.CacheSubnetGroup!.CacheSubnetGroupDescription, 'after');

    await client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'MUTABLE' }));
    const gone = await fault(client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'mutable' })));
    assert.deepEqual([gone.name, gone.status, gone.message], ['CacheSubnetGroupNotFoundFault', 400, 'Cache subnet group mutable not found.']);
    await client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'mutable', CacheSubnetGroupDescription: 'again', SubnetIds: ['subnet-m1'] }));
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceName: 'arn:aws:elasticache:us-east-1:000000000000:subnetgroup:mutable' }));
    assert.deepEqual(tags.TagList, [], 'a deleted group leaves no tags behind');
  });

  test('DescribeCacheSubnetGroups pages with MaxRecords and Marker', async () => {
    const names = Array.from({ length: 22 }, (_, i) => `paged-${String(i).padStart(2, '0')}`);
    for (const name of names) await client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: name, CacheSubnetGroupDescription: name, SubnetIds: [`subnet-${name}`] }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(new DescribeCacheSubnetGroupsCommand({ MaxRecords: 20, Marker: marker }));
      seen.push(...out.CacheSubnetGroups!.map((g) => g.CacheSubnetGroupName!));
      marker = out.Marker;
      pages++;
    } while (marker);
    assert.ok(pages >= 2);
    for (const name of ['default', ...names]) assert.equal(seen.filter((s) => s === name).length, 1, name);
    const bad = await fault(client.send(new DescribeCacheSubnetGroupsCommand({ MaxRecords: 101 })));
    assert.deepEqual([bad.name, bad.status], ['InvalidParameterValueException', 400]);
  });

  test('faults carry the model code and HTTP status', async () => {
    await client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'taken', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-t1'] }));
    const cases: Array<[Promise<unknown>, string, number, RegExp]> = [
      [client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'TAKEN', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-t1'] })), 'CacheSubnetGroupAlreadyExistsFault', 400, /^Cache subnet group taken already exists\.$/],
      [client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'default', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-t1'] })), 'CacheSubnetGroupAlreadyExistsFault', 400, /default/],
      [
        client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'many', CacheSubnetGroupDescription: 'd', SubnetIds: Array.from({ length: 21 }, (_, i) => `subnet-${i}`) })),
        'CacheSubnetQuotaExceededFault',
        400,
        /subnets in a cache subnet group/,
      ],
      [client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'bad-subnet', CacheSubnetGroupDescription: 'd', SubnetIds: ['sn-123', 'subnet-1'] })), 'InvalidParameterValueException', 400, /^Some input subnets in :\[sn-123, subnet-1\] are invalid\.$/],
      [client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'no-subnets', CacheSubnetGroupDescription: 'd', SubnetIds: [] })), 'InvalidParameterValueException', 400, /SubnetIds/],
      [client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'bad--name', CacheSubnetGroupDescription: 'd', SubnetIds: ['subnet-1'] })), 'InvalidParameterValueException', 400, /CacheSubnetGroupName/],
      [client.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'nope' })), 'CacheSubnetGroupNotFoundFault', 400, /nope/],
      [client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'nope', CacheSubnetGroupDescription: 'x' })), 'CacheSubnetGroupNotFoundFault', 400, /nope/],
      [client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'taken', SubnetIds: Array.from({ length: 21 }, (_, i) => `subnet-${i}`) })), 'CacheSubnetQuotaExceededFault', 400, /./],
      [client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'default', CacheSubnetGroupDescription: 'x' })), 'InvalidParameterValueException', 400, /default cache subnet group cannot be modified/],
      [client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'nope' })), 'CacheSubnetGroupNotFoundFault', 400, /nope/],
      [client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'default' })), 'CacheSubnetGroupInUse', 400, /default cache subnet group cannot be deleted/],
    ];
    for (const [call, name, status, message] of cases) {
      const f = await fault(call);
      assert.equal(f.name, name, f.message);
      assert.equal(f.status, status, f.message);
      assert.match(f.message, message);
    }
  });

  test('clusters are placed in their subnet group; the group is in use while they exist', async () => {
    const a = subnetIn('us-east-1a', 'inuse-a');
    const b = subnetIn('us-east-1b', 'inuse-b');
    await client.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'in-use', CacheSubnetGroupDescription: 'd', SubnetIds: [a, b] }));

    const outside = await fault(
      client.send(new CreateCacheClusterCommand({ CacheClusterId: 'wrong-az', CacheNodeType: 'cache.t3.micro', CacheSubnetGroupName: 'in-use', PreferredAvailabilityZone: 'us-east-1c' })),
    );
    assert.deepEqual([outside.name, outside.status], ['InvalidParameterCombinationException', 400]);
    assert.match(outside.message, /us-east-1c is not in cache subnet group in-use/);
    const unknown = await fault(client.send(new CreateCacheClusterCommand({ CacheClusterId: 'no-group', CacheNodeType: 'cache.t3.micro', CacheSubnetGroupName: 'missing' })));
    assert.deepEqual([unknown.name, unknown.status, unknown.message], ['CacheSubnetGroupNotFoundFault', 400, 'Cache subnet group missing not found.']);

    const created = await client.send(
      new CreateCacheClusterCommand({ CacheClusterId: 'placed', CacheNodeType: 'cache.t3.micro', CacheSubnetGroupName: 'In-Use', PreferredAvailabilityZone: 'us-east-1a' }),
    );
    assert.equal(created.CacheCluster!.CacheSubnetGroupName, 'in-use');
    const picked = await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'placed-auto', CacheNodeType: 'cache.t3.micro', CacheSubnetGroupName: 'in-use' }));
    assert.ok(['us-east-1a', 'us-east-1b'].includes(picked.CacheCluster!.PreferredAvailabilityZone!), 'no preference: a zone of the group');
    const plain = await client.send(new CreateCacheClusterCommand({ CacheClusterId: 'in-default', CacheNodeType: 'cache.t3.micro' }));
    assert.equal(plain.CacheCluster!.CacheSubnetGroupName, 'default', 'a VPC account puts clusters in the default group');

    const inUse = await fault(client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'in-use' })));
    assert.deepEqual([inUse.name, inUse.status, inUse.message], ['CacheSubnetGroupInUse', 400, 'Cache subnet group in-use is currently in use by a cache cluster.']);

    // The subnet of the cluster's zone may only go if another subnet covers that zone.
    const subnetBusy = await fault(client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'in-use', SubnetIds: [b] })));
    assert.deepEqual([subnetBusy.name, subnetBusy.status], ['SubnetInUse', 400]);
    assert.match(subnetBusy.message, new RegExp(`${a} is in use by cache cluster placed in us-east-1a`));
    const a2 = subnetIn('us-east-1a', 'inuse-a2');
    const swapped = await client.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'in-use', SubnetIds: [a2, b] }));
    assert.deepEqual(swapped.CacheSubnetGroup!.Subnets!.map((s) => s.SubnetIdentifier), [a2, b]);

    for (const id of ['placed', 'placed-auto']) {
      await waitUntilCacheClusterAvailable({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: id });
      await client.send(new DeleteCacheClusterCommand({ CacheClusterId: id }));
      await waitUntilCacheClusterDeleted({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { CacheClusterId: id });
    }
    const still = await client.send(new DescribeCacheClustersCommand({ CacheClusterId: 'in-default' }));
    assert.equal(still.CacheClusters![0].CacheSubnetGroupName, 'default');
    await client.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'in-use' }));
  });

  test('a VPC account is refused cache security groups, with AWS message', async () => {
    const message = 'Use of cache security groups is not permitted in this API version for your account.';
    const calls: Promise<unknown>[] = [
      client.send(new DescribeCacheSecurityGroupsCommand({})),
      client.send(new CreateCacheSecurityGroupCommand({ CacheSecurityGroupName: 'web', Description: 'd' })),
      client.send(new DeleteCacheSecurityGroupCommand({ CacheSecurityGroupName: 'web' })),
      client.send(new AuthorizeCacheSecurityGroupIngressCommand({ CacheSecurityGroupName: 'web', EC2SecurityGroupName: 'sg', EC2SecurityGroupOwnerId: '000000000000' })),
      client.send(new RevokeCacheSecurityGroupIngressCommand({ CacheSecurityGroupName: 'web', EC2SecurityGroupName: 'sg', EC2SecurityGroupOwnerId: '000000000000' })),
      client.send(new CreateCacheClusterCommand({ CacheClusterId: 'classic', CacheNodeType: 'cache.t3.micro', CacheSecurityGroupNames: ['default'] })),
    ];
    for (const call of calls) {
      const f = await fault(call);
      assert.deepEqual([f.name, f.status, f.message], ['InvalidParameterValueException', 400, message]);
    }
  });
});

describe('cache subnet groups through the AWS CLI', async () => {
  const present = await awsCliAvailable();
  let em: Emulator;
  before(async () => {
    if (present) em = await startTestEmulator();
  });
  after(async () => {
    if (present) await em.stop();
  });

  test('create, describe, modify and delete; faults by code', { skip: present ? false : 'aws CLI not installed (.ci/run installs it)' }, async () => {
    const created = await awsCli(em, ['create-cache-subnet-group', '--cache-subnet-group-name', 'cli-group', '--cache-subnet-group-description', 'from the cli', '--subnet-ids', 'subnet-cli1', 'subnet-cli2']);
    assert.equal(created.error, undefined);
    assert.equal(created.json!.CacheSubnetGroup.CacheSubnetGroupName, 'cli-group');
    assert.equal(created.json!.CacheSubnetGroup.Subnets.length, 2);
    const described = await awsCli(em, ['describe-cache-subnet-groups']);
    assert.deepEqual(described.json!.CacheSubnetGroups.map((g: { CacheSubnetGroupName: string }) => g.CacheSubnetGroupName), ['default', 'cli-group']);
    const modified = await awsCli(em, ['modify-cache-subnet-group', '--cache-subnet-group-name', 'cli-group', '--subnet-ids', 'subnet-cli3']);
    assert.deepEqual(modified.json!.CacheSubnetGroup.Subnets.map((s: { SubnetIdentifier: string }) => s.SubnetIdentifier), ['subnet-cli3']);
    const deleted = await awsCli(em, ['delete-cache-subnet-group', '--cache-subnet-group-name', 'cli-group']);
    assert.deepEqual(deleted, { json: {} });
    const missing = await awsCli(em, ['describe-cache-subnet-groups', '--cache-subnet-group-name', 'cli-group']);
    assert.match(missing.error!, /\(CacheSubnetGroupNotFoundFault\).*cli-group not found/);
    const sg = await awsCli(em, ['describe-cache-security-groups']);
    assert.match(sg.error!, /\(InvalidParameterValue\).*Use of cache security groups is not permitted/);
  });
});
