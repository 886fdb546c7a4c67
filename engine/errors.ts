/** Redis's error replies, copied exactly (without the leading '-'). */
export const ERR = {
  syntax: 'ERR syntax error',
  notInteger: 'ERR value is not an integer or out of range',
  notFloat: 'ERR value is not a valid float',
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  noSuchKey: 'ERR no such key',
  overflow: 'ERR increment or decrement would overflow',
  invalidExpire: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  invalidDb: 'ERR DB index is out of range',
  selectNotAllowedInCluster: 'ERR SELECT is not allowed in cluster mode',
  wrongArgs: (cmd: string) => `ERR wrong number of arguments for '${cmd}' command`,
  unknownCommand: (name: string, args: string[]) =>
    `ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${args.map((a) => `'${a.slice(0, 128)}' `).join('')}`,
  unknownSubcommand: (sub: string, cmd: string) =>
    `ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  noAuth: 'NOAUTH Authentication required.',
  wrongPass: 'WRONGPASS invalid username-password pair or user is disabled.',
  authNotConfigured:
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  readonly: "READONLY You can't write against a read only replica.",
  protocolVersion: 'NOPROTO unsupported protocol version',
  multiNested: 'ERR MULTI calls can not be nested',
  execWithoutMulti: 'ERR EXEC without MULTI',
  discardWithoutMulti: 'ERR DISCARD without MULTI',
  watchInMulti: 'ERR WATCH inside MULTI is not allowed',
  execAbort: 'EXECABORT Transaction discarded because of previous errors.',
  subscribedContext: (cmd: string) =>
    `ERR Can't execute '${cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  oom: "OOM command not allowed when used memory > 'maxmemory'.",
  busyKey: 'BUSYKEY Target key name already exists.',
  sameObject: 'ERR source and destination objects are the same',
  outOfRange: 'ERR index out of range',
  offsetOutOfRange: 'ERR offset is out of range',
  bitOffset: 'ERR bit offset is not an integer or out of range',
  bitValue: 'ERR bit is not an integer or out of range',
  stringTooLong: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  timeoutNotFloat: 'ERR timeout is not a float or out of range',
  timeoutNegative: 'ERR timeout is negative',
  timeoutOutOfRange: 'ERR timeout is out of range',
  nanOrInfinity: 'ERR increment would produce NaN or Infinity',
  hashValueNotInteger: 'ERR hash value is not an integer',
  hashValueNotFloat: 'ERR hash value is not a float',
  minOrMaxNotFloat: 'ERR min or max is not a float',
  minOrMaxNotValidString: 'ERR min or max not valid string range item',
  configDisabled: (cmd: string) => `ERR unknown command '${cmd}', with args beginning with: `,
} as const;

/** Thrown by argument helpers inside a handler; the dispatcher turns it into an error reply. */
export class CommandError extends Error {
  constructor(public readonly reply: string) {
    super(reply);
  }
}
