/**
 * Attachments sent with statements (xAPI 1.0.3 §2.4.11, multipart/mixed) and
 * signed statements (§2.6): which parts a request must carry, and what a
 * signature must be. Plain TypeScript.
 */
import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { InvalidInputError } from '@kompeten/shared/kernel';
import { Json, JsonObject, sameStatement, SIGNATURE_USAGE } from './statement';

export interface AttachmentPart {
  sha2: string;
  contentType: string;
  content: Buffer;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const attachmentsOf = (s: JsonObject): JsonObject[] =>
  [s.attachments, isObject(s.object) ? s.object.attachments : undefined].flatMap((a) => (Array.isArray(a) ? a.filter(isObject) : []));

const bad = (message: string) => InvalidInputError.field('attachments', message);

/**
 * The parts to store: every attachment without a fileUrl must come as a part
 * with its SHA-2 (400 otherwise), every part must be some attachment's, and
 * every signature must be a JWS of the statement it signs.
 */
export function attachmentsToStore(statements: JsonObject[], parts: AttachmentPart[]): AttachmentPart[] {
  const byHash = new Map(parts.map((p) => [p.sha2.toLowerCase(), p]));
  const wanted = new Set<string>();
  for (const s of statements) {
    for (const a of attachmentsOf(s)) {
      const sha2 = String(a.sha2).toLowerCase();
      const part = byHash.get(sha2);
      if (part) wanted.add(sha2);
      else if (a.fileUrl === undefined) throw bad(`the attachment ${sha2} has no fileUrl and no part of the request carries it`);
      if (a.usageType === SIGNATURE_USAGE) checkSignature(s, a, part);
    }
  }
  for (const part of parts) {
    const computed = createHash(part.sha2.length === 128 ? 'sha512' : part.sha2.length === 96 ? 'sha384' : 'sha256')
      .update(part.content)
      .digest('hex');
    if (!wanted.has(part.sha2.toLowerCase())) throw bad(`the part ${part.sha2} is no statement’s attachment`);
    if (computed !== part.sha2.toLowerCase()) throw bad(`the part ${part.sha2} does not have that SHA-2`);
  }
  return [...byHash.entries()].filter(([sha2]) => wanted.has(sha2)).map(([, p]) => p);
}

const ALGORITHMS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/** A signature is a compact JWS (RS256/384/512) whose payload is the statement without its signature. */
function checkSignature(statement: JsonObject, attachment: JsonObject, part: AttachmentPart | undefined): void {
  if (attachment.contentType !== 'application/octet-stream') throw bad('a signature’s contentType must be application/octet-stream');
  if (!part) throw bad('a signature must come as a part of the request');
  const pieces = part.content.toString('utf8').trim().split('.');
  if (pieces.length !== 3) throw bad('the signature is not a compact JWS');
  let header: JsonObject;
  let payload: Json;
  try {
    header = JSON.parse(Buffer.from(pieces[0], 'base64url').toString('utf8')) as JsonObject;
    payload = JSON.parse(Buffer.from(pieces[1], 'base64url').toString('utf8')) as Json;
  } catch {
    throw bad('the signature’s header or payload is not JSON');
  }
  const hash = ALGORITHMS[String(header.alg)];
  if (!hash) throw bad('a signature must use RS256, RS384 or RS512');
  if (!isObject(payload)) throw bad('the signature’s payload must be the statement');
  const unsigned = withoutSignature(statement);
  if (!sameStatement(withoutSignature(payload), unsigned)) throw bad('the signature’s payload is not the statement it signs');
  if (Array.isArray(header.x5c) && typeof header.x5c[0] === 'string') {
    const key = createPublicKey(
      new X509Certificate(Buffer.from(header.x5c[0], 'base64')).publicKey.export({ format: 'pem', type: 'spki' }),
    );
    if (!verify(hash, Buffer.from(`${pieces[0]}.${pieces[1]}`), key, Buffer.from(pieces[2], 'base64url')))
      throw bad('the signature does not verify with the certificate it names');
  }
}

function withoutSignature(s: JsonObject): JsonObject {
  const { attachments, id: _id, ...rest } = s;
  const kept = Array.isArray(attachments) ? attachments.filter((a) => !isObject(a) || a.usageType !== SIGNATURE_USAGE) : [];
  return kept.length ? { ...rest, attachments: kept } : rest;
}
