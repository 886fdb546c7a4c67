/** Renders the generated files from the model JSON. Pure functions of their input, so the output is deterministic. */
import type { ServiceModelJson, ShapeModel } from "../protocol/model.ts";

function header(model: ServiceModelJson): string {
  const { sdkPackage, sdkVersion } = model.metadata;
  return `// Generated from ${sdkPackage} ${sdkVersion} by api/codegen/generate.ts (npm run generate). Do not edit.\n`;
}

/**
 * JSON with two-space indentation, except that objects and arrays holding
 * only scalars stay on one line: one line per member, per fault, per error
 * list, which keeps the model readable and its diffs small.
 */
export function formatJson(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  if (entries.length === 0) return isArray ? "[]" : "{}";
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  const item = ([k, v]: [string, unknown], nested: string): string =>
    (isArray ? "" : `${JSON.stringify(k)}: `) + formatJson(v, nested);
  if (entries.every(([, v]) => v === null || typeof v !== "object")) {
    return open + entries.map((e) => item(e, indent)).join(", ") + close;
  }
  const nested = indent + "  ";
  return `${open}\n${entries.map((e) => nested + item(e, nested)).join(",\n")}\n${indent}${close}`;
}

export function renderModelJson(model: ServiceModelJson): string {
  return formatJson(model) + "\n";
}

function tsType(shapes: Record<string, ShapeModel>, target: string): string {
  const shape = shapes[target];
  switch (shape.type) {
    case "string":
    case "boolean":
      return shape.type;
    case "integer":
    case "double":
      return "number";
    case "timestamp":
      return "Date";
    case "list": {
      const element = tsType(shapes, shape.member.target);
      return /^\w+$/.test(element) ? `${element}[]` : `(${element})[]`;
    }
    case "structure":
      return target;
  }
}

export function renderTypes(model: ServiceModelJson): string {
  const out: string[] = [header(model)];
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (shape.type !== "structure") continue;
    out.push(`\nexport interface ${name} {\n`);
    for (const member of shape.members) {
      out.push(`  ${member.name}${member.required ? "" : "?"}: ${tsType(model.shapes, member.target)};\n`);
    }
    out.push("}\n");
  }
  const operations = Object.values(model.operations);
  out.push(`\nexport type OperationName =\n${operations.map((op) => `  | ${JSON.stringify(op.name)}`).join("\n")};\n`);
  out.push("\nexport interface OperationInputs {\n");
  for (const op of operations) out.push(`  ${op.name}: ${op.input ?? "void"};\n`);
  out.push("}\n\nexport interface OperationOutputs {\n");
  for (const op of operations) out.push(`  ${op.name}: ${op.output ?? "void"};\n`);
  out.push("}\n");
  return out.join("");
}

export function renderFaults(model: ServiceModelJson): string {
  const out: string[] = [header(model), `import { AwsFault } from "../../protocol/aws-fault.ts";\n`];
  for (const [name, fault] of Object.entries(model.faults)) {
    // AwsFault derives Sender/Receiver from the status; spell it out only where the model disagrees.
    const type = fault.senderFault === fault.httpStatus < 500 ? "" : `, ${JSON.stringify(fault.senderFault ? "Sender" : "Receiver")}`;
    out.push(
      `\nexport class ${name} extends AwsFault {\n` +
        `  constructor(message = ${JSON.stringify(fault.message)}) {\n` +
        `    super(${JSON.stringify(fault.code)}, ${fault.httpStatus}, message${type});\n` +
        `  }\n` +
        `}\n`,
    );
  }
  return out.join("");
}
