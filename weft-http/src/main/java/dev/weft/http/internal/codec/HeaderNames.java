package dev.weft.http.internal.codec;

/**
 * The header names the codec recognises, as shared constants, and a lookup that maps received name bytes to them
 * without allocating (a received {@code content-length} becomes the constant {@link #CONTENT_LENGTH}, so the
 * parser compares names by identity). Unknown names become new strings with the case they were sent in.
 */
public final class HeaderNames {
    private HeaderNames() {}

    public static final String HOST = "Host";
    public static final String CONNECTION = "Connection";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String TRANSFER_ENCODING = "Transfer-Encoding";
    public static final String EXPECT = "Expect";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String DATE = "Date";
    public static final String SERVER = "Server";
    public static final String TRAILER = "Trailer";
    public static final String TE = "TE";
    public static final String UPGRADE = "Upgrade";
    public static final String KEEP_ALIVE = "Keep-Alive";

    /** Most common first within each length. */
    private static final String[][] BY_LENGTH = new String[32][];

    static {
        String[] known = {
            HOST, CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING, EXPECT, CONTENT_TYPE, DATE, SERVER, TRAILER, TE,
            UPGRADE, KEEP_ALIVE, "Accept", "Accept-Encoding", "Accept-Language", "User-Agent", "Cookie",
            "Set-Cookie", "Cache-Control", "Authorization", "Origin", "Referer", "Location", "Pragma",
            "If-None-Match", "If-Modified-Since", "ETag", "Last-Modified", "Content-Encoding", "X-Request-Id",
            "X-Forwarded-For", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-Dest", "Upgrade-Insecure-Requests",
            "Priority", "DNT", "Vary", "Accept-Ranges", "Range", "Content-Range"
        };
        for (String k : known) {
            String[] old = BY_LENGTH[k.length()];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = k;
            BY_LENGTH[k.length()] = grown;
        }
    }

    /** The name in bytes [from, to) of {@code a} (already checked to be a token): a constant when known. */
    static String of(byte[] a, int from, int to) {
        int len = to - from;
        if (len < BY_LENGTH.length) {
            String[] candidates = BY_LENGTH[len];
            if (candidates != null) {
                for (String c : candidates) {
                    if (equalsIgnoreCase(a, from, c)) return c;
                }
            }
        }
        return Ascii.string(a, from, to);
    }

    private static boolean equalsIgnoreCase(byte[] a, int from, String s) {
        for (int i = 0; i < s.length(); i++) {
            int x = a[from + i];
            int y = s.charAt(i);
            if (x == y) continue;
            if ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z') return false;
        }
        return true;
    }
}
