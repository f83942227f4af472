package dev.weft.service.api;

import dev.weft.http.Attributes;

/**
 * The caller an API key authenticates: attached to the request by {@link AuthLayer} for the stages after it
 * (the rate limit keys on {@link #keyId}).
 *
 * @param keyId the key's row id
 * @param name the key's name (its owner)
 * @param keyPrefix the key's first characters, safe to log
 */
public record Principal(long keyId, String name, String keyPrefix) {
    /** The request attribute holding the principal. */
    public static final Attributes.Key<Principal> KEY = Attributes.Key.of("weft.principal", Principal.class);
}
