/**
 * Data access: {@link dev.weft.service.db.Db} (HikariCP plus the dedicated JDBC threads; every statement goes
 * through {@code Db.call}, cancellable with {@code Statement.cancel()}), versioned
 * {@link dev.weft.service.db.Migrations}, the TechEmpower {@link dev.weft.service.db.Seed}, and the
 * repositories (plain static methods over {@link dev.weft.service.db.Sql}, run on a database thread).
 */
package dev.weft.service.db;
