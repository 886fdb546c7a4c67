/**
 * Reads the ElastiCache model out of @aws-sdk/client-elasticache: the smithy
 * schema tuples its index exports (operations, structures, lists, errors),
 * plus the per-operation error lists and fault descriptions that only its
 * type declarations carry. Anything in the schema this emulator does not
 * understand (maps, blobs, unions, unknown traits...) stops generation
 * rather than being silently dropped.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as sdk from "@aws-sdk/client-elasticache";
import { SCHEMA, translateTraits } from "@smithy/core/schema";
import { doubleMembers } from "../model/patches.ts";
import type {
  FaultModel,
  MemberModel,
  OperationModel,
  ScalarType,
  ServiceModelJson,
  ShapeModel,
} from "../protocol/model.ts";

const SDK_PACKAGE = "@aws-sdk/client-elasticache";

interface ProtocolSettings {
  defaultNamespace: string;
  xmlNamespace: string;
  version: string;
}

/** The settings the SDK hands its AwsQueryProtocol: smithy namespace, XML namespace, API version. */
function protocolSettings(): ProtocolSettings {
  const client = new sdk.ElastiCacheClient({ region: "us-east-1" });
  const settings = client.config.protocolSettings as unknown as ProtocolSettings;
  client.destroy();
  return settings;
}

// Static schema tuple kinds (first element), see @smithy/types StaticSchema.
const OPERATION = 9;
const STRUCTURE = 3;
const LIST = 1;
const ERROR = -3;

const SCALARS: readonly ScalarType[] = ["boolean", "double", "integer", "string", "timestamp"];

type Traits = Record<string, unknown>;

function sdkPackageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${SDK_PACKAGE}/package.json`));
}

function sdkVersion(): string {
  return (JSON.parse(readFileSync(join(sdkPackageDir(), "package.json"), "utf8")) as { version: string }).version;
}

const deref = (ref: unknown): unknown => (typeof ref === "function" ? (ref as () => unknown)() : ref);

/** A member schema is `[schemaOrThunk, memberTraits]`; static shapes have at least 5 elements. */
const isMemberSchema = (ref: unknown): ref is [unknown, unknown] => Array.isArray(ref) && ref.length === 2;

function traitsOf(indicator: unknown): Traits {
  return translateTraits(indicator as Parameters<typeof translateTraits>[0]) as Traits;
}

function assertOnlyTraits(traits: Traits, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(traits)) {
    if (!allowed.includes(key)) throw new Error(`${where}: unsupported trait ${key}`);
  }
}

// `sensitive` only affects SDK logging, never the wire.
const MEMBER_TRAITS = ["xmlName", "xmlFlattened", "sensitive"];

class ModelBuilder {
  readonly shapes = new Map<string, ShapeModel>();
  private readonly unusedDoublePatches = new Set(doubleMembers);

  constructor(private readonly namespace: string) {
    for (const scalar of SCALARS) this.shapes.set(scalar, { type: scalar });
  }

  /** Registers the structure behind an operation's input or output; null for `unit`. */
  operationShape(ref: unknown, where: string): string | null {
    const schema = deref(ref);
    if (schema === "unit") return null;
    if (!Array.isArray(schema) || schema[0] !== STRUCTURE) throw new Error(`${where}: expected a structure or unit`);
    return this.structure(schema);
  }

  finish(): void {
    if (this.unusedDoublePatches.size > 0) {
      throw new Error(`patches.ts names members that are not numeric members of the model: ${[...this.unusedDoublePatches].join(", ")}`);
    }
  }

  private structure(schema: unknown[]): string {
    const [, namespace, name, ownTraits, memberNames, memberSchemas, requiredCount = 0] = schema as [
      number, string, string, unknown, string[], unknown[], number?,
    ];
    if (namespace !== this.namespace) throw new Error(`${name}: unexpected namespace ${namespace}`);
    if (this.shapes.has(name)) return name;
    assertOnlyTraits(traitsOf(ownTraits), [], name);
    const members: MemberModel[] = [];
    // Registered before walking members so recursive shapes terminate.
    this.shapes.set(name, { type: "structure", members });
    memberNames.forEach((memberName, i) => {
      members.push(this.member(name, memberName, memberSchemas[i], i < requiredCount));
    });
    return name;
  }

  private member(owner: string, name: string, ref: unknown, required: boolean): MemberModel {
    const where = `${owner}.${name}`;
    const { schema, traits } = this.unwrap(ref, where);
    assertOnlyTraits(traits, MEMBER_TRAITS, where);
    const target = this.target(schema, where);
    const member: MemberModel = { name, target, required };
    const xmlName = traits.xmlName;
    if (typeof xmlName === "string" && xmlName !== name) member.xmlName = xmlName;
    if (traits.xmlFlattened || this.listIsFlattened(schema)) {
      if (this.shapes.get(target)?.type !== "list") throw new Error(`${where}: xmlFlattened on a non-list`);
      member.xmlFlattened = true;
    }
    return member;
  }

  private listIsFlattened(schema: unknown): boolean {
    return Array.isArray(schema) && schema[0] === LIST && !!traitsOf(schema[3]).xmlFlattened;
  }

  private unwrap(ref: unknown, where: string): { schema: unknown; traits: Traits } {
    if (!isMemberSchema(ref)) return { schema: deref(ref), traits: {} };
    const inner = deref(ref[0]);
    if (isMemberSchema(inner)) throw new Error(`${where}: nested member schema`);
    return { schema: inner, traits: traitsOf(ref[1]) };
  }

  private target(schema: unknown, where: string): string {
    if (typeof schema === "number") {
      if (schema >= SCHEMA.LIST_MODIFIER && schema < SCHEMA.MAP_MODIFIER) {
        return this.anonymousList(this.scalar(schema & ~SCHEMA.LIST_MODIFIER, `${where}[]`));
      }
      return this.scalar(schema, where);
    }
    if (Array.isArray(schema) && schema[0] === STRUCTURE) return this.structure(schema);
    if (Array.isArray(schema) && schema[0] === LIST) return this.list(schema);
    throw new Error(`${where}: unsupported schema ${JSON.stringify(schema)}`);
  }

  private scalar(code: number, where: string): ScalarType {
    switch (code) {
      case SCHEMA.STRING:
        return "string";
      case SCHEMA.BOOLEAN:
        return "boolean";
      case SCHEMA.NUMERIC:
        return this.unusedDoublePatches.delete(where) ? "double" : "integer";
      // Query timestamps default to date-time; the other formats never occur in ElastiCache.
      case SCHEMA.TIMESTAMP_DEFAULT:
      case SCHEMA.TIMESTAMP_DATE_TIME:
        return "timestamp";
      default:
        throw new Error(`${where}: unsupported simple schema ${code}`);
    }
  }

  /** Lists written inline as `64 | scalar` lose their name in the schema; one shape per element type suffices. */
  private anonymousList(element: ScalarType): string {
    const name = `${element}[]`;
    this.shapes.set(name, { type: "list", member: { target: element, xmlName: "member" } });
    return name;
  }

  private list(schema: unknown[]): string {
    const [, namespace, name, ownTraits, memberRef] = schema as [number, string, string, unknown, unknown];
    if (namespace !== this.namespace) throw new Error(`${name}: unexpected namespace ${namespace}`);
    if (this.shapes.has(name)) return name;
    assertOnlyTraits(traitsOf(ownTraits), ["xmlFlattened"], name);
    const { schema: element, traits } = this.unwrap(memberRef, `${name}.member`);
    assertOnlyTraits(traits, ["xmlName"], `${name}.member`);
    const xmlName = typeof traits.xmlName === "string" ? traits.xmlName : "member";
    const shape: ShapeModel = { type: "list", member: { target: "", xmlName } };
    this.shapes.set(name, shape);
    shape.member.target = this.target(element, `${name}.member`);
    return name;
  }
}

function sdkExports(kind: number, namespace: string): unknown[][] {
  return Object.values(sdk as Record<string, unknown>).filter(
    (value): value is unknown[] => Array.isArray(value) && value[0] === kind && value[1] === namespace,
  );
}

/** `@throws {@link X} (client fault)` lines of the command's declaration, in model order. */
function declaredErrors(operationName: string): string[] {
  const file = join(sdkPackageDir(), "dist-types", "commands", `${operationName}Command.d.ts`);
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/@throws \{@link (\w+)\} \((?:client|server) fault\)/g)].map((m) => m[1]);
}

/** Fault descriptions from the doc comments of dist-types/models/errors.d.ts, as plain text. */
function faultDescriptions(): Map<string, string> {
  const text = readFileSync(join(sdkPackageDir(), "dist-types", "models", "errors.d.ts"), "utf8");
  const descriptions = new Map<string, string>();
  for (const [, comment, name] of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class (\w+) extends/g)) {
    const plain = comment
      .replace(/^\s*\*\s?/gm, "")
      .replace(/@public/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ")
      .replace(/ ([.,:;])/g, "$1")
      .trim();
    descriptions.set(name, plain);
  }
  return descriptions;
}

function buildFaults(namespace: string): Record<string, FaultModel> {
  const descriptions = faultDescriptions();
  const faults: Record<string, FaultModel> = {};
  for (const [, , name, rawTraits, memberNames] of sdkExports(ERROR, namespace) as [number, string, string, unknown, string[]][]) {
    const traits = traitsOf(rawTraits);
    assertOnlyTraits(traits, ["awsQueryError", "error", "httpError"], name);
    const [code, httpStatus] = traits.awsQueryError as [string, number];
    if (memberNames.join() !== "message") throw new Error(`${name}: fault members beyond message are not supported`);
    const message = descriptions.get(name);
    if (!message) throw new Error(`${name}: no description in errors.d.ts`);
    faults[name] = { code, httpStatus, senderFault: traits.error === "client", message };
  }
  return faults;
}

const sortedRecord = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function buildModelJson(): ServiceModelJson {
  const settings = protocolSettings();
  const builder = new ModelBuilder(settings.defaultNamespace);
  const faults = buildFaults(settings.defaultNamespace);
  const operations: [string, OperationModel][] = [];
  for (const [, , name, , input, output] of sdkExports(OPERATION, settings.defaultNamespace) as [number, string, string, unknown, unknown, unknown][]) {
    const errors = declaredErrors(name);
    for (const error of errors) {
      if (!faults[error]) throw new Error(`${name}: declares unknown fault ${error}`);
    }
    operations.push([name, {
      name,
      input: builder.operationShape(input, `${name} input`),
      output: builder.operationShape(output, `${name} output`),
      errors,
    }]);
  }
  builder.finish();
  const version = sdkVersion();
  return {
    $comment: `Generated from ${SDK_PACKAGE} ${version} by api/codegen/generate.ts (npm run generate). Do not edit.`,
    metadata: { sdkPackage: SDK_PACKAGE, sdkVersion: version, apiVersion: settings.version, xmlNamespace: settings.xmlNamespace },
    operations: sortedRecord(operations),
    shapes: sortedRecord(builder.shapes),
    faults: sortedRecord(Object.entries(faults)),
  };
}
