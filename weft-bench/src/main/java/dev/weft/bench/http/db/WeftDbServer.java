package dev.weft.bench.http.db;

import dev.weft.bench.http.servers.TechEmpower;
import dev.weft.future.Async;
import dev.weft.runtime.WeftRuntime;
import dev.weft.service.Config;
import dev.weft.service.Serve;
import dev.weft.service.WeftService;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code weft-poll-sqlite} / {@code weft-poll-pg} server of H4-H6: weft-service itself (what {@code ./weft
 * serve} runs) on a Weft runtime of 2 workers, its JDBC pool at {@link DbRows#POOL_SIZE}. Arguments: the port,
 * then weft-service flags ({@code --db ... --data-dir ...}). Prints {@code READY <port>}; exits when standard input
 * ends. The API rate limit is set far above any rate the rows offer (the limiter still runs on every request:
 * H6 measures its cost, not its refusals).
 */
public final class WeftDbServer {
    private WeftDbServer() {}

    public static void main(String[] args) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", args[0],
                "--pool-size", Integer.toString(DbRows.POOL_SIZE), "--rate-limit", "1000000000",
                "--rate-burst", "1000000000", "--request-timeout", "10s"));
        flags.addAll(List.of(args).subList(1, args.length));
        Config config = Config.parse(flags.toArray(String[]::new), Map.of());
        WeftService service = WeftService.open(config, new PrintStream(OutputStream.nullOutputStream()));
        WeftRuntime rt = WeftService.runtimeBuilder().workerThreads(2).name("weft-db-server").build();
        service.bindRuntime(rt.handle());
        Serve serve = rt.blockOn(Async.async(() -> Serve.start(service)));
        TechEmpower.ready(serve.address().getPort());
        TechEmpower.awaitStdinEndThenExit();
    }
}
