// The floor of this design on this machine (issue #23): a plain node:http server that does only
// the durable work of two scenarios, with nothing a product needs around it (no framework, no
// logging, no metrics, no rate limits, no validation beyond what the answer needs).
//   POST /token       client_credentials: client authenticated by SHA-256 of its secret, 256
//                     random bits minted, their hash INSERTed, the answer written.
//   POST /introspect  the resource server authenticated the same way, one prepared SELECT by hash.
// Config: BENCH_FLOOR_CONFIG = {"clients":[{"client_id","client_secret"}...]}, DATABASE_URL, PORT.
import { Buffer } from 'node:buffer';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const { clients } = JSON.parse(process.env.BENCH_FLOOR_CONFIG);
const secretHashes = new Map(clients.map((c) => [c.client_id, createHash('sha256').update(c.client_secret).digest()]));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS floor_tokens (
  token_hash char(64) PRIMARY KEY, client_id varchar(128) NOT NULL, scope text NOT NULL, expires_at timestamptz NOT NULL)`);

const sha256Hex = (value) => createHash('sha256').update(value).digest('hex');

/** The client of a Basic authorization header, or undefined. */
function authenticate(header) {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString();
  const colon = decoded.indexOf(':');
  const id = decodeURIComponent(decoded.slice(0, colon));
  const expected = secretHashes.get(id);
  const given = createHash('sha256')
    .update(decodeURIComponent(decoded.slice(colon + 1)))
    .digest();
  return expected && timingSafeEqual(expected, given) ? id : undefined;
}

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

async function token(clientId, res) {
  const accessToken = randomBytes(32).toString('base64url');
  await pool.query({
    name: 'floor-insert',
    text: `INSERT INTO floor_tokens (token_hash, client_id, scope, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')`,
    values: [sha256Hex(accessToken), clientId, 'api'],
  });
  answer(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: 'api' });
}

async function introspect(form, res) {
  const { rows } = await pool.query({
    name: 'floor-select',
    text: `SELECT client_id, scope, extract(epoch FROM expires_at)::int AS exp FROM floor_tokens
            WHERE token_hash = $1 AND expires_at > now()`,
    values: [sha256Hex(form.get('token') ?? '')],
  });
  const row = rows[0];
  answer(
    res,
    200,
    row ? { active: true, client_id: row.client_id, scope: row.scope, exp: row.exp } : { active: false },
  );
}

createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/ready') return answer(res, 200, {});
    const clientId = authenticate(req.headers.authorization);
    if (!clientId) return answer(res, 401, { error: 'invalid_client' });
    const form = new URLSearchParams(body);
    const work =
      req.url === '/token' && form.get('grant_type') === 'client_credentials'
        ? token(clientId, res)
        : req.url === '/introspect'
          ? introspect(form, res)
          : Promise.resolve(answer(res, 400, { error: 'invalid_request' }));
    work.catch((error) => answer(res, 500, { error: 'server_error', error_description: error.message }));
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
