package dev.weft.bench.kotlin

import dev.weft.bench.Outcome
import dev.weft.bench.Probes
import dev.weft.bench.Registry
import dev.weft.bench.SelfCheckFailed
import io.ktor.network.selector.SelectorManager
import io.ktor.network.sockets.Socket
import io.ktor.network.sockets.SocketAddress
import io.ktor.network.sockets.aSocket
import io.ktor.network.sockets.openReadChannel
import io.ktor.network.sockets.openWriteChannel
import io.ktor.utils.io.readAvailable
import io.ktor.utils.io.readFully
import io.ktor.utils.io.writeFully
import dev.weft.bench.Workload
import java.util.concurrent.atomic.LongAdder
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.fold
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.yield
import kotlinx.coroutines.channels.BufferOverflow

/**
 * The `kotlin` peer: kotlinx.coroutines 1.11, written as its guide ("Coroutines guide": Channels, Select
 * expression, Asynchronous Flow, Shared mutable state and concurrency) shows it: `async`/`await` for W1,
 * `Channel(capacity)` with `for (v in channel)` and `close()`, `select { onReceive; onTimeout }`, `Mutex.withLock`,
 * `Semaphore.withPermit`, `delay`, `MutableSharedFlow` (the documented replacement of the deprecated
 * BroadcastChannel) and cold `Flow` operators. W11 uses ktor-network 3.5.2 (kotlinx.coroutines has no sockets), as
 * ktor's "Sockets" page shows it: `aSocket(SelectorManager(Dispatchers.IO)).tcp()`, `bind`/`accept`/`connect`,
 * `openReadChannel`/`openWriteChannel`.
 *
 * Dispatcher: `Dispatchers.Default.limitedParallelism(2)`: Default's work-stealing scheduler, capped at 2
 * concurrently running workers (the pool on a 2-cpu machine has 2 threads anyway). Timers (`delay`, `onTimeout`)
 * are served by kotlinx's DefaultExecutor thread, as in any kotlinx program on Dispatchers.Default.
 * ktor's selector loop blocks in `Selector.select` on one Dispatchers.IO thread (the documented set-up; on one of
 * the 2 workers it would stall that worker for up to 500 ms at a time); the socket coroutines run on the dispatcher.
 * Each round runs in `runBlocking(dispatcher)`: the calling thread only waits.
 */
object KotlinPeer {
    private const val IMPL = "kotlin"
    private val dispatcher: CoroutineDispatcher = Dispatchers.Default.limitedParallelism(2)

    @JvmStatic
    fun register(r: Registry) {
        r.add(Workload.W1, IMPL, "async { i } per task, await in order", ::w1)
        r.add(Workload.W3, IMPL, "Channel<Long>(1024), for (v in ch), close()", ::w3)
        r.add(Workload.W4, IMPL, "Channel<Long>(1024), 4 producers, close() after joinAll", ::w4)
        r.add(Workload.W5, IMPL, "two Channel<Long>(1)", ::w5)
        r.add(Workload.W6, IMPL, "launch { delay(ms) } per task (timers on kotlinx DefaultExecutor)", ::w6)
        r.add(Workload.W7, IMPL, "launch(UNDISPATCHED) { CompletableDeferred.await() } per task", ::w7)
        r.add(Workload.W8, IMPL, "Semaphore(100).withPermit { yield() }", ::w8)
        r.add(Workload.W9, IMPL, "Mutex.withLock { counter++ }", ::w9)
        r.add(Workload.W10, IMPL, "MutableSharedFlow(extraBufferCapacity=65536, SUSPEND): back-pressure, never lags;"
                + " end marked by a -1 sentinel", ::w10)
        r.add(Workload.W11, IMPL, "ktor-network (kotlinx.coroutines has no sockets): aSocket(selector).tcp(), accept loop +"
                + " a coroutine per connection end, readFully(64)/writeFully+flush, noDelay; ktor's documented"
                + " SelectorManager(Dispatchers.IO): its NIO select loop blocks one Dispatchers.IO thread (beside the 2"
                + " workers, like kotlinx's timer thread)", ::w11)
        r.add(Workload.W13, IMPL, "select { ch.onReceive; onTimeout(1000) } per iteration", ::w13)
        r.add(Workload.W14, IMPL, "LongRange.asFlow().map.filter.map.fold, boxed Long, collected in runBlocking", ::w14)
    }

