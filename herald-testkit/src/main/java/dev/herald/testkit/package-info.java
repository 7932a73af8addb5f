/**
 * Real infrastructure for tests, started on free loopback ports and removed afterwards: a throwaway
 * PostgreSQL cluster ({@code initdb} + {@code pg_ctl} from Debian's packages) and {@code redis-server}.
 * Used only with {@code <scope>test</scope>}; nothing here is shipped in the server jar.
 */
package dev.herald.testkit;
