import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Emulator } from '../bin/emulator.ts';
import { startTestEmulator, waitFor } from './helpers/emulator.ts';

const run = promisify(execFile);

async function awsAvailable(): Promise<boolean> {
  try {
    await run('aws', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** Runs `aws elasticache ...` against the emulator; returns parsed JSON or the CLI's error text. */
async function aws(em: Emulator, args: string[]): Promise<{ json?: Record<string, any>; error?: string }> {
  try {
    const { stdout } = await run('aws', ['--endpoint-url', em.url, '--output', 'json', 'elasticache', ...args], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    });
    return { json: stdout.trim() === '' ? {} : JSON.parse(stdout) };
  } catch (e) {
    return { error: (e as { stderr?: string }).stderr ?? String(e) };
  }
}

describe('the AWS CLI', async () => {
  const present = await awsAvailable();
  let em: Emulator;
  before(async () => {
    if (present) em = await startTestEmulator();
  });
  after(async () => {
    if (present) await em.stop();
  });

  test('creates, describes and deletes a cache cluster, and reports faults by code', { skip: present ? false : 'aws CLI not installed (.ci/run installs it)' }, async () => {
    const created = await aws(em, ['create-cache-cluster', '--cache-cluster-id', 'CLI-Cluster', '--engine', 'redis', '--cache-node-type', 'cache.t3.micro', '--num-cache-nodes', '1', '--tags', 'Key=env,Value=test']);
    assert.equal(created.error, undefined);
    assert.equal(created.json!.CacheCluster.CacheClusterId, 'cli-cluster');
    assert.equal(created.json!.CacheCluster.CacheClusterStatus, 'creating');

    const described = await waitFor(async () => {
      const d = await aws(em, ['describe-cache-clusters', '--cache-cluster-id', 'cli-cluster', '--show-cache-node-info']);
      return d.json?.CacheClusters[0].CacheClusterStatus === 'available' ? d.json : undefined;
    });
    const node = described.CacheClusters[0].CacheNodes[0];
    assert.equal(node.CacheNodeId, '0001');
    assert.equal(typeof node.Endpoint.Port, 'number');

    const events = await aws(em, ['describe-events', '--source-type', 'cache-cluster']);
    assert.ok(events.json!.Events.some((e: { Message: string }) => e.Message === 'Cache cluster created'));

    const modified = await aws(em, ['modify-cache-cluster', '--cache-cluster-id', 'cli-cluster', '--snapshot-retention-limit', '2', '--cache-node-type', 'cache.t3.small', '--apply-immediately']);
    assert.equal(modified.error, undefined);
    assert.equal(modified.json!.CacheCluster.CacheClusterStatus, 'modifying');
    await waitFor(async () => {
      const d = await aws(em, ['describe-cache-clusters', '--cache-cluster-id', 'cli-cluster']);
      return d.json?.CacheClusters[0].CacheClusterStatus === 'available' ? d.json : undefined;
    });
    const rebooting = await aws(em, ['reboot-cache-cluster', '--cache-cluster-id', 'cli-cluster', '--cache-node-ids-to-reboot', '0001']);
    assert.equal(rebooting.error, undefined);
    assert.equal(rebooting.json!.CacheCluster.CacheClusterStatus, 'rebooting cache cluster nodes');
    const rebooted = await waitFor(async () => {
      const d = await aws(em, ['describe-cache-clusters', '--cache-cluster-id', 'cli-cluster']);
      return d.json?.CacheClusters[0].CacheClusterStatus === 'available' ? d.json : undefined;
    });
    assert.equal(rebooted.CacheClusters[0].CacheNodeType, 'cache.t3.small');
    assert.equal(rebooted.CacheClusters[0].SnapshotRetentionLimit, 2);
    const badNode = await aws(em, ['reboot-cache-cluster', '--cache-cluster-id', 'cli-cluster', '--cache-node-ids-to-reboot', '0009']);
    assert.match(badNode.error!, /\(InvalidParameterValue\).*Cache node 0009 does not exist/);

    const deleted = await aws(em, ['delete-cache-cluster', '--cache-cluster-id', 'cli-cluster']);
    assert.equal(deleted.json!.CacheCluster.CacheClusterStatus, 'deleting');
    const gone = await waitFor(async () => {
      const d = await aws(em, ['describe-cache-clusters', '--cache-cluster-id', 'cli-cluster']);
      return d.error;
    });
    assert.match(gone, /\(CacheClusterNotFound\)/);
    assert.match(gone, /CacheCluster not found: cli-cluster/);

    const dup = await aws(em, ['create-cache-cluster', '--cache-cluster-id', 'bad--id', '--cache-node-type', 'cache.t3.micro']);
    assert.match(dup.error!, /\(InvalidParameterValue\)/);
    const unimplemented = await aws(em, ['describe-serverless-caches']);
    assert.match(unimplemented.error!, /\(InvalidAction\).*not implemented/);
  });

  test('drives a replication group: create, describe, grow, modify, delete', { skip: present ? false : 'aws CLI not installed (.ci/run installs it)' }, async () => {
    const created = await aws(em, ['create-replication-group', '--replication-group-id', 'cli-rg', '--replication-group-description', 'from the CLI', '--num-cache-clusters', '2', '--cache-node-type', 'cache.t3.micro', '--automatic-failover-enabled']);
    assert.equal(created.error, undefined);
    assert.equal(created.json!.ReplicationGroup.Status, 'creating');
    const available = () =>
      waitFor(async () => {
        const d = await aws(em, ['describe-replication-groups', '--replication-group-id', 'cli-rg']);
        return d.json?.ReplicationGroups[0].Status === 'available' ? d.json.ReplicationGroups[0] : undefined;
      });
    const g = await available();
    assert.equal(g.NodeGroups[0].NodeGroupMembers.length, 2);
    assert.equal(typeof g.NodeGroups[0].PrimaryEndpoint.Port, 'number');
    const grown = await aws(em, ['increase-replica-count', '--replication-group-id', 'cli-rg', '--new-replica-count', '2', '--apply-immediately']);
    assert.equal(grown.json!.ReplicationGroup.Status, 'modifying');
    assert.deepEqual((await available()).MemberClusters, ['cli-rg-001', 'cli-rg-002', 'cli-rg-003']);
    const same = await aws(em, ['modify-replication-group', '--replication-group-id', 'cli-rg', '--replication-group-description', 'from the CLI']);
    assert.match(same.error!, /\(InvalidParameterCombination\).*No modifications were requested/);
    const deleted = await aws(em, ['delete-replication-group', '--replication-group-id', 'cli-rg']);
    assert.equal(deleted.json!.ReplicationGroup.Status, 'deleting');
    const gone = await waitFor(async () => (await aws(em, ['describe-replication-groups', '--replication-group-id', 'cli-rg'])).error);
    assert.match(gone, /\(ReplicationGroupNotFoundFault\)/);
  });
});
