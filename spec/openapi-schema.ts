/**
 * Turning the OpenAPI 3.0 document into JSON Schemas ajv compiles: load (swagger-parser validate + dereference) and the
 * keyword translation. Only spec/ and the benchmark use this module; everyone else goes through the validator.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';

/** The document ships with the package, next to this file. */
export const SPEC_FILE = fileURLToPath(new URL('./settings.openapi.yaml', import.meta.url));

/**
 * OpenAPI-only annotation keywords: registered with ajv as annotations so strict mode accepts them on purpose.
 * (`deprecated`, `readOnly`, `writeOnly` are already ajv metadata keywords.)
 */
export const OPENAPI_ANNOTATION_KEYWORDS = ['example', 'xml', 'externalDocs'] as const;

export type JsonObject = Record<string, unknown>;

export interface ResponseDefinition {
  schema: JsonObject | undefined;
  headers: Record<string, { required?: boolean }>;
}

export interface OperationDefinition {
  operationId: string;
  method: string;
  path: string;
  /** Keyed by the status as written in the document: '200', '303', 'default'. */
  responses: Map<string, ResponseDefinition>;
}

export interface LoadedDocument {
  sha256: string;
  operations: Map<string, OperationDefinition>;
  /** Dereferenced `components.schemas`, still in OpenAPI dialect. */
  componentSchemas: Record<string, JsonObject>;
}

/** swagger-parser's document type, without depending on its openapi-types dependency directly. */
type OpenApiDocument = SwaggerParser['api'];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export async function loadDocument(file: string = SPEC_FILE): Promise<LoadedDocument> {
  const bytes = await readFile(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const raw = parseYaml(bytes.toString('utf8')) as JsonObject;
  checkDiscriminatorMappings(raw);
  // validate() works on its own copy: it dereferences in place, and dereference() below gets the untouched original.
  await SwaggerParser.validate(structuredClone(raw) as unknown as OpenApiDocument);
  const api = (await SwaggerParser.dereference(raw as unknown as OpenApiDocument)) as unknown as JsonObject;
  return { sha256, operations: collectOperations(api), componentSchemas: componentSchemasOf(api) };
}

function collectOperations(api: JsonObject): Map<string, OperationDefinition> {
  const operations = new Map<string, OperationDefinition>();
  for (const [path, pathItem] of Object.entries(api['paths'] as Record<string, JsonObject>)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as JsonObject | undefined;
      if (!operation) continue;
      const operationId = operation['operationId'] as string;
      const responses = new Map<string, ResponseDefinition>();
      for (const [status, response] of Object.entries(operation['responses'] as Record<string, JsonObject>)) {
        const content = response['content'] as Record<string, { schema?: JsonObject }> | undefined;
        responses.set(status, {
          schema: content?.['application/json']?.schema,
          headers: (response['headers'] as ResponseDefinition['headers'] | undefined) ?? {},
        });
      }
      operations.set(operationId, { operationId, method: method.toUpperCase(), path, responses });
    }
  }
  return operations;
}

function componentSchemasOf(api: JsonObject): Record<string, JsonObject> {
  const components = api['components'] as { schemas?: Record<string, JsonObject> } | undefined;
  return components?.schemas ?? {};
}

/**
 * ajv picks a discriminator branch by the `enum`/`const` of the tag property and rejects `mapping`, so the mapping is
 * dropped when translating. Checking here that every mapping agrees with its branches keeps that drop lossless.
 */
function checkDiscriminatorMappings(raw: JsonObject): void {
  const schemas = (raw['components'] as { schemas: Record<string, JsonObject> }).schemas;
  for (const [name, schema] of Object.entries(schemas)) {
    const discriminator = schema['discriminator'] as { propertyName: string; mapping?: Record<string, string> } | undefined;
    if (!discriminator?.mapping) continue;
    for (const [tag, ref] of Object.entries(discriminator.mapping)) {
      const target = schemas[ref.replace('#/components/schemas/', '')];
      const properties = target?.['properties'] as Record<string, { enum?: unknown[] }> | undefined;
      const allowed = properties?.[discriminator.propertyName]?.enum;
      if (allowed?.length !== 1 || allowed[0] !== tag) {
        throw new Error(`${name}: discriminator mapping "${tag}" → ${ref} does not match the branch's ${discriminator.propertyName} enum`);
      }
    }
  }
}

export interface TranslateOptions {
  /** false drops `discriminator`, leaving plain oneOf (the benchmark's baseline). */
  discriminator: boolean;
}

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv. `nullable` without `type` means "any value" and is dropped (ajv refuses it);
 * with an `enum`, null joins the enum. `x-*` vendor extensions are dropped. Shared subschemas stay shared.
 */
export function toJsonSchema(schema: JsonObject, options: TranslateOptions, memo = new Map<object, JsonObject>()): JsonObject {
  const known = memo.get(schema);
  if (known) return known;
  const out: JsonObject = {};
  memo.set(schema, out);
  const recurse = (value: unknown): unknown =>
    typeof value === 'object' && value !== null ? toJsonSchema(value as JsonObject, options, memo) : value;
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('x-')) continue;
    switch (keyword) {
      case 'properties':
        out[keyword] = Object.fromEntries(Object.entries(value as JsonObject).map(([name, sub]) => [name, recurse(sub)]));
        break;
      case 'items':
      case 'additionalProperties':
      case 'not':
        out[keyword] = recurse(value);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[keyword] = (value as unknown[]).map(recurse);
        break;
      case 'discriminator':
        if (options.discriminator) out[keyword] = { propertyName: (value as { propertyName: string }).propertyName };
        break;
      case 'nullable':
        if (value === true && schema['type'] !== undefined) out[keyword] = true;
        break;
      case 'enum':
        out[keyword] = schema['nullable'] === true && !(value as unknown[]).includes(null) ? [...(value as unknown[]), null] : value;
        break;
      default:
        out[keyword] = value;
    }
  }
  return out;
}
