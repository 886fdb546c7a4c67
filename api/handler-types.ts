import type { Provisioner } from '../provisioner/provisioner.ts';
import type { State } from '../state/state.ts';
import type { OperationInputs, OperationName, OperationOutputs } from './model/generated/types.ts';
import type { RequestContext } from './request-context.ts';

/** What a handler gets besides its typed input: who is asking, and the parts it may use. */
export interface HandlerContext extends RequestContext {
  state: State;
  provisioner: Provisioner;
  now(): number;
}

/** Every operation handler: typed input in, typed output out; faults are thrown. No HTTP, no XML. */
export type Handler<Op extends OperationName> = (
  input: OperationInputs[Op],
  ctx: HandlerContext,
) => OperationOutputs[Op] | Promise<OperationOutputs[Op]>;

export type HandlerTable = { [Op in OperationName]?: Handler<Op> };
