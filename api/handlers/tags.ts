import type { TagRecord } from '../../state/tags.ts';
import type { HandlerTable } from '../handler-types.ts';
import { TagNotFoundFault } from '../model/generated/faults.ts';
import type { Tag } from '../model/generated/types.ts';
import { taggableResource } from '../resource-lookup.ts';
import { tags } from '../validation.ts';

function tagList(list: TagRecord[]): Tag[] {
  return list.map((t) => ({ Key: t.key, Value: t.value }));
}

/** Tags by ARN. Each call answers the resource's whole tag list after the change. */
export const tagHandlers = {
  AddTagsToResource(input, ctx) {
    return ctx.state.transaction(() => {
      const resource = taggableResource(ctx, input.ResourceName);
      // A key already on the resource is overwritten, so only the others count toward the 50.
      const keys = new Set(input.Tags.map((t) => t.Key ?? ''));
      const kept = ctx.state.tags.list(resource.arn).filter((t) => !keys.has(t.key)).length;
      const added = tags(input.Tags, kept);
      for (const arn of [resource.arn, ...resource.members]) ctx.state.tags.add(arn, added);
      return { TagList: tagList(ctx.state.tags.list(resource.arn)) };
    });
  },

  ListTagsForResource(input, ctx) {
    return { TagList: tagList(ctx.state.tags.list(taggableResource(ctx, input.ResourceName).arn)) };
  },

  RemoveTagsFromResource(input, ctx) {
    return ctx.state.transaction(() => {
      const resource = taggableResource(ctx, input.ResourceName);
      const present = new Set(ctx.state.tags.list(resource.arn).map((t) => t.key));
      const missing = input.TagKeys.find((k) => !present.has(k));
      if (missing !== undefined) throw new TagNotFoundFault(`The tag ${missing} was not found on this resource.`);
      for (const arn of [resource.arn, ...resource.members]) ctx.state.tags.remove(arn, input.TagKeys);
      return { TagList: tagList(ctx.state.tags.list(resource.arn)) };
    });
  },
} satisfies HandlerTable;
