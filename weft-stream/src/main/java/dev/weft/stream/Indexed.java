package dev.weft.stream;

/**
 * An element with its zero-based position in the stream: the elements of {@link Stream#enumerate()}.
 *
 * @param index the position, counting from 0
 * @param value the element
 * @param <T> the element type
 */
public record Indexed<T>(long index, T value) {}
