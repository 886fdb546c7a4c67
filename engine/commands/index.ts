import { CommandTable } from '../command-table.ts';
import { connectionCommands } from './connection.ts';
import { keyCommands } from './keys.ts';
import { serverCommands } from './server.ts';
import { stringCommands } from './strings.ts';

/** Every command family registers here; one table serves every node. */
export const commandTable = new CommandTable();
commandTable.register(connectionCommands);
commandTable.register(stringCommands);
commandTable.register(keyCommands);
commandTable.register(serverCommands);
