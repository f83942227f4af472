package dev.weft.service.http;

import dev.weft.future.AsyncException;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;

/**
 * Runs each request as its own task, as the seed article's pipeline does: the inner service's future is
 * {@linkplain Tasks#spawn spawned}, so requests of one connection (pipelined) and of different connections are
 * scheduled, stolen and cancelled independently, and a slow handler never delays the connection's I/O.
 *
 * <p><b>Cancel safety:</b> cancelling the returned future (deadline passed, client disconnected, server
 * shutdown abandoning it) <em>aborts</em> the task, not just detaches it: the handler's async block is
 * interrupted and its database statement cancelled. A task's failure surfaces as its cause (not as a
 * {@link JoinError}; a checked cause wrapped in an {@link AsyncException}) so the error layer maps it like any
 * other.
 */
public final class TaskLayer implements Layer<Request, Response> {

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
                return new Spawned(Tasks.spawn(inner.call(req)));
            }
        };
    }

    private static final class Spawned implements Future<Response> {
        private final JoinHandle<Response> handle;

        Spawned(JoinHandle<Response> handle) {
            this.handle = handle;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            try {
                return handle.poll(cx);
            } catch (JoinError.Failed f) {
                Throwable cause = f.getCause() != null ? f.getCause() : f;
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error e) throw e;
                throw new AsyncException(cause); // a checked failure (SQLException), as await() reports it
            } catch (JoinError.Cancelled c) {
                throw new dev.weft.future.CancelledException("request task cancelled");
            }
        }

        @Override
        public void cancel() {
            handle.cancel(); // aborts the request's task and gives up the handle
        }
    }
}
