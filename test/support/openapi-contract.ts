import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import { writeFileSync } from 'node:fs';
import { QUEUE_DASHBOARD_PATH } from '../../apps/api/src/queue-dashboard/queue-dashboard-access';

/** One answer the API gave that its OpenAPI document does not describe. */
export interface ContractViolation {
  operation: string;
  status: number;
  problem: string;
}

type JsonObject = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

/**
 * OpenAPI 3.0 schemas as JSON Schema for Ajv: references pointed at the document's components (registered
 * under the id `openapi`), and every object that lists its properties closed (`additionalProperties: false`),
 * so an answer with a field the document does not name fails as surely as one missing a required field: the web
 * app's generated types must be exact.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema as JsonObject)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
      out.$ref = `openapi${value}`;
    } else if (key === 'example' || key === 'examples') {
      continue;
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      // Property names, not keywords: each value is a schema.
      out.properties = Object.fromEntries(
        Object.entries(value as JsonObject).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (out.properties && out.additionalProperties === undefined && !out.allOf && !out.oneOf && !out.anyOf)
    out.additionalProperties = false;
  // OpenAPI 3.0 says "a reference, or null" as { nullable, allOf: [ref] }; Ajv's nullable only widens `type`.
  if (out.nullable === true && Array.isArray(out.allOf)) {
    const { nullable: _nullable, type: _type, ...rest } = out;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

function isQueueDashboard(url: string): boolean {
  const path = url.split('?')[0].toLowerCase();
  return path === QUEUE_DASHBOARD_PATH || path.startsWith(`${QUEUE_DASHBOARD_PATH}/`);
}

/** `/api/campaigns/:id` → `/api/campaigns/{id}`, as the document names paths. */
function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Records every answer of a test app and checks it against the app's own OpenAPI document: the operation is
 * documented, the status is one of its documented responses, and a JSON body matches that response's schema.
 * Installed before the app's routes; the violations are read when the app closes.
 */
export class OpenApiContract {
  readonly violations: ContractViolation[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: false });
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: toJsonSchema(document.components ?? {}) });
  }

  install(app: INestApplication): void {
    app.use((req: Request, res: Response, next: NextFunction) => {
      let jsonBody: unknown;
      let isJson = false;
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        // As the client receives it: dates as strings, undefined fields gone.
        jsonBody = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
        isJson = true;
        return json(body);
      };
      res.on('finish', () => {
        try {
          this.check(req, res, isJson, jsonBody);
        } catch (err) {
          this.violations.push({
            operation: `${req.method} ${req.path}`,
            status: res.statusCode,
            problem: String(err),
          });
        }
      });
      next();
    });
  }

  private check(req: Request, res: Response, isJson: boolean, body: unknown): void {
    // Express sets req.route for a matched route; 404s for unknown paths and the docs have none. The queue
    // dashboard is bull-board's own page and API, not ours: not in the document, so not checked against it.
    const route = (req as Request & { route?: { path?: string } }).route?.path;
    if (!route || req.path.startsWith('/api/docs') || isQueueDashboard(req.originalUrl)) return;
    const path = openApiPath(`${req.baseUrl ?? ''}${route}`);
    const method = req.method.toLowerCase();
    const operation = `${req.method} ${path}`;
    const op = (this.document.paths[path] as Record<string, JsonObject> | undefined)?.[
      method === 'head' ? 'get' : method
    ];
    // Errors come from the one exception filter, in one shape; a 4xx/5xx need not be listed per operation.
    if (res.statusCode >= 400) return;
    if (!op) {
      this.violations.push({
        operation,
        status: res.statusCode,
        problem: 'operationen saknas i OpenAPI-dokumentet',
      });
      return;
    }
    const responses = (op.responses ?? {}) as Record<string, JsonObject>;
    const status = String(res.statusCode);
    const documented = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!documented) {
      this.violations.push({
        operation,
        status: res.statusCode,
        problem: `svaret ${status} är inte dokumenterat (dokumenterade: ${Object.keys(responses).join(', ')})`,
      });
      return;
    }
    const content = documented.content as Record<string, { schema?: unknown }> | undefined;
    const type = String(res.getHeader('content-type') ?? '')
      .split(';')[0]
      .trim();
    if (res.statusCode === 204 || req.method === 'HEAD' || !type) return;
    const documentedType = Object.keys(content ?? {}).find((t) => t.split(';')[0].trim() === type);
    if (!documentedType) {
      this.violations.push({
        operation,
        status: res.statusCode,
        problem: `innehållstypen ${type} är inte dokumenterad (dokumenterade: ${Object.keys(content ?? {}).join(', ') || 'ingen'})`,
      });
      return;
    }
    if (!isJson) return;
    const key = `${operation} ${status} ${type}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const schema = content![documentedType].schema;
      validate = schema ? this.ajv.compile(toJsonSchema(schema) as JsonObject) : null;
      this.validators.set(key, validate);
    }
    if (validate === null) {
      this.violations.push({ operation, status: res.statusCode, problem: 'svaret har inget schema' });
      return;
    }
    if (!validate(body)) {
      const problems = (validate.errors ?? [])
        .map(
          (e) =>
            `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
        )
        .join('; ');
      this.violations.push({
        operation,
        status: res.statusCode,
        problem: `svaret följer inte schemat: ${problems}`,
      });
    }
  }

  /**
   * What the app's answers broke of the contract, each once. OPENAPI_CONTRACT=report writes them to the file
   * named by OPENAPI_CONTRACT_FILE instead of failing (for surveying a document being completed).
   */
  assertKept(): void {
    const seen = new Set<string>();
    const unique = this.violations.filter((v) => {
      const key = `${v.operation} ${v.status} ${v.problem}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (unique.length === 0) return;
    const lines = unique.map((v) => `${v.operation} → ${v.status}: ${v.problem}`);
    if (process.env.OPENAPI_CONTRACT === 'report') {
      writeFileSync(
        process.env.OPENAPI_CONTRACT_FILE ?? '/tmp/openapi-contract.txt',
        `${lines.join('\n')}\n`,
        {
          flag: 'a',
        },
      );
      return;
    }
    throw new Error(`Svar som OpenAPI-dokumentet inte beskriver (${unique.length}):\n${lines.join('\n')}`);
  }
}
