package dev.weft.http.internal.codec;

import java.nio.charset.StandardCharsets;

/** Byte classes of RFC 9110 §5.6 and RFC 3986, as lookup tables, and ASCII helpers over byte arrays. */
final class Ascii {
    private Ascii() {}

    /** tchar (RFC 9110 §5.6.2). */
    private static final boolean[] TCHAR = new boolean[256];
    /** Bytes allowed in a request-target: visible ASCII except '#' (RFC 3986 plus the characters browsers leave). */
    private static final boolean[] TARGET = new boolean[256];
    /** Bytes allowed in a Host value: reg-name, IP-literal and port characters (RFC 3986 §3.2.2). */
    private static final boolean[] HOST = new boolean[256];
    /** field-vchar, SP and HTAB (RFC 9110 §5.5): everything but CTLs and DEL. */
    private static final boolean[] FIELD = new boolean[256];
    /** Hex digit value or -1. */
    private static final byte[] HEX = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            TCHAR[c] = alnum || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            TARGET[c] = c > 0x20 && c < 0x7f && c != '#';
            HOST[c] = alnum || "-._~!$&'()*+,;=%:[]".indexOf(c) >= 0;
            FIELD[c] = c == '\t' || c >= 0x20 && c != 0x7f;
            HEX[c] = (byte) (c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1);
        }
    }

    static boolean isTchar(int b) {
        return TCHAR[b & 0xff];
    }

    static boolean isTargetByte(int b) {
        return TARGET[b & 0xff];
    }

    static boolean isHostByte(int b) {
        return HOST[b & 0xff];
    }

    static boolean isFieldByte(int b) {
        return FIELD[b & 0xff];
    }

    static int hex(int b) {
        return HEX[b & 0xff];
    }

    static boolean isOws(int b) {
        return b == ' ' || b == '\t';
    }

    /** The bytes [from, to) of {@code a} as a Latin-1 string. */
    static String string(byte[] a, int from, int to) {
        int len = to - from;
        return len == 0 ? "" : new String(a, from, len, StandardCharsets.ISO_8859_1);
    }

    /** Whether bytes [from, to) of {@code a} equal {@code s} exactly. */
    static boolean equals(byte[] a, int from, int to, String s) {
        if (to - from != s.length()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (a[from + i] != s.charAt(i)) return false;
        }
        return true;
    }

    /** Whether bytes [from, to) of {@code a} equal {@code lower} ignoring ASCII case ({@code lower} is lower-case). */
    static boolean equalsLower(byte[] a, int from, int to, String lower) {
        if (to - from != lower.length()) return false;
        for (int i = 0; i < lower.length(); i++) {
            int b = a[from + i];
            if (b >= 'A' && b <= 'Z') b += 32;
            if (b != lower.charAt(i)) return false;
        }
        return true;
    }
}
