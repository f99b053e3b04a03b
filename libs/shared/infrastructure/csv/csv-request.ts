import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { DEFAULT_CSV_MAX_BYTES } from './csv-reader';

/**
 * The body of a text/csv request, as the stream it is: the API's body parsers
 * read JSON only, so a CSV upload arrives untouched. Refused before a byte is
 * read: another media type, a charset other than UTF-8, a compressed body
 * (415), a declared length over the cap (413; readCsv also counts the bytes
 * as they flow).
 */
export function csvBody(request: Request, maxBytes = DEFAULT_CSV_MAX_BYTES): Request {
  if (!request.is('text/csv')) {
    throw new UnsupportedMediaTypeException('Send the file as text/csv (UTF-8, with a header row)');
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException(`The file must be UTF-8 (charset=${charset} was sent)`);
  }
  const encoding = request.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') {
    throw new UnsupportedMediaTypeException(`Content-Encoding ${encoding} is not accepted; send the file uncompressed`);
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    // The rest of the body is not worth reading: answer, then close the connection.
    request.res?.setHeader('Connection', 'close');
    throw new PayloadTooLargeException(`The CSV file is larger than ${maxBytes} bytes; split it`);
  }
  return request;
}
