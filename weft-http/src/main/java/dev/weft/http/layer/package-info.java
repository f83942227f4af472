/** Middleware layers (placeholder, filled below). */
package dev.weft.http.layer;
