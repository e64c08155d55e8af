import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocumentOf } from '../../apps/api/src/bootstrap';
import { createTestApp, TestApp } from '../support/test-app';

type Json = Record<string, unknown>;

/**
 * The OpenAPI document as a whole, beyond the answers the other tests happen to see (test-app checks those
 * against it): the web app generates its types from it, so every operation says what it answers, and no field
 * is an untyped object where it is really a string, a number or a reference.
 */
describe('the OpenAPI document (/api/docs-json)', () => {
  let t: TestApp;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    doc = openApiDocumentOf(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Json>)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );

  it('describes every operation, the public pages included', () => {
    const names = operations().map((o) => o.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /u/{token}',
        'POST /u/{token}',
        'GET /v/{token}',
        'POST /api/campaigns',
        'POST /api/templates',
        'GET /api/mailings/{id}/uncertain',
      ]),
    );
  });

  it('gives every operation a documented success answer with its content (none for 204)', () => {
    const missing = operations().flatMap(({ name, op }) => {
      const responses = (op.responses ?? {}) as Record<string, Json>;
      const success = Object.entries(responses).filter(([status]) => /^2/.test(status));
      if (success.length === 0) return [`${name}: inget 2xx-svar`];
      return success
        .filter(([status, response]) => status !== '204' && !response.content)
        .map(([status]) => `${name} ${status}: inget innehåll beskrivet`);
    });
    expect(missing).toEqual([]);
  });

  it('types every property: no bare nullable, no nullable enum without null, no untyped object where a string or a reference is meant', () => {
    const problems: string[] = [];
    const visit = (schema: unknown, where: string): void => {
      if (typeof schema !== 'object' || schema === null) return;
      const s = schema as Json;
      if (s.nullable === true && !s.type && !s.allOf && !s.oneOf && !s.anyOf && !s.$ref)
        problems.push(`${where}: nullable utan typ`);
      if (s.type === 'object' && !s.properties && !s.additionalProperties && !s.allOf)
        problems.push(`${where}: objekt utan fält`);
      // A validator reads `enum` as the whole list: a nullable enum must name null in it, or null is refused.
      if (s.nullable === true && Array.isArray(s.enum) && !s.enum.includes(null))
        problems.push(`${where}: nullable enum utan null`);
      for (const [name, property] of Object.entries((s.properties ?? {}) as Json))
        visit(property, `${where}.${name}`);
      if (s.items) visit(s.items, `${where}[]`);
      for (const key of ['allOf', 'oneOf', 'anyOf'])
        for (const [i, part] of ((s[key] ?? []) as unknown[]).entries()) visit(part, `${where}.${key}[${i}]`);
    };
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) visit(schema, name);
    expect(problems).toEqual([]);
  });
});
