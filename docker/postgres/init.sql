-- One database per service (docs/architecture.md, Storage), owned by the application role that
-- docker-compose creates from POSTGRES_USER / POSTGRES_PASSWORD.
CREATE DATABASE simvault_auth;
CREATE DATABASE simvault_cache;
CREATE DATABASE simvault_catalog;
CREATE DATABASE simvault_results;
CREATE DATABASE simvault_files;
