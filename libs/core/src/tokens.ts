/** Injection tokens provided by CoreModule to every app. */
export const SIMVAULT_CONFIG = Symbol('SIMVAULT_CONFIG');
export const SIMVAULT_LOGGER = Symbol('SIMVAULT_LOGGER');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
