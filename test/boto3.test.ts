import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { Emulator } from '../bin/emulator.ts';
import { startTestEmulator } from './helpers/emulator.ts';

// The emulator runs in the test process: python must run asynchronously or it would wait on us.
const run = promisify(execFile);
const script = fileURLToPath(new URL('./boto3/resources.py', import.meta.url));
const groupsScript = fileURLToPath(new URL('./boto3/replication-groups.py', import.meta.url));

async function boto3Available(): Promise<boolean> {
  try {
    await run('python3', ['-c', 'import boto3']);
    return true;
  } catch {
    return false;
  }
}

describe('boto3', async () => {
  const present = await boto3Available();
  let em: Emulator;
  before(async () => {
    if (present) em = await startTestEmulator();
  });
  after(async () => {
    if (present) await em.stop();
  });

  test('subnet groups, parameter groups, engine versions and tags, with faults by code and status', { skip: present ? false : 'python3 with boto3 not installed (pip install boto3)' }, async () => {
    const { stdout } = await run('python3', [script, em.url]);
    const out = JSON.parse(stdout);
    assert.equal(out.subnet_group.name, 'boto-subnets');
    assert.match(out.subnet_group.vpc, /^vpc-[0-9a-f]{17}$/);
    assert.deepEqual(out.subnet_group.subnets, ['subnet-boto1', 'subnet-boto2']);
    assert.deepEqual(out.subnet_group_names, ['default', 'boto-subnets']);
    assert.deepEqual(out.subnet_group_missing, { code: 'CacheSubnetGroupNotFoundFault', status: 400, message: 'Cache subnet group nope not found.' });

    assert.equal(out.parameter_count, 65, 'the paginator follows Marker through every redis7 parameter');
    assert.deepEqual(out.parameters, { 'maxmemory-policy': 'allkeys-lru', timeout: '120', 'notify-keyspace-events': null });
    assert.equal(out.engine_default_count, 57, 'the paginator follows EngineDefaults.Marker');
    assert.deepEqual(out.unknown_parameter, { code: 'InvalidParameterValue', status: 400, message: "Parameter reserved-memory doesn't exist" });
    assert.deepEqual(out.default_group_delete.code, 'InvalidCacheParameterGroupState');
    assert.equal(out.default_group_delete.status, 400);

    assert.equal(out.default_redis, '7.1');
    assert.deepEqual(out.tags, [
      { Key: 'sdk', Value: 'boto3' },
      { Key: 'extra', Value: '1' },
    ]);
    assert.deepEqual([out.tag_not_found.code, out.tag_not_found.status], ['TagNotFound', 404]);
    assert.deepEqual([out.invalid_arn.code, out.invalid_arn.status], ['InvalidARN', 400]);
    assert.deepEqual(out.security_groups, { code: 'InvalidParameterValue', status: 400, message: 'Use of cache security groups is not permitted in this API version for your account.' });
    assert.deepEqual([out.after_delete.code, out.after_delete.status], ['CacheParameterGroupNotFound', 404]);
  });

  test('replication groups and cache clusters, with boto3 waiters and faults', { skip: present ? false : 'python3 with boto3 not installed (pip install boto3)' }, async () => {
    const { stdout } = await run('python3', [groupsScript, em.url]);
    const out = JSON.parse(stdout);
    assert.deepEqual(out.created, { id: 'boto-rg', status: 'creating', members: ['boto-rg-001', 'boto-rg-002'] });
    assert.deepEqual(out.described, { status: 'available', failover: 'enabled', roles: ['primary', 'replica'], has_endpoints: true });
    assert.deepEqual(out.after_increase, ['boto-rg-001', 'boto-rg-002', 'boto-rg-003']);
    assert.deepEqual(out.after_decrease, ['boto-rg-001', 'boto-rg-002']);
    assert.deepEqual(out.modified, { status: 'available', description: 'changed' });
    assert.deepEqual(out.no_change, { code: 'InvalidParameterCombination', status: 400, message: 'No modifications were requested.' });
    assert.deepEqual([out.af_one.code, out.af_one.status], ['InvalidParameterCombination', 400]);
    assert.deepEqual(out.duplicate, { code: 'ReplicationGroupAlreadyExists', status: 400, message: 'Replication group with specified name already exists.' });
    assert.deepEqual(out.member_clusters, ['boto-rg-001', 'boto-rg-002']);
    assert.deepEqual(out.after_delete, { code: 'ReplicationGroupNotFoundFault', status: 404, message: 'ReplicationGroup boto-rg not found' });
    assert.equal(out.cluster.status, 'available');
    assert.equal(out.cluster.node, '0001');
    assert.deepEqual([out.cluster_gone.code, out.cluster_gone.status], ['CacheClusterNotFound', 404]);
  });
});
