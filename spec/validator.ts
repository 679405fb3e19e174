/**
 * The one place that compiles schemas. Response schemas are compiled once per process, keyed by (operationId, status).
 * Each schema has two compiled forms: a fast one that stops at the first error, run on every body, and an allErrors
 * one, run only when the fast one fails, so valid bodies are cheap and invalid ones still report every violation.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  loadDocument,
  OPENAPI_ANNOTATION_KEYWORDS,
  toJsonSchema,
  type JsonObject,
  type LoadedDocument,
  type ResponseDefinition,
} from './openapi-schema.js';

// ajv-formats ships CommonJS whose default export is the plugin itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface Violation {
  path: string;
  keyword: string;
  message: string;
  schemaPath: string;
}

export interface ResponseValidator {
  /** Violations of the body against the response schema of (operationId, status); falls back to `default` for an
   *  undocumented status. Throws (programming error) for an unknown operationId. [] means valid. */
  validateResponse(operationId: string, status: number, body: unknown): Violation[];
  /** Violations of a value against a named component schema, e.g. 'settingsFlow', 'uiNodes' (array of uiNode), 'uiNode',
   *  'errorGeneric', 'identity', 'session'. */
  validateComponent(name: string, value: unknown): Violation[];
  /** Statuses documented for an operation (numbers only, no 'default'). */
  documentedStatuses(operationId: string): number[];
  /** Header names the document requires for (operationId, status), lower-case, e.g. ['location'] on 303. */
  requiredHeaders(operationId: string, status: number): string[];
  /** sha256 (hex) of the document file's bytes: reports record it. */
  readonly specSha256: string;
}

/** One schema, compiled in its two forms. */
interface TwoPassValidator {
  firstError: ValidateFunction;
  allErrors: ValidateFunction;
}

const OPENAPI_AJV_OPTIONS: Options = {
  strict: true,
  discriminator: true,
  keywords: [...OPENAPI_ANNOTATION_KEYWORDS],
};

function newOpenApiAjv(allErrors: boolean): Ajv {
  const ajv = new Ajv({ ...OPENAPI_AJV_OPTIONS, allErrors });
  addFormats(ajv);
  return ajv;
}

function toViolations(errors: readonly ErrorObject[] | null | undefined): Violation[] {
  return (errors ?? []).map((error) => ({
    path: error.instancePath,
    keyword: error.keyword,
    message: messageOf(error),
    schemaPath: error.schemaPath,
  }));
}

function messageOf(error: ErrorObject): string {
  const message = error.message ?? error.keyword;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum') return `${message}: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'additionalProperties') return `${message} "${String(params['additionalProperty'])}"`;
  return message;
}

class OpenApiResponseValidator implements ResponseValidator {
  readonly specSha256: string;
  private readonly firstErrorAjv = newOpenApiAjv(false);
  private readonly allErrorsAjv = newOpenApiAjv(true);
  private readonly translated = new Map<object, JsonObject>();
  private readonly responses = new Map<string, Map<string, TwoPassValidator | undefined>>();
  private readonly components = new Map<string, TwoPassValidator>();

  constructor(private readonly document: LoadedDocument) {
    this.specSha256 = document.sha256;
    for (const operation of document.operations.values()) {
      const compiled = new Map<string, TwoPassValidator | undefined>();
      for (const [status, response] of operation.responses) {
        compiled.set(status, response.schema ? this.compile(response.schema) : undefined);
      }
      this.responses.set(operation.operationId, compiled);
    }
  }

  validateResponse(operationId: string, status: number, body: unknown): Violation[] {
    const compiled = this.responsesOf(operationId);
    const key = compiled.has(String(status)) ? String(status) : 'default';
    if (!compiled.has(key)) {
      return [
        {
          path: '',
          keyword: 'status',
          message: `status ${status} is not documented for ${operationId} and it has no default response`,
          schemaPath: `#/${operationId}/responses`,
        },
      ];
    }
    const validator = compiled.get(key);
    return validator ? run(validator, body) : [];
  }

