package dev.weft.trace;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test listener: keeps every started and ended span, every enter (with the thread), and checks that enters and
 * exits balance per thread and come in nested order.
 */
final class RecordingListener implements SpanListener<String> {
    record Enter(String span, Thread thread) {}

    final List<Span> started = new CopyOnWriteArrayList<>();
    final List<Span> ended = new CopyOnWriteArrayList<>();
    final List<Enter> enters = new CopyOnWriteArrayList<>();
    final List<String> parentStates = new CopyOnWriteArrayList<>();
    final AtomicInteger open = new AtomicInteger();
    final List<String> problems = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Thread, List<Span>> stacks = new ConcurrentHashMap<>();

    @Override
    public String onStart(Span span, String parentState) {
        started.add(span);
        parentStates.add(span.name() + "<-" + parentState);
        return "state:" + span.name();
    }

    @Override
    public Object onEnter(Span span, String state) {
        if (!state.equals("state:" + span.name())) problems.add("wrong state " + state + " for " + span);
        enters.add(new Enter(span.name(), Thread.currentThread()));
        stacks.computeIfAbsent(Thread.currentThread(), t -> new CopyOnWriteArrayList<>()).add(span);
        open.incrementAndGet();
        return span; // the token
    }

    @Override
    public void onExit(Span span, String state, Object token) {
        if (token != span) problems.add("exit of " + span + " with token " + token);
        List<Span> stack = stacks.get(Thread.currentThread());
        if (stack == null || stack.isEmpty() || stack.get(stack.size() - 1) != span) {
            problems.add("exit of " + span + " not innermost on " + Thread.currentThread() + ": " + stack);
        } else {
            stack.remove(stack.size() - 1);
        }
        open.decrementAndGet();
    }

    @Override
    public void onEnd(Span span, String state) {
        ended.add(span);
    }

    Span ended(String name) {
        return ended.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ended span '" + name + "' in " + ended));
    }

    long endCount(String name) {
        return ended.stream().filter(s -> s.name().equals(name)).count();
    }
}
