import { applyDecorators, Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/** The schema of one page of `item`s: the one list shape, `{items, nextCursor}`. */
function pageSchema(item: Type<unknown>) {
  return {
    type: 'object' as const,
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array' as const, items: { $ref: getSchemaPath(item) } },
      nextCursor: { type: 'string', nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' },
    },
  };
}

/** Documents a 200 answering one page of `item`s. */
export const ApiPageResponse = (item: Type<unknown>, description?: string) =>
  applyDecorators(ApiExtraModels(item), ApiOkResponse({ description, schema: pageSchema(item) }));

/** Documents a 200 answering an array of `item`s (not paged). */
export const ApiArrayResponse = (item: Type<unknown>, description?: string) =>
  applyDecorators(ApiExtraModels(item), ApiOkResponse({ description, schema: { type: 'array', items: { $ref: getSchemaPath(item) } } }));

/** Documents a 201 answering the created `item`. */
export const ApiCreated = (item: Type<unknown>, description?: string) => ApiCreatedResponse({ type: item, description });

/** Documents a 200 answering `item`. */
export const ApiOk = (item: Type<unknown>, description?: string) => ApiOkResponse({ type: item, description });
