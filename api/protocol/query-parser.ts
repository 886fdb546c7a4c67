/**
 * AWS Query request parameters → typed operation input, by walking the model:
 * `Parent.Member` for structures, `Name.<ElementName|member>.N` for lists
 * (1-based, composable), a bare `Name=` for an empty list. Unknown
 * parameters are ignored, as AWS does. Business rules (ranges, enums,
 * identifier formats) belong to the handlers.
 */
import { InvalidParameterValueException } from "../model/generated/faults.ts";
import type { OperationInputs, OperationName } from "../model/generated/types.ts";
import { InvalidActionFault, MissingParameterFault } from "./aws-fault.ts";
import type { MemberModel, ServiceModel, StructureShape } from "./model.ts";

/** A request's parameters by name (the server passes a Map; tests also use the other two). */
export type QueryParams = URLSearchParams | Map<string, string> | Record<string, string>;

/** The dotted parameter names, split into a tree: `Tags.Tag.1.Key=k` → Tags → Tag → 1 → Key (value k). */
interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

function buildTree(params: QueryParams): ParamNode {
  const root: ParamNode = {};
  const entries = params instanceof URLSearchParams || params instanceof Map ? params.entries() : Object.entries(params);
  for (const [key, value] of entries) {
    let node = root;
    for (const segment of key.split(".")) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = {}));
      node = child;
    }
    // A repeated key keeps its first value.
    node.value ??= value;
  }
  return root;
}

export function parseQueryInput<Op extends OperationName>(
  model: ServiceModel,
  operationName: Op,
  params: QueryParams,
): OperationInputs[Op] {
  const operation = model.operation(operationName);
  if (!operation) throw new InvalidActionFault(`Could not find operation ${operationName} for version ${model.apiVersion}`);
  if (!operation.input) return undefined as unknown as OperationInputs[Op];
  return readStructure(model, model.structure(operation.input), buildTree(params), "") as unknown as OperationInputs[Op];
}

function readStructure(model: ServiceModel, shape: StructureShape, node: ParamNode, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of shape.members) {
    const key = member.xmlName ?? member.name;
    const child = node.children?.get(key);
    // Most members are absent from a request: their paths (for error messages) are never built.
    if (child === undefined && !member.required) continue;
    const memberPath = path ? `${path}.${key}` : key;
    const value = child && readValue(model, member.target, child, memberPath, member);
    if (value !== undefined) out[member.name] = value;
    else if (member.required) throw new MissingParameterFault(memberPath);
  }
  return out;
}

/** Undefined when the node carries nothing for this target (treated as absent). */
function readValue(model: ServiceModel, target: string, node: ParamNode, path: string, member?: MemberModel): unknown {
  const shape = model.shape(target);
  switch (shape.type) {
    case "structure":
      return node.children ? readStructure(model, shape, node, path) : undefined;
    case "list": {
      const flattened = member?.xmlFlattened === true;
      const container = flattened ? node : node.children?.get(shape.member.xmlName);
      const indexed = container?.children ? listIndices(container.children) : [];
      if (indexed.length === 0) return node.value !== undefined ? [] : undefined;
      const prefix = flattened ? path : `${path}.${shape.member.xmlName}`;
      const items: unknown[] = [];
      for (const [index, item] of indexed) {
        const value = readValue(model, shape.member.target, item, `${prefix}.${index}`);
        if (value !== undefined) items.push(value);
      }
      return items;
    }
    default:
      if (node.value === undefined) return undefined;
      switch (shape.type) {
        case "string":
          return node.value;
        case "integer":
          return parseInteger(path, node.value);
        case "double":
          return parseDouble(path, node.value);
        case "boolean":
          return parseBoolean(path, node.value);
        case "timestamp":
          return parseTimestamp(path, node.value);
      }
  }
}

/** The `N` children of a list container (1-based), in numeric order. */
function listIndices(children: Map<string, ParamNode>): [number, ParamNode][] {
  const out: [number, ParamNode][] = [];
  for (const [key, node] of children) {
    if (/^[1-9]\d*$/.test(key)) out.push([Number(key), node]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function invalid(parameter: string, raw: string, what: string): InvalidParameterValueException {
  return new InvalidParameterValueException(`Invalid value for parameter ${parameter}: ${JSON.stringify(raw)} is not a valid ${what}`);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** A decimal int32 (`-5`, `+5`, `007`); anything else is InvalidParameterValue naming the parameter. */
export function parseInteger(parameter: string, raw: string): number {
  if (!/^[+-]?\d+$/.test(raw)) throw invalid(parameter, raw, "integer");
  const value = Number(raw);
  if (value < INT32_MIN || value > INT32_MAX) throw invalid(parameter, raw, "integer");
  return value;
}

export function parseDouble(parameter: string, raw: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) throw invalid(parameter, raw, "number");
  const value = Number(raw);
  if (!Number.isFinite(value)) throw invalid(parameter, raw, "number");
  return value;
}

export function parseBoolean(parameter: string, raw: string): boolean {
  const lower = raw.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw invalid(parameter, raw, "boolean");
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|([+-])(\d{2}):?(\d{2}))?)?$/;

/**
 * ISO 8601 date-time with any fractional precision (botocore sends
 * microseconds, other SDKs milliseconds or none), optional offset (UTC when
 * absent), a bare date, or epoch seconds.
 */
export function parseTimestamp(parameter: string, raw: string): Date {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return new Date(Number(raw) * 1000);
  const m = ISO_8601.exec(raw);
  if (!m) throw invalid(parameter, raw, "timestamp");
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction = "", , sign, offsetHours, offsetMinutes] = m;
  const fields = [Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)] as const;
  const time = Date.UTC(...fields, Number(fraction.slice(0, 3).padEnd(3, "0")));
  // Date.UTC rolls over out-of-range fields (month 13, Feb 30); a round trip catches them.
  const check = new Date(time);
  const roundTrip = [check.getUTCFullYear(), check.getUTCMonth(), check.getUTCDate(), check.getUTCHours(), check.getUTCMinutes(), check.getUTCSeconds()];
  const offsetMs = sign ? (sign === "-" ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 : 0;
  if (roundTrip.some((v, i) => v !== fields[i]) || Number(offsetHours ?? 0) > 23 || Number(offsetMinutes ?? 0) > 59) {
    throw invalid(parameter, raw, "timestamp");
  }
  return new Date(time - offsetMs);
}
