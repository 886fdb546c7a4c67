import modelJson from "../model/generated/model.json" with { type: "json" };
import type { OperationName } from "../model/generated/types.ts";

/** Shapes of api/model/generated/model.json (written by api/codegen/generate.ts). */

export type ScalarType = "string" | "integer" | "double" | "boolean" | "timestamp";

export interface ScalarShape {
  type: ScalarType;
}

export interface MemberModel {
  name: string;
  /** A key of `shapes`: a structure, a list or one of the scalar type names. */
  target: string;
  required: boolean;
  /** Wire name when it differs from `name`. */
  xmlName?: string;
  /** List elements sit directly under the member name, without a wrapper. */
  xmlFlattened?: true;
}

export interface StructureShape {
  type: "structure";
  members: MemberModel[];
}

export interface ListShape {
  type: "list";
  member: { target: string; xmlName: string };
}

export type ShapeModel = ScalarShape | StructureShape | ListShape;

export interface OperationModel {
  name: string;
  input: string | null;
  output: string | null;
  /** Modeled faults (keys of `faults`) the operation declares. */
  errors: string[];
}

export interface FaultModel {
  code: string;
  httpStatus: number;
  senderFault: boolean;
  message: string;
}

export interface ServiceModelJson {
  $comment: string;
  metadata: {
    sdkPackage: string;
    sdkVersion: string;
    apiVersion: string;
    xmlNamespace: string;
  };
  operations: Record<string, OperationModel>;
  shapes: Record<string, ShapeModel>;
  faults: Record<string, FaultModel>;
}

export class ServiceModel {
  readonly json: ServiceModelJson;
  private readonly faultsByCode = new Map<string, { shapeName: string } & FaultModel>();

  constructor(json: ServiceModelJson) {
    this.json = json;
    for (const [shapeName, fault] of Object.entries(json.faults)) {
      this.faultsByCode.set(fault.code, { shapeName, ...fault });
    }
  }

  get apiVersion(): string {
    return this.json.metadata.apiVersion;
  }

  get xmlNamespace(): string {
    return this.json.metadata.xmlNamespace;
  }

  /** Narrows an `Action` parameter to an operation of the model (otherwise the caller answers InvalidAction). */
  hasOperation(name: string): name is OperationName {
    return Object.hasOwn(this.json.operations, name);
  }

  operation(name: string): OperationModel | undefined {
    return this.hasOperation(name) ? this.json.operations[name] : undefined;
  }

  shape(name: string): ShapeModel {
    const shape = Object.hasOwn(this.json.shapes, name) ? this.json.shapes[name] : undefined;
    if (!shape) throw new Error(`model has no shape ${name}`);
    return shape;
  }

  structure(name: string): StructureShape {
    const shape = this.shape(name);
    if (shape.type !== "structure") throw new Error(`shape ${name} is a ${shape.type}, not a structure`);
    return shape;
  }

  faultByCode(code: string): ({ shapeName: string } & FaultModel) | undefined {
    return this.faultsByCode.get(code);
  }
}

let loaded: ServiceModel | undefined;

/** The committed model (imported as a module so a bundled build carries it), wrapped once per process. */
export function loadModel(): ServiceModel {
  loaded ??= new ServiceModel(modelJson as unknown as ServiceModelJson);
  return loaded;
}
