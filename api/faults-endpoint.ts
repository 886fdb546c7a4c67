import { z } from 'zod';
import type { Provisioner } from '../provisioner/provisioner.ts';
import { DEFAULT_ACCOUNT } from './request-context.ts';

/**
 * Our own fault-injection API (not part of AWS's): POST /_elasticache/faults with a JSON body.
 * Each action names what to disturb; account and region default to the emulator's defaults.
 */
const scope = {
  account: z.string().regex(/^\d{12}$/).optional(),
  region: z.string().min(1).optional(),
};

const faultRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('replication-lag'), replicationGroupId: z.string().min(1), milliseconds: z.number().int().min(0).max(3_600_000), ...scope }),
  /** The node crashes: clients lose their connections, its data is gone. */
  z.object({ action: z.literal('stop-node'), cacheClusterId: z.string().min(1), ...scope }),
  /** A crashed node comes back now (recovery replaces it anyway after the profile's delay). */
  z.object({ action: z.literal('restart-node'), cacheClusterId: z.string().min(1), ...scope }),
  /** Network latency to a node: what its clients send reaches it ms later, through endpoints or directly (0 clears). */
  z.object({ action: z.literal('connection-latency'), cacheClusterId: z.string().min(1), milliseconds: z.number().int().min(0).max(60_000), ...scope }),
  z.object({ action: z.literal('az-down'), availabilityZone: z.string().min(1), ...scope }),
  z.object({ action: z.literal('az-up'), availabilityZone: z.string().min(1), ...scope }),
]);

/** The action names, for the CLI's help and checks. */
export const FAULT_ACTIONS: readonly string[] = faultRequest.options.map((o) => o.shape.action.value);

export type FaultResult = { status: number; body: Record<string, unknown> };

export async function injectFault(body: unknown, provisioner: Provisioner, defaultRegion: string): Promise<FaultResult> {
  const parsed = faultRequest.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'InvalidFaultRequest', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') } };
  const req = parsed.data;
  const account = req.account ?? DEFAULT_ACCOUNT;
  const region = req.region ?? defaultRegion;
  switch (req.action) {
    case 'replication-lag': {
      const id = req.replicationGroupId.toLowerCase();
      if (!provisioner.setReplicationLag(account, region, id, req.milliseconds)) {
        return { status: 404, body: { error: 'ReplicationGroupNotFoundFault', message: `ReplicationGroup ${id} not found` } };
      }
      return { status: 200, body: { action: req.action, replicationGroupId: id, milliseconds: req.milliseconds } };
    }
    case 'stop-node':
    case 'restart-node': {
      const id = req.cacheClusterId.toLowerCase();
      const rec = provisioner.state.cacheClusters.get(account, region, id);
      if (!rec || rec.status === 'creating' || rec.status === 'deleting') {
        return { status: 404, body: { error: 'CacheClusterNotFound', message: `CacheCluster not found or not running: ${id}` } };
      }
      if (req.action === 'stop-node') await provisioner.failover.crash(rec);
      else await provisioner.failover.restart(rec);
      return { status: 200, body: { action: req.action, cacheClusterId: id } };
    }
    case 'connection-latency': {
      const id = req.cacheClusterId.toLowerCase();
      if (!provisioner.setConnectionLatency(account, region, id, req.milliseconds)) {
        return { status: 404, body: { error: 'CacheClusterNotFound', message: `CacheCluster ${id} not found` } };
      }
      return { status: 200, body: { action: req.action, cacheClusterId: id, milliseconds: req.milliseconds } };
    }
    case 'az-down':
    case 'az-up': {
      const hit =
        req.action === 'az-down'
          ? await provisioner.failover.azDown(account, region, req.availabilityZone)
          : await provisioner.failover.azUp(account, region, req.availabilityZone);
      return { status: 200, body: { action: req.action, availabilityZone: req.availabilityZone, cacheClusters: hit.map((c) => c.id) } };
    }
  }
}