    private fun <T> run(body: suspend kotlinx.coroutines.CoroutineScope.() -> T): T = runBlocking(dispatcher) { body() }

    fun w1(n: Long): Outcome = run {
        val handles = ArrayList<Deferred<Long>>(n.toInt())
        for (i in 0 until n) handles.add(async { i })
        var sum = 0L
        for (h in handles) sum += h.await()
        Outcome.of(sum)
    }

    fun w3(n: Long): Outcome = run {
        val ch = Channel<Long>(Workload.CHANNEL_CAPACITY)
        launch {
            for (i in 0 until n) ch.send(i)
            ch.close()
        }
        val sum = async {
            var s = 0L
            for (v in ch) s += v
            s
        }
        Outcome.of(sum.await())
    }

    fun w4(n: Long): Outcome = run {
        val ch = Channel<Long>(Workload.CHANNEL_CAPACITY)
        val per = n / Workload.PRODUCERS
        val sum = async {
            var s = 0L
            for (v in ch) s += v
            s
        }
        val producers = (0 until Workload.PRODUCERS).map { p ->
            launch { for (i in 0 until per) ch.send(p * per + i) }
        }
        producers.joinAll()
        ch.close()
        Outcome.of(sum.await())
    }

    fun w5(n: Long): Outcome = run {
        val ping = Channel<Long>(1)
        val pong = Channel<Long>(1)
        launch { repeat(n.toInt()) { pong.send(ping.receive() + 1) } }
        val result = async {
            var c = 0L
            repeat(n.toInt()) {
                ping.send(c)
                c = pong.receive() + 1
            }
            c
        }
        Outcome.of(result.await())
    }

    fun w6(n: Long): Outcome {
        val done = LongAdder()
        run {
            for (i in 0 until n) {
                val ms = i * 7919 % 1000
                launch {
                    delay(ms)
                    done.increment()
                }
            }
        } // runBlocking returns when every child completed
        return Outcome.of(done.sum())
    }

    fun w7(n: Long): Outcome {
        val base = Probes.MemoryBaseline.take()
        val done = LongAdder()
        val count = n.toInt()
        val signals = arrayOfNulls<CompletableDeferred<Unit>>(count)
        return run {
            for (i in 0 until count) {
                val signal = CompletableDeferred<Unit>()
                signals[i] = signal
                // UNDISPATCHED: runs to its first suspension (the await) right here, so all are parked after the loop
                launch(start = CoroutineStart.UNDISPATCHED) {
                    signal.await()
                    done.increment()
                }
            }
            val parked = base.measureParked(n)
            for (s in signals) s!!.complete(Unit)
            parked
        }.outcome(done.sum())
    }

    fun w8(n: Long): Outcome {
        val permits = Semaphore(Workload.PERMITS)
        val probe = Probes.PermitProbe(Workload.PERMITS)
        run {
            for (i in 0 until n) {
                launch {
                    permits.withPermit {
                        probe.enter()
                        yield()
                        probe.exit()
                    }
                }
            }
        }
        return probe.outcome()
    }

    private class Counter {
        var value = 0L // guarded by the mutex
    }

    fun w9(n: Long): Outcome {
        val mutex = Mutex()
        val counter = Counter()
        val tasks = n / Workload.INCREMENTS
        run {
            for (t in 0 until tasks) {
                launch {
                    repeat(Workload.INCREMENTS) { mutex.withLock { counter.value++ } }
                }
            }
        }
        return run { mutex.withLock { Outcome.of(counter.value) } }
    }

