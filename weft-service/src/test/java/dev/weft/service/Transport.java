package dev.weft.service;

import dev.weft.future.Async;
import dev.weft.runtime.WeftRuntime;

/**
 * How a fixture reaches the service: through a real socket (weft-http's server on 127.0.0.1, port 0, and
 * the JDK's HTTP client), as {@code ./weft serve} runs it.
 */
interface Transport extends AutoCloseable {
    Client client();

    Serve serve();

    static Transport start(WeftRuntime rt, WeftService service) {
        Serve serve = rt.blockOn(Async.async(() -> Serve.start(service)));
        Client c = new SocketClient("http://127.0.0.1:" + serve.address().getPort());
        return new Transport() {
            @Override
            public Client client() {
                return c;
            }

            @Override
            public Serve serve() {
                return serve;
            }

            @Override
            public void close() {
                serve.server().close();
            }
        };
    }
}
