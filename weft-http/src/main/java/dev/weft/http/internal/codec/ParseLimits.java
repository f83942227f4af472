package dev.weft.http.internal.codec;

/**
 * The sizes a parser accepts, each with the status it answers when passed.
 *
 * @param maxRequestLineBytes the longest request line (or status line), CRLF excluded: 414 URI Too Long
 * @param maxHeaderBytes the most bytes in the header section after the start line: 431
 * @param maxHeaderCount the most header field lines: 431
 * @param maxBodyBytes the longest body, declared or chunked: 413 Content Too Large
 * @param maxChunkExtensionBytes the most chunk-extension bytes across one message's chunk lines: 400 (the
 *     chunk-extension flood of CVE-2023-39326 class attacks)
 * @param maxTrailerBytes the most bytes in a chunked body's trailer section: 431
 */
public record ParseLimits(
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxHeaderCount,
        long maxBodyBytes,
        int maxChunkExtensionBytes,
        int maxTrailerBytes) {

    /** 8 KiB line, 16 KiB headers, 100 fields, 16 MiB body, 16 KiB chunk extensions, 8 KiB trailers. */
    public static final ParseLimits DEFAULT = new ParseLimits(8 * 1024, 16 * 1024, 100, 16L << 20, 16 * 1024, 8 * 1024);

    /** Validates the limits. */
    public ParseLimits {
        positive("maxRequestLineBytes", maxRequestLineBytes);
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxHeaderCount", maxHeaderCount);
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: >= 0)");
        }
        if (maxChunkExtensionBytes < 0) {
            throw new IllegalArgumentException(
                    "maxChunkExtensionBytes: " + maxChunkExtensionBytes + " (expected: >= 0)");
        }
        if (maxTrailerBytes < 0) {
            throw new IllegalArgumentException("maxTrailerBytes: " + maxTrailerBytes + " (expected: >= 0)");
        }
    }

    private static void positive(String name, long v) {
        if (v <= 0) throw new IllegalArgumentException(name + ": " + v + " (expected: > 0)");
    }

    /** The most bytes a whole head may take: start line, header section and the CRLFs around them. */
    public int maxHeadBytes() {
        return maxRequestLineBytes + maxHeaderBytes + 4;
    }
}
