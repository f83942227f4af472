package dev.weft.service.db;

/**
 * A row of the TechEmpower {@code Fortune} table.
 *
 * @param id the id (0 for the fortune added at request time)
 * @param message the message, untrusted text (escaped when rendered)
 */
public record Fortune(int id, String message) {}
