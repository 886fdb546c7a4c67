import { z } from 'zod';
import type { Provisioner } from '../provisioner/provisioner.ts';
import { DEFAULT_ACCOUNT } from './request-context.ts';

/**
 * Our own fault-injection API (not part of AWS's): POST /_elasticache/faults with a JSON body.
 * Each action names what to disturb; account and region default to the emulator's defaults.
 */
const faultRequest = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('replication-lag'),
    replicationGroupId: z.string().min(1),
    milliseconds: z.number().int().min(0).max(3_600_000),
    account: z.string().regex(/^\d{12}$/).optional(),
    region: z.string().min(1).optional(),
  }),
]);

export type FaultResult = { status: number; body: Record<string, unknown> };

export function injectFault(body: unknown, provisioner: Provisioner, defaultRegion: string): FaultResult {
  const parsed = faultRequest.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'InvalidFaultRequest', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') } };
  const req = parsed.data;
  const account = req.account ?? DEFAULT_ACCOUNT;
  const region = req.region ?? defaultRegion;
  const id = req.replicationGroupId.toLowerCase();
  if (!provisioner.setReplicationLag(account, region, id, req.milliseconds)) {
    return { status: 404, body: { error: 'ReplicationGroupNotFoundFault', message: `ReplicationGroup ${id} not found` } };
  }
  return { status: 200, body: { action: req.action, replicationGroupId: id, milliseconds: req.milliseconds } };
}
