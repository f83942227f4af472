/**
 * A pipelining PostgreSQL client on Weft's TCP ({@link dev.weft.service.db.pg.PgClient}): the TechEmpower
 * endpoints' path to PostgreSQL, where many requests' queries share each connection's round trips (ADR 0019).
 */
@NullMarked
package dev.weft.service.db.pg;

import org.jspecify.annotations.NullMarked;
