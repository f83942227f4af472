package dev.weft.service.db;

/**
 * A row of the TechEmpower {@code World} table; Jackson writes it as {@code {"id":1,"randomNumber":42}}.
 *
 * @param id 1..10000
 * @param randomNumber 1..10000
 */
public record World(int id, int randomNumber) {}
