import type { Client } from './client.ts';

/** Every command handler has this shape: check arguments, act on c.db, reply through c.reply. */
export type Handler = (c: Client, argv: string[]) => void;

/** Flags as Redis's COMMAND reports them (lower-case). */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'module'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'asking'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'sentinel'
  | 'only_sentinel'
  | 'no_mandatory_keys'
  | 'protected'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy';

export interface CommandSpec {
  /** Lower-case name; subcommands are registered inside their container. */
  name: string;
  /** Redis arity: positive = exact argc, negative = at least -arity. */
  arity: number;
  flags: CommandFlag[];
  /** Key positions (1-based argv index; lastKey -1 = up to the last argument). 0 = no keys. */
  firstKey: number;
  lastKey: number;
  step: number;
  /** ACL categories without '@' (e.g. 'read', 'string', 'fast'). */
  categories: string[];
  /** Redis version that introduced it, and a one-line summary (COMMAND DOCS). */
  since?: string;
  summary?: string;
  group?: string;
  handler?: Handler;
  subcommands?: CommandSpec[];
  /** For commands whose keys can't be found from first/last/step (e.g. ZUNIONSTORE, SORT). */
  getKeys?: (argv: string[]) => string[];
  /**
   * Set by CommandTable.register: an index unique in the process (nodes keep per-command stats
   * in arrays by it) and the flags the dispatcher tests on every call, as F_* bits.
   */
  id?: number;
  bits?: number;
}

export const F_WRITE = 1;
export const F_READONLY = 2;
export const F_NO_AUTH = 4;
export const F_NO_MULTI = 8;
export const F_MAY_REPLICATE = 16;
export const F_SKIP_SLOWLOG = 32;
export const F_SKIP_MONITOR = 64;
export const F_ADMIN = 128;
export const F_FAST = 256;
export const F_DENYOOM = 512;
const FLAG_BITS: Partial<Record<CommandFlag, number>> = {
  write: F_WRITE,
  readonly: F_READONLY,
  no_auth: F_NO_AUTH,
  no_multi: F_NO_MULTI,
  may_replicate: F_MAY_REPLICATE,
  skip_slowlog: F_SKIP_SLOWLOG,
  skip_monitor: F_SKIP_MONITOR,
  admin: F_ADMIN,
  fast: F_FAST,
  denyoom: F_DENYOOM,
};

let nextSpecId = 0;

function prepare(spec: CommandSpec): void {
  spec.id = nextSpecId++;
  let bits = 0;
  for (const f of spec.flags) bits |= FLAG_BITS[f] ?? 0;
  spec.bits = bits;
}

export class CommandTable {
  private readonly byName = new Map<string, CommandSpec>();
  private readonly subByName = new Map<string, Map<string, CommandSpec>>();

  register(specs: CommandSpec[]): void {
    for (const spec of specs) {
      if (this.byName.has(spec.name)) throw new Error(`command ${spec.name} registered twice`);
      this.byName.set(spec.name, spec);
      prepare(spec);
      if (spec.subcommands) {
        const subs = new Map<string, CommandSpec>();
        for (const sub of spec.subcommands) {
          prepare(sub);
          subs.set(sub.name.split('|')[1] ?? sub.name, sub);
        }
        this.subByName.set(spec.name, subs);
      }
    }
  }

  get(name: string): CommandSpec | undefined {
    return this.byName.get(name);
  }

  sub(container: string, subName: string): CommandSpec | undefined {
    return this.subByName.get(container)?.get(subName);
  }

  all(): IterableIterator<CommandSpec> {
    return this.byName.values();
  }

  get size(): number {
    return this.byName.size;
  }
}

/** Keys of a command call, from its key spec (COMMAND GETKEYS, cluster slot checks, ACL). */
export function commandKeys(spec: CommandSpec, argv: string[]): string[] {
  if (spec.getKeys) return spec.getKeys(argv);
  if (spec.firstKey <= 0) return [];
  const last = spec.lastKey < 0 ? argv.length + spec.lastKey : spec.lastKey;
  const keys: string[] = [];
  for (let i = spec.firstKey; i <= last && i < argv.length; i += spec.step || 1) keys.push(argv[i]);
  return keys;
}

/**
 * Compact constructor for a family's registration table:
 * command('get', 2, 'readonly fast', [1, 1, 1], 'read string fast', handler).
 */
export function command(
  name: string,
  arity: number,
  flags: string,
  keys: [number, number, number],
  categories: string,
  handler: Handler,
  extra: Partial<CommandSpec> = {},
): CommandSpec {
  return {
    name,
    arity,
    flags: flags.split(' ').filter(Boolean) as CommandFlag[],
    firstKey: keys[0],
    lastKey: keys[1],
    step: keys[2],
    categories: categories.split(' ').filter(Boolean),
    handler,
    ...extra,
  };
}

/** A container command (CLIENT, CONFIG, OBJECT ...) whose subcommands carry the handlers. */
export function container(name: string, arity: number, categories: string, subcommands: CommandSpec[], extra: Partial<CommandSpec> = {}): CommandSpec {
  return {
    name,
    arity,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    categories: categories.split(' ').filter(Boolean),
    subcommands: subcommands.map((s) => ({ ...s, name: `${name}|${s.name}` })),
    ...extra,
  };
}