    fun w10(n: Long): Outcome {
        val flow = MutableSharedFlow<Long>(0, Workload.BROADCAST_CAPACITY, BufferOverflow.SUSPEND)
        val tallies = Array(Workload.SUBSCRIBERS) { Probes.Tally() }
        run {
            for (t in tallies) {
                launch {
                    flow.takeWhile { it >= 0 }.collect { t.received(it) }
                    t.end(n)
                }
            }
            flow.subscriptionCount.first { it == Workload.SUBSCRIBERS }
            launch {
                for (i in 0 until n) {
                    flow.emit(i)
                    if ((i + 1) % Workload.YIELD_EVERY == 0L) yield()
                }
                flow.emit(-1L)
            }
        }
        return Probes.Tally.outcome(tallies)
    }

    @OptIn(ExperimentalCoroutinesApi::class)
    fun w11(n: Long): Outcome = run {
        val conns = (n / Workload.ROUND_TRIPS_PER_CONNECTION).toInt()
        SelectorManager(Dispatchers.IO).use { selector ->
            aSocket(selector).tcp().bind("127.0.0.1", 0) { backlogSize = conns * 2 }.use { server ->
                val address = server.localAddress
                val echo = launch {
                    repeat(conns) {
                        val socket = server.accept()
                        launch { echo(socket) }
                    }
                }
                val clients = (0 until conns).map { id -> async { client(selector, address, id) } }
                var verified = 0L
                for (c in clients) verified += c.await()
                echo.join()
                Outcome.of(verified)
            }
        }
    }

    private suspend fun echo(socket: Socket) = socket.use {
        val input = socket.openReadChannel()
        val output = socket.openWriteChannel(autoFlush = false)
        val buf = ByteArray(Workload.MESSAGE_BYTES)
        while (true) {
            val k = input.readAvailable(buf, 0, buf.size)
            if (k < 0) break
            output.writeFully(buf, 0, k)
            output.flush()
        }
    }

    private suspend fun client(selector: SelectorManager, address: SocketAddress, id: Int): Long =
        aSocket(selector).tcp().connect(address) { noDelay = true }.use { socket ->
            val input = socket.openReadChannel()
            val output = socket.openWriteChannel(autoFlush = false)
            val msg = ByteArray(Workload.MESSAGE_BYTES)
            val back = ByteArray(Workload.MESSAGE_BYTES)
            msg[0] = id.toByte()
            var ok = 0L
            for (r in 0 until Workload.ROUND_TRIPS_PER_CONNECTION) {
                msg[1] = r.toByte()
                msg[Workload.MESSAGE_BYTES - 1] = (r shr 8).toByte()
                output.writeFully(msg, 0, msg.size)
                output.flush()
                input.readFully(back, 0, back.size)
                if (!msg.contentEquals(back)) {
                    throw SelfCheckFailed("W11: connection $id round trip $r echoed wrong bytes")
                }
                ok++
            }
            ok
        }

    fun w13(n: Long): Outcome = run {
        val ch = Channel<Long>(Workload.CHANNEL_CAPACITY)
        val producer = launch {
            for (i in 0 until n) ch.send(i) // then keeps the channel open: no close()
        }
        val sum = async {
            var s = 0L
            while (true) {
                val more = select<Boolean> {
                    ch.onReceive { s += it; true }
                    onTimeout(Workload.SELECT_TIMEOUT_MS) { false }
                }
                if (!more) break
            }
            s
        }
        val result = sum.await()
        producer.join()
        Outcome.of(result)
    }

    fun w14(n: Long): Outcome = runBlocking {
        val sum = (0 until n).asFlow()
            .map { it * 2 }
            .filter { it % 3 == 0L }
            .map { it + 1 }
            .fold(0L) { acc, v -> acc + v }
        Outcome.of(sum)
    }

}
