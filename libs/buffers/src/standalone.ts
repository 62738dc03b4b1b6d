// The store and the hashserver protocol without Nest: what the `hashserver` executable loads, so it
// starts in a fraction of the time the full library (controllers, modules, Swagger DTOs) takes.
export * from './checksum';
export * from './buffer-store';
export * from './hashserver/hashserver';
