/**
 * Typed operation output / fault → AWS Query XML, by walking the model.
 * Plain string building: responses are small and this runs on every call.
 */
import type { OperationName, OperationOutputs } from "../model/generated/types.ts";
import type { AwsFault } from "./aws-fault.ts";
import { loadModel, type MemberModel, type ScalarType, type ServiceModel, type StructureShape } from "./model.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };

/** Text-node escaping; `\r` is escaped because XML parsers normalise a literal one to `\n`. */
export function escapeXml(text: string): string {
  return /[&<>\r]/.test(text) ? text.replace(/[&<>\r]/g, (c) => ESCAPES[c]) : text;
}

export function serializeResponse<Op extends OperationName>(
  model: ServiceModel,
  operationName: Op,
  output: OperationOutputs[Op],
  requestId: string,
): string {
  const operation = model.operation(operationName);
  if (!operation) throw new Error(`unknown operation ${operationName}`);
  let xml = `<${operation.name}Response xmlns="${model.xmlNamespace}">`;
  if (operation.output) {
    const result = (output ?? {}) as Record<string, unknown>;
    xml += `<${operation.name}Result>${writeMembers(model, model.structure(operation.output), result, operation.output)}</${operation.name}Result>`;
  }
  return `${xml}<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${operation.name}Response>`;
}

export function serializeError(fault: AwsFault, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${loadModel().xmlNamespace}"><Error>` +
    `<Type>${fault.type}</Type><Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message>` +
    `</Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}

/** Members in model order; null and undefined members are omitted. */
function writeMembers(model: ServiceModel, shape: StructureShape, value: Record<string, unknown>, path: string): string {
  let xml = "";
  for (const member of shape.members) {
    const memberValue = value[member.name];
    if (memberValue == null) continue;
    xml += writeValue(model, member.target, memberValue, member.xmlName ?? member.name, `${path}.${member.name}`, member);
  }
  return xml;
}

function writeValue(model: ServiceModel, target: string, value: unknown, element: string, path: string, member?: MemberModel): string {
  const shape = model.shape(target);
  switch (shape.type) {
    case "structure":
      if (typeof value !== "object") throw wrongType(path, "an object", value);
      return `<${element}>${writeMembers(model, shape, value as Record<string, unknown>, path)}</${element}>`;
    case "list": {
      if (!Array.isArray(value)) throw wrongType(path, "an array", value);
      // Flattened lists repeat the member element itself, with no wrapper.
      const flattened = member?.xmlFlattened === true;
      const itemElement = flattened ? element : shape.member.xmlName;
      let items = "";
      for (const item of value) {
        if (item != null) items += writeValue(model, shape.member.target, item, itemElement, `${path}[]`);
      }
      if (flattened) return items;
      return items ? `<${element}>${items}</${element}>` : `<${element}/>`;
    }
    default:
      return `<${element}>${scalarText(shape.type, value, path)}</${element}>`;
  }
}

function scalarText(type: ScalarType, value: unknown, path: string): string {
  switch (type) {
    case "string":
      if (typeof value !== "string") throw wrongType(path, "a string", value);
      return escapeXml(value);
    case "integer":
    case "double":
      if (typeof value !== "number" || !Number.isFinite(value)) throw wrongType(path, "a finite number", value);
      return String(value);
    case "boolean":
      if (typeof value !== "boolean") throw wrongType(path, "a boolean", value);
      return value ? "true" : "false";
    case "timestamp":
      // toISOString is UTC with milliseconds, e.g. 2016-12-21T21:59:43.794Z.
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw wrongType(path, "a valid Date", value);
      return value.toISOString();
  }
}

/** A handler bug, not a client error: the HTTP layer turns it into InternalFailure. */
function wrongType(path: string, expected: string, value: unknown): TypeError {
  return new TypeError(`output ${path} must be ${expected}, got ${value === null ? "null" : typeof value}`);
}
