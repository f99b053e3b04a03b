import type { Readable } from 'node:stream';
import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidInputError } from '@kompeten/shared/kernel';
import { byteLimit, CsvReadOptions, CsvRows, DEFAULT_CSV_MAX_BYTES, readCsv } from './csv-reader';

/** The rest of the body is not worth reading: answer, then close the connection. */
function closeAfterAnswer(request: Request): void {
  if (request.res && !request.res.headersSent) request.res.setHeader('Connection', 'close');
}

/**
 * The body of a text/csv upload, as the stream it is: the API's body parsers
 * read JSON only, so a CSV upload arrives untouched. Refused before a byte is
 * read: another media type, a charset other than UTF-8, a compressed body
 * (415), a declared length over the cap (413). Then the bytes are counted as
 * they flow, failing with 413 past the cap; a client that goes away before the
 * body is complete fails it with 400. The request itself is never destroyed,
 * so the answer still reaches the client: when the stream is given up early
 * (readCsv stopped reading), the rest of the upload is drained, or after a 413
 * the connection closes once answered.
 */
export function csvBody(request: Request, maxBytes = DEFAULT_CSV_MAX_BYTES): Readable {
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
    closeAfterAnswer(request);
    throw new PayloadTooLargeException(`The CSV file is larger than ${maxBytes} bytes; split it`);
  }

  const body = byteLimit(maxBytes, () => closeAfterAnswer(request));
  const interrupted = () => {
    if (!request.complete) body.destroy(new InvalidInputError('The upload ended before the file was complete'));
  };
  request.on('error', interrupted);
  request.on('close', interrupted);
  // An error while nobody reads yet stays in body.errored, where readCsv finds it.
  body.on('error', () => undefined);
  body.on('close', () => {
    request.unpipe(body);
    if (request.complete || request.destroyed) return;
    if (body.errored instanceof PayloadTooLargeException) closeAfterAnswer(request);
    // Read (and drop) what the client is still sending, so it gets the answer rather than a stalled upload.
    else request.resume();
  });
  request.pipe(body);
  return body;
}

/**
 * The rows of a CSV upload, the one way an import reads its file: csvBody's
 * checks (415/413 at once) and byte cap (`format.maxBytes`, default 20 MiB),
 * then readCsv's header, rows and row cap. Lazy: nothing is read until the
 * rows are iterated.
 */
export function csvRows(request: Request, format: CsvReadOptions): CsvRows {
  const { maxBytes = DEFAULT_CSV_MAX_BYTES, ...read } = format;
  return readCsv(csvBody(request, maxBytes), read);
}
