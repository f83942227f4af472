/** Every pattern of the seed article as a runnable Weft program. */
module dev.weft.examples {
    requires dev.weft.core;
    requires dev.weft.stream;
    requires dev.weft.http;
    requires java.net.http;

    exports dev.weft.examples;
}
