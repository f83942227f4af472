package dev.weft.http.internal.codec;

/**
 * The libFuzzer entry point {@code ./weft fuzz} runs under Jazzer's standalone driver: the same checks as
 * {@link HttpCodecFuzzTest}, chosen by {@code -Dweft.fuzz.target=requestParser|chunkedDecoder}. A separate class,
 * because the driver treats a class with {@code @FuzzTest} methods as a JUnit fuzz test and picks one of them.
 */
public final class HttpCodecFuzzTarget {
    private HttpCodecFuzzTarget() {}

    /** One fuzzer input. */
    public static void fuzzerTestOneInput(byte[] input) {
        if ("chunkedDecoder".equals(System.getProperty("weft.fuzz.target"))) HttpCodecFuzzTest.checkChunked(input);
        else HttpCodecFuzzTest.checkRequest(input);
    }
}
