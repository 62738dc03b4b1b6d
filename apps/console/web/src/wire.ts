// The services' wire types: the ones the build generates from docs/openapi/*.json for the client
// (libs/client/src/generated, simvault:client-types). Imported as types only, so nothing of them
// reaches the bundle.
import type { components as Cache } from '../../../../libs/client/src/generated/cache';
import type { components as Catalog } from '../../../../libs/client/src/generated/catalog';
import type { components as Files } from '../../../../libs/client/src/generated/files';
import type { components as Results } from '../../../../libs/client/src/generated/results';

export type CacheWire = Cache['schemas'];
export type CatalogWire = Catalog['schemas'];
export type FilesWire = Files['schemas'];
export type ResultsWire = Results['schemas'];
