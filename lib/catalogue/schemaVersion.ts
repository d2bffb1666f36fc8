/** Must equal `PRAGMA user_version` in db/schema.sql; the site refuses catalogues of another version. */
export const SCHEMA_VERSION = 2;
