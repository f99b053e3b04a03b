/**
 * Learning Records publishes nothing other contexts need yet: completions
 * reach Development through Development's own contract
 * (RecordPlatformCompletionCommand), so xAPI shapes never leave this context.
 */
export {};
