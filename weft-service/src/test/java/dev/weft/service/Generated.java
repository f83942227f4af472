package dev.weft.service;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded input generation for the property tests: each case draws from its own {@link SplittableRandom} split
 * from one run seed, so a failing case is replayed by its seed ({@code -Dweft.properties.seed=N}) and reported
 * with it. Strings mix ASCII, punctuation that JSON and HTML escape, control characters and non-ASCII code
 * points, so the properties see the inputs that break encoders.
 */
final class Generated {
    private static final String ALPHABET = "abcXYZ019 \"'\\<>&{}[]:,\t\n\u0001\u00e9\u4e2d\ud83d\ude00";

    private final SplittableRandom random;

    private Generated(SplittableRandom random) {
        this.random = random;
    }

    /** One property case. */
    @FunctionalInterface
    interface Case {
        void run(Generated g, String label) throws Exception;
    }

    /** Runs {@code cases} cases, each with its own generator; a failure is rethrown naming the seed and case. */
    static void forEachCase(int cases, Case body) throws Exception {
        long seed = Long.getLong("weft.properties.seed", System.nanoTime());
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < cases; i++) {
            String label = "case " + i + " of seed " + seed + " (replay: -Dweft.properties.seed=" + seed + ")";
            try {
                body.run(new Generated(root.split()), label);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(label + ": " + e.getMessage(), e);
            }
        }
    }

    int intIn(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    boolean bool() {
        return random.nextBoolean();
    }

    /** A string of {@code minLen..maxLen} UTF-16 units' worth of code points from a hostile alphabet. */
    String string(int minLen, int maxLen) {
        int len = intIn(minLen, maxLen);
        StringBuilder sb = new StringBuilder(len);
        while (sb.length() < len) {
            int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
            if (sb.length() + Character.charCount(cp) > len) cp = 'a';
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    List<String> strings(int minCount, int maxCount, int minLen, int maxLen) {
        int n = intIn(minCount, maxCount);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(string(minLen, maxLen));
        return out;
    }

    List<Long> longs(int minCount, int maxCount, long min, long max) {
        int n = intIn(minCount, maxCount);
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(random.nextLong(min, max + 1));
        return out;
    }
}
