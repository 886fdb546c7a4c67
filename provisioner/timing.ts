/**
 * How long lifecycle transitions take. `instant`: no wait beyond the response; `fast` (default):
 * every transition AWS shows still happens, in tens of milliseconds; `realistic`: AWS-like
 * durations multiplied by a scale factor.
 */
export type TimingProfileName = 'instant' | 'fast' | 'realistic';

export type Transition =
  | 'create-cluster'
  | 'delete-cluster'
  | 'reboot-cluster'
  | 'modify-cluster'
  | 'create-replication-group'
  | 'modify-replication-group'
  | 'delete-replication-group'
  | 'failure-detection'
  | 'failover-promotion'
  | 'node-recovery';

const FAST_MS: Record<Transition, number> = {
  'create-cluster': 30,
  'delete-cluster': 20,
  'reboot-cluster': 30,
  'modify-cluster': 30,
  'create-replication-group': 40,
  'modify-replication-group': 30,
  'delete-replication-group': 20,
  'failure-detection': 50,
  'failover-promotion': 30,
  'node-recovery': 60,
};

/** Rough AWS durations (a single-node cluster takes several minutes to create). */
const REALISTIC_MS: Record<Transition, number> = {
  'create-cluster': 6 * 60_000,
  'delete-cluster': 3 * 60_000,
  'reboot-cluster': 2 * 60_000,
  'modify-cluster': 5 * 60_000,
  'create-replication-group': 8 * 60_000,
  'modify-replication-group': 5 * 60_000,
  'delete-replication-group': 4 * 60_000,
  // AWS detects a failed primary in seconds, promotes in seconds, and replaces the node in minutes.
  'failure-detection': 10_000,
  'failover-promotion': 15_000,
  'node-recovery': 5 * 60_000,
};

export class Timing {
  constructor(
    readonly profile: TimingProfileName = 'fast',
    readonly realisticScale = 1,
  ) {}

  delay(t: Transition): number {
    switch (this.profile) {
      case 'instant':
        return 0;
      case 'fast':
        return FAST_MS[t];
      case 'realistic':
        return Math.round(REALISTIC_MS[t] * this.realisticScale);
    }
  }
}
