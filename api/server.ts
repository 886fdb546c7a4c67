import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Provisioner } from '../provisioner/provisioner.ts';
import type { State } from '../state/state.ts';
import { handlers } from './handlers/index.ts';
import type { Handler, HandlerContext } from './handler-types.ts';
import type { OperationName } from './model/generated/types.ts';
import { AwsFault, InternalFailureFault, InvalidActionFault, MissingActionFault, NotImplementedFault } from './protocol/aws-fault.ts';
import { loadModel } from './protocol/model.ts';
import { parseQueryInput } from './protocol/query-parser.ts';
import { serializeError, serializeResponse } from './protocol/query-serializer.ts';
import { frontQueryRequests, type QueryAnswer } from './query-front.ts';
import { requestContext } from './request-context.ts';

const BODY_LIMIT = 16 * 1024 * 1024;

export interface ApiOptions {
  state: State;
  provisioner: Provisioner;
  region: string;
  version: string;
  startedAt: number;
  now?: () => number;
}

/**
 * The HTTP face of the emulator: the AWS Query protocol on POST / (form body) and GET / (query
 * string), plus our own endpoints under /_elasticache/ (health, reset). Plain Query requests are
 * answered by the front on fastify's sockets (query-front.ts), the rest by the fastify routes.
 */
export function buildApi(options: ApiOptions): FastifyInstance {
  const model = loadModel();
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    schemaController: { compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas } },
  });
  // Query requests are form-encoded; take any body as text and parse it ourselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const send = (reply: FastifyReply, status: number, requestId: string, xml: string) =>
    reply.code(status).header('content-type', 'text/xml').header('x-amzn-RequestId', requestId).send(xml);

  const answerQuery = (rawBody: string, query: string, authorization: string | undefined): QueryAnswer | Promise<QueryAnswer> => {
    const params = queryParameters(query, rawBody);
    const ctx = requestContext(authorization, params, options.region);
    const fail = (e: unknown): QueryAnswer => {
      const fault = e instanceof AwsFault ? e : internalFailure(e);
      return { status: fault.httpStatus, requestId: ctx.requestId, xml: serializeError(fault, ctx.requestId) };
    };
    const ok = (action: string, output: unknown): QueryAnswer => ({
      status: 200,
      requestId: ctx.requestId,
      xml: serializeResponse(model, action as OperationName, output as never, ctx.requestId),
    });
    try {
      const action = params.get('Action');
      if (!action) throw new MissingActionFault('The request must contain the parameter Action.');
      const version = params.get('Version') ?? null;
      if (!model.hasOperation(action) || (version !== null && version !== model.apiVersion)) {
        throw new InvalidActionFault(`Could not find operation ${action} for version ${version ?? model.apiVersion}`);
      }
      // Input is checked first, so a malformed call to any operation gets AWS's validation error.
      const input = parseQueryInput(model, action, params);
      const handler = handlers[action] as Handler<OperationName> | undefined;
      if (!handler) throw new NotImplementedFault(action);
      const context: HandlerContext = { account: ctx.account, region: ctx.region, requestId: ctx.requestId, state: options.state, provisioner: options.provisioner, now };
      const result = handler(input as never, context);
      // Most handlers answer synchronously: only promises cost a suspension.
      if (result instanceof Promise) return result.then((output) => ok(action, output), fail);
      return ok(action, result);
    } catch (e) {
      return fail(e);
    }
  };
  const handleQuery = async (rawBody: string, query: string, authorization: string | undefined, reply: FastifyReply) => {
    const answer = await answerQuery(rawBody, query, authorization);
    return send(reply, answer.status, answer.requestId, answer.xml);
  };
  const front = frontQueryRequests(app.server, answerQuery, BODY_LIMIT);
  app.addHook('preClose', (done) => {
    front.close();
    done();
  });

  app.post('/', (req, reply) => {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    return handleQuery(typeof req.body === 'string' ? req.body : '', query, req.headers.authorization, reply);
  });
  app.get('/', (req, reply) => {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    return handleQuery('', query, req.headers.authorization, reply);
  });

  app.get('/_elasticache/health', async () => ({
    status: 'running',
    version: options.version,
    uptimeSeconds: Math.floor((now() - options.startedAt) / 1000),
    resources: options.state.counts(),
    runningNodes: options.provisioner.runningNodes,
  }));

  app.post('/_elasticache/reset', async () => {
    await options.provisioner.reset();
    return { reset: true };
  });

  app.post('/_elasticache/faults', async (req, reply) => {
    let body: unknown;
    try {
      body = JSON.parse(typeof req.body === 'string' && req.body !== '' ? req.body : '{}');
    } catch {
      return reply.code(400).send({ error: 'InvalidFaultRequest', message: 'The body must be JSON.' });
    }
    // Loaded on first use: its zod schemas are a noticeable part of start-up.
    const { injectFault } = await import('./faults-endpoint.ts');
    const result = await injectFault(body, options.provisioner, options.region);
    return reply.code(result.status).send(result.body);
  });

  // Anything else is not an AWS endpoint: answer as a Query service does, in XML, never HTML.
  app.setNotFoundHandler((_req, reply) => {
    const fault = new InvalidActionFault('The requested path is not an ElastiCache API endpoint; send Query requests to /.');
    return send(reply, 404, 'none', serializeError(fault, 'none'));
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    // Fastify's own 4xx (body too large, bad content) are the client's fault, not ours.
    const fault =
      error.statusCode !== undefined && error.statusCode < 500
        ? new AwsFault('MalformedQueryString', 400, `The request could not be read: ${error.message}`)
        : internalFailure(error);
    return send(reply, fault.httpStatus, 'none', serializeError(fault, 'none'));
  });
  return app;
}

/** The query string's parameters, then the form body's; a repeated name keeps its first value. */
function queryParameters(query: string, body: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const source of [query, body]) {
    if (source === '') continue;
    for (const [k, v] of new URLSearchParams(source)) if (!params.has(k)) params.set(k, v);
  }
  return params;
}

/**
 * fastify builds its JSON-schema compilers (ajv, fast-json-stringify) with each instance unless
 * given factories, and loading them is a third of its start-up; no route here has a schema.
 */
function noSchemas(): never {
  throw new Error('elasticache-local routes take no JSON schemas');
}

function internalFailure(e: unknown): AwsFault {
  process.emitWarning(`elasticache-local: internal failure: ${(e as Error)?.stack ?? String(e)}`);
  return new InternalFailureFault(`The request processing has failed because of an unknown error: ${(e as Error)?.message ?? String(e)}`);
}
