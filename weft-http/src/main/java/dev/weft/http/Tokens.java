package dev.weft.http;

/** Character classes of RFC 9110 §5.6 shared by the public types' validation. */
final class Tokens {
    /** tchar (RFC 9110 §5.6.2): ALPHA / DIGIT / "!#$%&'*+-.^_`|~", as a table (it runs for every header byte). */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (int c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (int c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    }

    private Tokens() {}

    /** tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
    static boolean isTchar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    static boolean isToken(CharSequence s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) return false;
        }
        return true;
    }

    /** field-value characters: VCHAR, obs-text, SP and HTAB; no CR, LF or NUL (RFC 9110 §5.5). */
    static boolean isFieldValue(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c >= 0x20 && c != 0x7f && c <= 0xff) continue;
            return false;
        }
        return true;
    }
}
