import type { EventSourceType } from '../../state/events.ts';
import type { HandlerTable } from '../handler-types.ts';
import { InvalidParameterCombinationException, InvalidParameterValueException } from '../model/generated/faults.ts';
import { maxRecords, paginate } from '../validation.ts';

const SOURCE_TYPES: EventSourceType[] = [
  'cache-cluster',
  'cache-parameter-group',
  'cache-security-group',
  'cache-subnet-group',
  'replication-group',
  'serverless-cache',
  'serverless-cache-snapshot',
  'user',
  'user-group',
];

const MINUTE = 60_000;
const RETENTION = 14 * 24 * 60 * MINUTE;

export const eventHandlers = {
  /** Events of the last hour by default, newest first; Duration in minutes or a Start/End window (≤ 14 days back). */
  DescribeEvents(input, ctx) {
    const pageSize = maxRecords(input.MaxRecords);
    if (input.SourceType !== undefined && !SOURCE_TYPES.includes(input.SourceType as EventSourceType)) {
      throw new InvalidParameterValueException(`Invalid value for parameter SourceType: ${input.SourceType}. Valid values are ${SOURCE_TYPES.join(', ')}.`);
    }
    if (input.SourceIdentifier !== undefined && input.SourceType === undefined) {
      throw new InvalidParameterCombinationException('SourceType must be provided when SourceIdentifier is specified.');
    }
    const now = ctx.now();
    let end = input.EndTime?.getTime() ?? now;
    let start: number;
    if (input.Duration !== undefined) {
      if (input.Duration < 0 || input.Duration > 14 * 24 * 60) throw new InvalidParameterValueException(`Invalid value for parameter Duration: ${input.Duration}. It must be between 0 and 20160 minutes.`);
      if (input.StartTime !== undefined && input.EndTime === undefined) {
        start = input.StartTime.getTime();
        end = start + input.Duration * MINUTE;
      } else {
        start = end - input.Duration * MINUTE;
      }
    } else {
      start = input.StartTime?.getTime() ?? end - 60 * MINUTE;
    }
    if (start > end) throw new InvalidParameterCombinationException('StartTime must be before EndTime.');
    start = Math.max(start, now - RETENTION);
    const events = ctx.state.events.query(ctx.account, ctx.region, {
      start,
      end,
      sourceType: input.SourceType as EventSourceType | undefined,
      sourceIdentifier: input.SourceIdentifier?.toLowerCase(),
    });
    const { page, marker } = paginate(events, input.Marker, pageSize);
    return {
      Events: page.map((e) => ({ SourceIdentifier: e.sourceIdentifier, SourceType: e.sourceType, Message: e.message, Date: new Date(e.date) })),
      Marker: marker,
    };
  },
} satisfies HandlerTable;
