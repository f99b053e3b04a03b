import { PassThrough, Readable } from 'node:stream';
import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidInputError } from '@kompeten/shared/kernel';
import { csvBody } from './csv-request';

/** A stand-in for an express request: a stream with headers, is() and a response to set headers on. */
function fakeRequest(headers: Record<string, string>): Request & PassThrough {
  const stream = new PassThrough() as unknown as Request & PassThrough & { complete: boolean };
  const responseHeaders: Record<string, string> = {};
  Object.assign(stream, {
    headers,
    complete: false,
    is: (type: string) => (headers['content-type'] ?? '').split(';')[0].trim() === type && type,
    res: { headersSent: false, setHeader: (name: string, value: string) => (responseHeaders[name.toLowerCase()] = value), responseHeaders },
  });
  // Like IncomingMessage: complete once the whole body has arrived.
  stream.on('finish', () => (stream.complete = true));
  return stream;
}

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

describe('csvBody', () => {
  it('refuses anything but UTF-8, uncompressed text/csv with 415', () => {
    expect(() => csvBody(fakeRequest({ 'content-type': 'application/json' }))).toThrow(UnsupportedMediaTypeException);
    expect(() => csvBody(fakeRequest({ 'content-type': 'text/csv; charset=windows-1252' }))).toThrow(UnsupportedMediaTypeException);
    expect(() => csvBody(fakeRequest({ 'content-type': 'text/csv', 'content-encoding': 'gzip' }))).toThrow(UnsupportedMediaTypeException);
  });

  it('refuses a declared length over the cap before reading, and says the connection closes', () => {
    const request = fakeRequest({ 'content-type': 'text/csv', 'content-length': '101' });
    expect(() => csvBody(request, 100)).toThrow(PayloadTooLargeException);
    expect((request.res as unknown as { responseHeaders: Record<string, string> }).responseHeaders.connection).toBe('close');
  });

  it('passes the body through, and fails with 413 once more bytes than the cap have streamed (no length declared)', async () => {
    const small = fakeRequest({ 'content-type': 'text/csv; charset=utf-8' });
    const passed = csvBody(small, 100);
    small.end(Buffer.alloc(100, 'a'));
    expect(await drain(passed)).toBe(100);

    const large = fakeRequest({ 'content-type': 'text/csv' });
    const limited = csvBody(large, 100);
    large.write(Buffer.alloc(60, 'a'));
    large.end(Buffer.alloc(60, 'a'));
    await expect(drain(limited)).rejects.toBeInstanceOf(PayloadTooLargeException);
  });

  it('fails with 400 when the client goes away before the body is complete', async () => {
    const request = fakeRequest({ 'content-type': 'text/csv' });
    const body = csvBody(request, 1000);
    request.write('nip,name');
    request.destroy();
    await expect(drain(body)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
