/** Weft's test kit: poll futures by hand and observe their wake-ups. */
module dev.weft.test {
    requires transitive dev.weft.core;

    exports dev.weft.test;
}
