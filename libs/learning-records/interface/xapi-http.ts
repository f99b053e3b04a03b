import type { NextFunction, Request, Response } from 'express';
import { problem, PROBLEM_CONTENT_TYPE } from '@kompeten/shared/infrastructure';
import { SUPPORTED_VERSION } from '../domain/statement';

export const VERSION_HEADER = 'X-Experience-API-Version';

/** The request body of an xAPI resource, as sent: documents are opaque, statements JSON or multipart/mixed. */
export interface XapiBody {
  contentType: string;
  raw: Buffer;
}

export type XapiRequest = Request & { xapiBody?: XapiBody };

/** The headers the alternate request syntax may carry in its form (xAPI 1.0.3 Communication §1.3). */
const FORM_HEADERS = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match'];
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

function sendProblem(res: Response, status: number, detail: string): void {
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem(status, detail)));
}

function readBody(req: Request, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Everything HTTP the xAPI resources need before Nest routes a request:
 * `X-Experience-API-Version` on every answer (404s and malformed bodies
 * included), the body read as bytes (a document is whatever the platform
 * sent; 413 beyond `limitBytes`), and the alternate request syntax (POST
 * `?method=` with the headers, parameters and content in a form) turned into
 * the request it stands for.
 */
export function xapiHttpMiddleware(limitBytes: number) {
  return (req: XapiRequest, res: Response, next: NextFunction) => {
    res.setHeader(VERSION_HEADER, SUPPORTED_VERSION);
    // Every statement committed before this request is readable by it, whatever the answer.
    if (/^\/xapi\/statements\/?$/.test(req.path)) res.setHeader('X-Experience-API-Consistent-Through', new Date().toISOString());
    const url = new URL(req.originalUrl, 'http://lrs');
    const alternate = req.method === 'POST' && url.searchParams.has('method');
    readBody(req, limitBytes)
      .then((raw) => {
        if (raw === 'too-large') {
          res.setHeader('Connection', 'close');
          return sendProblem(res, 413, `The request body is larger than this LRS accepts (${limitBytes} bytes)`);
        }
        let contentType = String(req.headers['content-type'] ?? '');
        if (alternate) {
          const method = String(url.searchParams.get('method')).toUpperCase();
          if ([...url.searchParams.keys()].some((k) => k !== 'method'))
            return sendProblem(res, 400, 'The alternate request syntax takes only ?method= in the URL; send the parameters in the form');
          if (!METHODS.includes(method)) return sendProblem(res, 400, `method must be one of ${METHODS.join(', ')}`);
          if (!/^application\/x-www-form-urlencoded/i.test(contentType))
            return sendProblem(res, 400, 'The alternate request syntax needs Content-Type application/x-www-form-urlencoded');
          const form = new URLSearchParams(raw.toString('utf8'));
          const query = new URLSearchParams();
          let content = '';
          contentType = '';
          for (const [name, value] of form) {
            const lower = name.toLowerCase();
            if (lower === 'content') content = value;
            else if (lower === 'content-type') contentType = value;
            else if (FORM_HEADERS.includes(lower)) req.headers[lower] = value;
            else query.append(name, value);
          }
          raw = Buffer.from(content, 'utf8');
          if (!contentType && content) contentType = 'application/json';
          req.headers['content-type'] = contentType;
          req.headers['content-length'] = String(raw.length);
          req.method = method;
          const search = query.toString();
          req.url = `${req.url.split('?')[0]}${search ? `?${search}` : ''}`;
        }
        req.xapiBody = { contentType, raw };
        next();
      })
      .catch(next);
  };
}

/** Parses a multipart/mixed body into its parts (headers lower-cased, content as bytes). */
export function multipartParts(body: XapiBody): { headers: Record<string, string>; content: Buffer }[] | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(body.contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: { headers: Record<string, string>; content: Buffer }[] = [];
  let at = body.raw.indexOf(delimiter);
  if (at < 0) return null;
  for (;;) {
    const start = at + delimiter.length;
    if (body.raw.subarray(start, start + 2).toString() === '--') break;
    const next = body.raw.indexOf(delimiter, start);
    if (next < 0) return null;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    let part = body.raw.subarray(start, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    if (part.subarray(part.length - 2).toString() === '\r\n') part = part.subarray(0, part.length - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return null;
    const headers: Record<string, string> = {};
    for (const line of part.subarray(0, split).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, content: part.subarray(split + 4) });
    at = next;
  }
  return parts;
}

/** Builds a multipart/mixed answer: the JSON first, then each attachment. */
export function multipartAnswer(json: unknown, attachments: { sha2: string; contentType: string; content: Buffer }[]) {
  const boundary = `xapi-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`)];
  for (const a of attachments) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: ${a.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${a.sha2}\r\n\r\n`,
      ),
      a.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--`));
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
