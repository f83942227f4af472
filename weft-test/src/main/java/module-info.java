/**
 * Weft's test kit: a JUnit Jupiter extension ({@code @WeftTest}) that gives each test a runtime with a paused,
 * auto-advancing clock and fails tests that leak tasks or task failures; poll futures by hand and observe their
 * wake-ups ({@code TestTask}, {@code TestWaker}).
 */
module dev.weft.test {
    requires transitive dev.weft.core;
    requires transitive org.junit.jupiter.api;

    exports dev.weft.test;
}
