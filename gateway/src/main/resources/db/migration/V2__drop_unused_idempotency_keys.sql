-- The gateway never honoured Idempotency-Key itself (it forwards the header to the services), yet the common library
-- used to create the idempotency table in every service's database. The idempotency module is now opt-in and the
-- gateway does not use it: the empty table goes. (application.properties lets Flyway accept that the repeatable
-- migration which created it is no longer part of the gateway.)
DROP TABLE IF EXISTS idempotency_keys;
