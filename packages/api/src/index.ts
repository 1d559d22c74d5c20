/** @factmark/api: the wire types, the error table and the typed client. */
export { type ClientOptions, CSRF_HEADER, errorOf, FactmarkClient, type RawAnswer } from './client.ts';
export { ApiError, describeError, ERRORS, isErrorCode, statusOf } from './errors.ts';
export { API_LIMITS } from './limits.ts';
export type { DocumentMeta, ErrorBody, Me, Member, VersionMeta } from './wire.ts';
