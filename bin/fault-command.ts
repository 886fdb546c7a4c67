import { parseArgs } from 'node:util';
import { FAULT_ACTIONS } from '../api/faults-endpoint.ts';

export const FAULT_HELP = `Usage: elasticache-local fault <action> [options]

Injects a fault into a running emulator (POST /_elasticache/faults) and prints its JSON answer.

Actions:
  stop-node            --cache-cluster-id <id>          the node crashes (failover follows where enabled)
  restart-node         --cache-cluster-id <id>          a crashed node comes back now
  connection-latency   --cache-cluster-id <id> --milliseconds <n>   clients' traffic reaches the node n ms later (0 clears)
  replication-lag      --replication-group-id <id> --milliseconds <n>   the group's replicas apply writes n ms late (0 clears)
  az-down              --availability-zone <az>         every node of the zone goes down
  az-up                --availability-zone <az>         the zone comes back

Options:
  --endpoint-url <url>   the emulator (env AWS_ENDPOINT_URL_ELASTICACHE, default http://127.0.0.1:4600)
  --account <12 digits>  whose resources (default 000000000000)
  --region <name>        which region (default: the emulator's)
`;

/** Flag → field of the request body. */
const FIELDS = {
  'cache-cluster-id': 'cacheClusterId',
  'replication-group-id': 'replicationGroupId',
  'availability-zone': 'availabilityZone',
  account: 'account',
  region: 'region',
} as const;

export interface FaultCommandIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/**
 * `elasticache-local fault ...`: builds the request from the flags, sends it, prints the answer.
 * Returns the exit status: 0 done, 1 refused or unreachable, 2 bad usage.
 */
export async function runFaultCommand(args: string[], io: FaultCommandIo): Promise<number> {
  const usage = (message: string) => {
    io.err(`elasticache-local fault: ${message}\n\n${FAULT_HELP}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'endpoint-url': { type: 'string' },
        milliseconds: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        'cache-cluster-id': { type: 'string' },
        'replication-group-id': { type: 'string' },
        'availability-zone': { type: 'string' },
        account: { type: 'string' },
        region: { type: 'string' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(FAULT_HELP);
    return 0;
  }
  const [action, ...extra] = positionals;
  if (action === undefined) return usage('name an action');
  if (extra.length > 0) return usage(`unexpected argument ${extra[0]}`);
  if (!FAULT_ACTIONS.includes(action)) return usage(`unknown action ${action} (one of ${FAULT_ACTIONS.join(', ')})`);
  const body: Record<string, unknown> = { action };
  for (const flag of Object.keys(FIELDS) as Array<keyof typeof FIELDS>) {
    const v = values[flag];
    if (v !== undefined) body[FIELDS[flag]] = v;
  }
  if (values.milliseconds !== undefined) {
    if (!/^\d+$/.test(values.milliseconds)) return usage(`--milliseconds must be a whole number, not ${values.milliseconds}`);
    body.milliseconds = Number(values.milliseconds);
  }
  const base = values['endpoint-url'] ?? io.env.AWS_ENDPOINT_URL_ELASTICACHE ?? 'http://127.0.0.1:4600';
  let url: URL;
  try {
    url = new URL('/_elasticache/faults', base);
  } catch {
    return usage(`invalid --endpoint-url ${base}`);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    const cause = (e as Error & { cause?: Error }).cause;
    io.err(`elasticache-local fault: cannot reach the emulator at ${base}: ${cause?.message ?? (e as Error).message}\n`);
    return 1;
  }
  const text = await response.text();
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    io.err(`elasticache-local fault: ${base} answered HTTP ${response.status} with something other than JSON; is it elasticache-local?\n`);
    return 1;
  }
  if (!response.ok) {
    io.err(`elasticache-local fault: ${String(answer.error ?? `HTTP ${response.status}`)}: ${String(answer.message ?? text)}\n`);
    return 1;
  }
  io.out(`${JSON.stringify(answer, null, 2)}\n`);
  return 0;
}
