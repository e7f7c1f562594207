import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import qs from 'qs';
import { parseForm, plainFormBody } from './form-body';

const LIMIT = 64 * 1024;
const PARAMETERS = 100;
const FORM = 'application/x-www-form-urlencoded';

interface Outcome {
  body?: unknown;
  error?: { status: unknown; message: string; type: unknown };
}

/** Runs one body parser on each request and answers with what it made of it (req.body or the error). */
function serverWith(parser: RequestHandler): Server {
  return createServer((req, res) => {
    const answer = (outcome: Outcome) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(outcome));
    };
    parser(
      req as Request,
      res as Response,
      ((error?: unknown) => {
        if (error) {
          const e = error as { status?: unknown; message: string; type?: unknown };
          return answer({ error: { status: e.status, message: e.message, type: e.type } });
        }
        answer({ body: (req as Request).body });
      }) as NextFunction,
    );
  });
}

function send(server: Server, headers: Record<string, string>, body: Buffer): Promise<Outcome> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ port, method: 'POST', path: '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as Outcome));
    });
    req.on('error', reject);
    if (headers['transfer-encoding']) {
      req.write(body.subarray(0, 5));
      req.end(body.subarray(5));
    } else req.end(body);
  });
}

const bodyParser = () => express.urlencoded({ extended: false, limit: LIMIT, parameterLimit: PARAMETERS });
const params = (n: number) => Array.from({ length: n }, (_, i) => `p${i}=${i}`).join('&');

interface Case {
  name: string;
  body: Buffer | string;
  headers?: Record<string, string>;
  /** Whether the plain reader takes it (else body-parser does). */
  plain: boolean;
}

const cases: Case[] = [
  { name: 'a token request', body: 'grant_type=client_credentials&scope=api%3Aread', plain: true },
  { name: 'charset=UTF-8', body: 'a=1', headers: { 'content-type': `${FORM}; charset=UTF-8` }, plain: true },
  { name: 'a quoted charset', body: 'a=1', headers: { 'content-type': `${FORM};charset="utf-8"` }, plain: true },
  { name: 'an upper-case type', body: 'a=1', headers: { 'content-type': FORM.toUpperCase() }, plain: true },
  { name: 'an empty body', body: '', plain: true },
  { name: 'a repeated name', body: 'a=1&a=2&a=3', plain: true },
  { name: 'brackets, __proto__ and constructor', body: 'a[b]=1&c[]=2&__proto__=x&constructor=y', plain: true },
  { name: '"+", malformed escapes, names without "="', body: 'a=b+c&d=%zz&e=%E2%82&f&=g&&h=', plain: true },
  {
    name: 'a byte-order mark',
    body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a=1')]),
    plain: true,
  },
  { name: 'invalid UTF-8 bytes', body: Buffer.from([0x61, 0x3d, 0xc3, 0x28, 0xff]), plain: true },
  { name: 'a NUL escape', body: 'a=%00', plain: true },
  { name: 'escaped brackets', body: 'a%5Bb%5d=1&c=%5B', plain: true },
  { name: 'prototype names', body: 'toString=1&hasOwnProperty=2&valueOf', plain: true },
  { name: 'a trailing "&" and "=" in a value', body: 'a=b=c&', plain: true },
  { name: 'exactly 100 parameters', body: params(100), plain: true },
  { name: '101 parameters (413)', body: params(101), plain: true },
  { name: 'exactly 64 KiB', body: 'a=' + 'x'.repeat(LIMIT - 2), plain: true },
  { name: 'one byte over 64 KiB (413)', body: 'a=' + 'x'.repeat(LIMIT - 1), plain: false },
  { name: 'chunked', body: 'grant_type=client_credentials', headers: { 'transfer-encoding': 'chunked' }, plain: false },
  {
    name: 'gzip',
    body: gzipSync('a=1&b=2'),
    headers: { 'content-encoding': 'gzip' },
    plain: false,
  },
  { name: 'charset=utf-16 (415)', body: 'a=1', headers: { 'content-type': `${FORM}; charset=utf-16` }, plain: false },
  {
    name: 'charset=iso-8859-1',
    body: Buffer.from('a=caf\xe9', 'latin1'),
    headers: { 'content-type': `${FORM}; charset=iso-8859-1` },
    plain: false,
  },
  { name: 'another parameter', body: 'a=1', headers: { 'content-type': `${FORM}; foo=bar` }, plain: false },
];

describe('plainFormBody', () => {
  let plain: Server;
  let reference: Server;
  const fallbacks: string[] = [];

  beforeAll(async () => {
    const fallback = bodyParser();
    plain = serverWith(
      plainFormBody({ limit: LIMIT, parameterLimit: PARAMETERS }, (req, res, next) => {
        fallbacks.push(String(req.headers['x-case']));
        fallback(req, res, next);
      }),
    );
    reference = serverWith(bodyParser());
    await Promise.all([plain, reference].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  });

  afterAll(async () => {
    await Promise.all([plain, reference].map((s) => new Promise((r) => s.close(r))));
  });

  it.each(cases)('makes of $name what body-parser makes of it', async ({ name, body, headers, plain: isPlain }) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const all = {
      'content-type': FORM,
      ...(headers?.['transfer-encoding'] ? {} : { 'content-length': String(bytes.length) }),
      ...headers,
      'x-case': name,
    };
    const [ours, theirs] = await Promise.all([send(plain, all, bytes), send(reference, all, bytes)]);
    expect(ours).toEqual(theirs);
    expect(fallbacks.includes(name)).toBe(!isPlain);
  });

  it('answers a refused body as body-parser does', async () => {
    const bytes = Buffer.from(params(101));
    const headers = { 'content-type': FORM, 'content-length': String(bytes.length) };
    expect(await send(plain, headers, bytes)).toEqual({
      error: { status: 413, message: 'too many parameters', type: 'parameters.too.many' },
    });
  });
});

describe('parseForm', () => {
  // body-parser 2's urlencoded({ extended: false }) calls qs with these (lib/types/urlencoded.js).
  const bodyParsers = (body: string) => {
    const count = body.split('&').length;
    return qs.parse(body, {
      allowPrototypes: true,
      arrayLimit: count,
      depth: 0,
      charset: 'utf-8',
      parameterLimit: PARAMETERS,
      strictDepth: true,
    });
  };

  it('parses random forms as body-parser does', () => {
    // Every character that means something to a form parser, and some that do not.
    const alphabet = [
      'a',
      'b',
      '=',
      '&',
      '+',
      '%',
      '2',
      '0',
      'E',
      '5',
      'B',
      'D',
      '[',
      ']',
      '_',
      'é',
      '€',
      '__proto__',
      '%C3%A9',
      '%zz',
    ];
    let seed = 7;
    // mulberry32: the same bodies on every run.
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const body = Array.from({ length: 1 + random(16) }, () => alphabet[random(alphabet.length)]).join('');
      expect([body, parseForm(body, PARAMETERS)]).toEqual([body, bodyParsers(body)]);
    }
  });
});
