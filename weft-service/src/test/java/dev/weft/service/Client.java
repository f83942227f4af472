package dev.weft.service;

import java.util.Map;

/** How tests send requests to a running service: over a real socket, or (for unit tests) straight to the pipeline. */
public interface Client {
    /** Sends {@code method path} with {@code headers} and {@code body} (null for none). */
    Exchange send(String method, String path, Map<String, String> headers, byte[] body);

    /** GET {@code path}. */
    default Exchange get(String path) {
        return send("GET", path, Map.of(), null);
    }

    /** GET {@code path} with {@code headers}. */
    default Exchange get(String path, Map<String, String> headers) {
        return send("GET", path, headers, null);
    }
}
