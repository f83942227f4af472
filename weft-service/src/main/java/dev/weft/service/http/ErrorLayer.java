package dev.weft.service.http;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.BodyTooLargeException;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.time.TimeoutElapsedException;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Turns every failure of the inner service into a problem response (catch-panic): a request can never get a
 * stack trace, an exception message from a library, or a dropped connection.
 *
 * <ul>
 * <li>{@link TimeoutElapsedException} (the request deadline) and a cancelled or timed-out statement: 503
 *     {@code deadline-exceeded};</li>
 * <li>{@link BodyTooLargeException}: 413;</li>
 * <li>any other {@link SQLException}: 503 {@code database} (the database is down, overloaded or refused);</li>
 * <li>anything else: 500 {@code internal}, with the exception logged (and only logged).</li>
 * </ul>
 */
public final class ErrorLayer implements Layer<Request, Response> {
    private static final System.Logger LOG = System.getLogger(ErrorLayer.class.getName());

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        return new Service<>() {
            @Override
            public Poll<Void> pollReady(Context cx) {
                return inner.pollReady(cx);
            }

            @Override
            public void releaseReady() {
                inner.releaseReady();
            }

            @Override
            public Future<Response> call(Request req) {
                Future<Response> f;
                try {
                    f = inner.call(req);
                } catch (RuntimeException e) {
                    return dev.weft.future.Futures.ready(map(req, e));
                }
                return Recover.of(f, e -> map(req, e));
            }
        };
    }

    /** The problem response for {@code e}, failing {@code req}. */
    public static Response map(Request req, Throwable e) {
        Throwable t = e;
        for (int depth = 0; depth < 5 && t.getCause() != null && !(t instanceof SQLException)
                && !(t instanceof TimeoutElapsedException) && !(t instanceof BodyTooLargeException); depth++) {
            t = t.getCause();
        }
        if (t instanceof TimeoutElapsedException || t instanceof SQLTimeoutException
                || (t instanceof SQLException s && "57014".equals(s.getSQLState()))) {
            return Problem.of(Status.SERVICE_UNAVAILABLE, "deadline-exceeded",
                    "The request did not complete within its deadline and was cancelled.").header("Retry-After", "1");
        }
        if (t instanceof BodyTooLargeException) {
            return Problem.of(Status.CONTENT_TOO_LARGE, "body-too-large", "The request body is too large.");
        }
        if (t instanceof SQLException s) {
            LOG.log(Level.WARNING, "database error on " + req.method() + " " + req.path() + ": " + s.getSQLState()
                    + " " + s.getMessage());
            return Problem.unavailable("The database could not complete the request.").header("Retry-After", "1");
        }
        LOG.log(Level.ERROR, "unhandled failure on " + req.method() + " " + req.path(), e);
        return Problem.internal();
    }
}
