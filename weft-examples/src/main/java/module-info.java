/** Every pattern of the seed article as a runnable Weft program. */
module dev.weft.examples {
    requires dev.weft.core;
    requires dev.weft.stream;

    exports dev.weft.examples;
}