  validateComponent(name: string, value: unknown): Violation[] {
    let validator = this.components.get(name);
    if (!validator) {
      const schema = this.document.componentSchemas[name];
      if (!schema) throw new Error(`unknown component schema "${name}"`);
      validator = this.compile(schema);
      this.components.set(name, validator);
    }
    return run(validator, value);
  }

  documentedStatuses(operationId: string): number[] {
    return [...this.responsesOf(operationId).keys()]
      .filter((status) => status !== 'default')
      .map(Number)
      .sort((a, b) => a - b);
  }

  requiredHeaders(operationId: string, status: number): string[] {
    const operation = this.document.operations.get(operationId);
    if (!operation) throw new Error(`unknown operationId "${operationId}"`);
    const response: ResponseDefinition | undefined = operation.responses.get(String(status)) ?? operation.responses.get('default');
    return Object.entries(response?.headers ?? {})
      .filter(([, header]) => header.required === true)
      .map(([name]) => name.toLowerCase());
  }

  private responsesOf(operationId: string): Map<string, TwoPassValidator | undefined> {
    const compiled = this.responses.get(operationId);
    if (!compiled) throw new Error(`unknown operationId "${operationId}"`);
    return compiled;
  }

  private compile(openApiSchema: JsonObject): TwoPassValidator {
    const schema = toJsonSchema(openApiSchema, { discriminator: true }, this.translated);
    return { firstError: this.firstErrorAjv.compile(schema), allErrors: this.allErrorsAjv.compile(schema) };
  }
}

function run(validator: TwoPassValidator, value: unknown): Violation[] {
  if (validator.firstError(value)) return [];
  validator.allErrors(value);
  return toViolations(validator.allErrors.errors);
}

/** A validator over any loaded document; the project shares the one from loadValidator(), tests use variants. */
export function createResponseValidator(document: LoadedDocument): ResponseValidator {
  return new OpenApiResponseValidator(document);
}

let loading: Promise<ResponseValidator> | undefined;

/** Loads the document (swagger-parser validate + dereference) and compiles every response schema once; memoized per
 *  process, so every caller shares one instance. */
export function loadValidator(): Promise<ResponseValidator> {
  loading ??= loadDocument().then(createResponseValidator, (error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

const USER_SCHEMA_OPTIONS: Options = {
  allErrors: true,
  // User schemas carry extension keywords (Kratos identity schemas use "ory.sh/kratos"); they must not be refused.
  strict: false,
};

/** One shared instance per JSON Schema dialect, created when first needed. */
const userSchemaAjvs = new Map<string, Ajv>();

function userSchemaAjvFor(schema: JsonObject): Ajv {
  const dialect = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  const kind = dialect.includes('2020-12') ? '2020-12' : dialect.includes('2019-09') ? '2019-09' : 'draft-07';
  let ajv = userSchemaAjvs.get(kind);
  if (!ajv) {
    ajv =
      kind === '2020-12'
        ? new Ajv2020(USER_SCHEMA_OPTIONS)
        : kind === '2019-09'
          ? new Ajv2019(USER_SCHEMA_OPTIONS)
          : new Ajv(USER_SCHEMA_OPTIONS);
    addFormats(ajv);
    userSchemaAjvs.set(kind, ajv);
  }
  return ajv;
}

const compiledUserSchemas = new WeakMap<object, (value: unknown) => Violation[]>();

/**
 * Compiles an arbitrary JSON Schema (draft-07, 2019-09 or 2020-12, chosen by `$schema`), e.g. a configured identity
 * schema. Returns a function listing every violation. Throws a clear Error when the schema itself is invalid.
 */
export function compileJsonSchema(schema: object): (value: unknown) => Violation[] {
  const known = compiledUserSchemas.get(schema);
  if (known) return known;
  const ajv = userSchemaAjvFor(schema as JsonObject);
  const id = (schema as JsonObject)['$id'];
  // A schema re-read from disk is a new object with the same $id: the newest one wins.
  if (typeof id === 'string') ajv.removeSchema(id);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`invalid JSON Schema${typeof id === 'string' ? ` ${id}` : ''}: ${reason}`, { cause: error });
  }
  const check = (value: unknown): Violation[] => (validate(value) ? [] : toViolations(validate.errors));
  compiledUserSchemas.set(schema, check);
  return check;
}
