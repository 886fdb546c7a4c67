/**
 * Fixes applied to the SDK's schema when generating model.json. Each entry is
 * checked by the generator, so a stale patch fails generation loudly.
 */

/**
 * The smithy schema collapses every numeric type into one code, so integers
 * and doubles look alike. The service model (botocore service-2.json) types
 * these members `Double`; every other number in ElastiCache is an `Integer`
 * (all of them are validated as int32 on input). All of these are output-only.
 */
export const doubleMembers: readonly string[] = [
  "RecurringCharge.RecurringChargeAmount",
  "ReservedCacheNode.FixedPrice",
  "ReservedCacheNode.UsagePrice",
  "ReservedCacheNodesOffering.FixedPrice",
  "ReservedCacheNodesOffering.UsagePrice",
  "SlotMigration.ProgressPercentage",
];
