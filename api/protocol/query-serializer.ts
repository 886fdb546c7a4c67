/**
 * Typed operation output / fault → AWS Query XML, driven by the model. Each operation's output
 * is compiled once, on first use, into closures (one per member position, with its tags and its
 * path for error messages made up front), so a response is built without looking at the model.
 */
import type { OperationName, OperationOutputs } from "../model/generated/types.ts";
import type { AwsFault } from "./aws-fault.ts";
import { loadModel, type ServiceModel, type StructureShape } from "./model.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;" };

/** Text-node escaping; `\r` is escaped because XML parsers normalise a literal one to `\n`. */
export function escapeXml(text: string): string {
  return /[&<>\r]/.test(text) ? text.replace(/[&<>\r]/g, (c) => ESCAPES[c]) : text;
}

/** One value at one position of an output → its element(s). */
type Write = (value: unknown) => string;

interface CompiledOperation {
  /** Everything before the request id, and after it. */
  head: (output: unknown) => string;
  tail: string;
}

const compiled = new WeakMap<ServiceModel, Map<string, CompiledOperation>>();

export function serializeResponse<Op extends OperationName>(
  model: ServiceModel,
  operationName: Op,
  output: OperationOutputs[Op],
  requestId: string,
): string {
  let operations = compiled.get(model);
  if (!operations) compiled.set(model, (operations = new Map()));
  let operation = operations.get(operationName);
  if (!operation) operations.set(operationName, (operation = compileOperation(model, operationName)));
  return `${operation.head(output)}${escapeXml(requestId)}${operation.tail}`;
}

export function serializeError(fault: AwsFault, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${loadModel().xmlNamespace}"><Error>` +
    `<Type>${fault.type}</Type><Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message>` +
    `</Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}

function compileOperation(model: ServiceModel, operationName: string): CompiledOperation {
  const operation = model.operation(operationName);
  if (!operation) throw new Error(`unknown operation ${operationName}`);
  const open = `<${operation.name}Response xmlns="${model.xmlNamespace}">`;
  const metadata = "<ResponseMetadata><RequestId>";
  const tail = `</RequestId></ResponseMetadata></${operation.name}Response>`;
  if (!operation.output) return { head: () => open + metadata, tail };
  const members = compileMembers(model, model.structure(operation.output), operation.output);
  const resultOpen = `${open}<${operation.name}Result>`;
  const resultClose = `</${operation.name}Result>${metadata}`;
  return { head: (output) => resultOpen + members((output ?? {}) as Record<string, unknown>) + resultClose, tail };
}

/** Members in model order; null and undefined members are omitted. */
function compileMembers(model: ServiceModel, shape: StructureShape, path: string): (value: Record<string, unknown>) => string {
  const members = shape.members.map((member) => {
    let write: Write | undefined;
    // Compiled when first present: shapes may nest themselves, and most members are often absent.
    const compile = () => compileValue(model, member.target, member.xmlName ?? member.name, `${path}.${member.name}`, member.xmlFlattened === true);
    return { name: member.name, write: (value: unknown) => (write ??= compile())(value) };
  });
  return (value) => {
    let xml = "";
    for (const member of members) {
      const memberValue = value[member.name];
      if (memberValue != null) xml += member.write(memberValue);
    }
    return xml;
  };
}

function compileValue(model: ServiceModel, target: string, element: string, path: string, flattened: boolean): Write {
  const shape = model.shape(target);
  const open = `<${element}>`;
  const close = `</${element}>`;
  switch (shape.type) {
    case "structure": {
      const members = compileMembers(model, shape, path);
      return (value) => {
        if (typeof value !== "object") throw wrongType(path, "an object", value);
        return open + members(value as Record<string, unknown>) + close;
      };
    }
    case "list": {
      // Flattened lists repeat the member element itself, with no wrapper.
      const itemElement = flattened ? element : shape.member.xmlName;
      let item: Write | undefined;
      const empty = `<${element}/>`;
      return (value) => {
        if (!Array.isArray(value)) throw wrongType(path, "an array", value);
        item ??= compileValue(model, shape.member.target, itemElement, `${path}[]`, false);
        let items = "";
        for (const v of value) {
          if (v != null) items += item(v);
        }
        if (flattened) return items;
        return items ? open + items + close : empty;
      };
    }
    case "string":
      return (value) => {
        if (typeof value !== "string") throw wrongType(path, "a string", value);
        return open + escapeXml(value) + close;
      };
    case "integer":
    case "double":
      return (value) => {
        if (typeof value !== "number" || !Number.isFinite(value)) throw wrongType(path, "a finite number", value);
        return open + String(value) + close;
      };
    case "boolean":
      return (value) => {
        if (typeof value !== "boolean") throw wrongType(path, "a boolean", value);
        return open + (value ? "true" : "false") + close;
      };
    case "timestamp":
      // toISOString is UTC with milliseconds, e.g. 2016-12-21T21:59:43.794Z.
      return (value) => {
        if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw wrongType(path, "a valid Date", value);
        return open + value.toISOString() + close;
      };
  }
}

/** A handler bug, not a client error: the HTTP layer turns it into InternalFailure. */
function wrongType(path: string, expected: string, value: unknown): TypeError {
  return new TypeError(`output ${path} must be ${expected}, got ${value === null ? "null" : typeof value}`);
}
