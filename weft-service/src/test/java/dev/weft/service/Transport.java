package dev.weft.service;

import dev.weft.runtime.Runtime;

/** How a fixture reaches the service: through the pipeline directly until the HTTP server is wired in. */
interface Transport extends AutoCloseable {
    Client client();

    static Transport start(Runtime rt, WeftService service) {
        Client c = new InProcessClient(rt, service.app());
        return new Transport() {
            @Override
            public Client client() {
                return c;
            }

            @Override
            public void close() {}
        };
    }
}
