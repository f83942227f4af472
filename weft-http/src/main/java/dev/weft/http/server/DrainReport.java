package dev.weft.http.server;

import java.time.Duration;

/**
 * What a graceful {@link HttpServer#shutdown(Duration)} did: how many connections it found, how each ended, and
 * what the deadline cut.
 * {@snippet :
 * DrainReport r = server.shutdown(Duration.ofSeconds(10)).await();
 * System.out.printf("%d idle closed, %d drained, %d cut (%d requests) in %s%n",
 *         r.idleClosed(), r.drained(), r.cut(), r.requestsCut(), r.took());
 * }
 *
 * @param connectionsAtStart connections open when the shutdown began
 * @param idleClosed idle keep-alive connections closed at once
 * @param drained connections that finished their in-flight request(s), answered with {@code Connection: close}
 * @param cut connections still open at the deadline, closed by force
 * @param requestsCut requests whose response had not been completely written when their connection was cut
 * @param took how long the shutdown took
 */
public record DrainReport(
        int connectionsAtStart, int idleClosed, int drained, int cut, int requestsCut, Duration took) {

    /** Whether every in-flight request finished before the deadline. */
    public boolean isClean() {
        return cut == 0 && requestsCut == 0;
    }
}
