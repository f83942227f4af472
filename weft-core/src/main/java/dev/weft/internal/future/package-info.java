/** Internal protocols between the public combinators of {@code dev.weft.future} and the primitives they poll. */
package dev.weft.internal.future;
