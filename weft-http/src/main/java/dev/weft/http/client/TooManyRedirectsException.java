package dev.weft.http.client;

/** A request was redirected more often than {@link HttpClient.Builder#followRedirects(int)} allows. */
public final class TooManyRedirectsException extends HttpClientException {
    private static final long serialVersionUID = 1L;

    private final int max;

    /**
     * @param max the configured maximum
     * @param lastLocation the redirect target that was not followed
     */
    public TooManyRedirectsException(int max, String lastLocation) {
        super("more than " + max + " redirects; the last pointed to " + lastLocation, null);
        this.max = max;
    }

    /** The configured maximum number of redirects. */
    public int max() {
        return max;
    }
}
