/**
 * The {@code /api/v1} resource API and its pipeline stages: {@link dev.weft.service.api.AuthLayer} (Bearer API
 * keys, stored hashed, lookups cached), {@link dev.weft.service.api.RateLimitLayer} (GCRA per key) and the
 * resources (World rows with ETag/If-Match, fortunes with keyset pagination and validated creation).
 */
package dev.weft.service.api;
