package dev.weft.http;

/** The HTTP protocol version of a message. Weft speaks HTTP/1.0 and HTTP/1.1 (RFC 9112). */
public enum Version {
    /** HTTP/1.0: no keep-alive unless asked for, no chunked coding. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1: persistent connections, chunked coding, pipelining. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    Version(String text) {
        this.text = text;
    }

    /** The version as it appears on the wire, e.g. {@code HTTP/1.1}. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
