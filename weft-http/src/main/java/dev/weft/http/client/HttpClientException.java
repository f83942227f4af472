package dev.weft.http.client;

/**
 * A request sent with {@link HttpClient} failed for an HTTP-level reason: the subclasses say which. I/O failures
 * of the socket itself (connection refused, reset) surface as {@link java.io.UncheckedIOException} instead, TLS
 * failures as {@link java.io.UncheckedIOException} caused by an {@link javax.net.ssl.SSLException}.
 */
public sealed class HttpClientException extends RuntimeException
        permits InvalidResponseException, HttpTimeoutException, ConnectionClosedException, TooManyRedirectsException {
    private static final long serialVersionUID = 1L;

    HttpClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
