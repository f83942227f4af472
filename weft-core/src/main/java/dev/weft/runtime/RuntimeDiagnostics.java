package dev.weft.runtime;

import dev.weft.internal.scheduler.Scheduler;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** The registered {@link RuntimeDiagnosticsMXBean} of one runtime. */
final class RuntimeDiagnostics implements RuntimeDiagnosticsMXBean {
    /*
     * Implementation notes
     * I1. Stateless apart from the scheduler: every operation takes a fresh dump on the JMX thread that calls it.
     * I2. Registered once by WeftRuntime.Builder.build (a name already taken fails the build with the reason) and
     *     unregistered by the runtime's shutdown; unregister is idempotent.
     */
    private final Scheduler scheduler;
    private final ObjectName name;

    private RuntimeDiagnostics(Scheduler scheduler, ObjectName name) {
        this.scheduler = scheduler;
        this.name = name;
    }

    /** The object name of runtime {@code runtimeName}'s MBean. */
    static ObjectName objectName(String runtimeName) {
        try {
            return new ObjectName("dev.weft:type=WeftRuntime,name=" + ObjectName.quote(runtimeName));
        } catch (JMException e) {
            throw new IllegalArgumentException("name: " + runtimeName + " (expected: usable in a JMX object name)", e);
        }
    }

    /** I2: registers the MBean of {@code scheduler}'s runtime. */
    static RuntimeDiagnostics register(Scheduler scheduler) {
        ObjectName on = objectName(scheduler.name());
        RuntimeDiagnostics bean = new RuntimeDiagnostics(scheduler, on);
        try {
            // a StandardMBean names the interface explicitly: this class need not be public
            ManagementFactory.getPlatformMBeanServer().registerMBean(
                    new StandardMBean(bean, RuntimeDiagnosticsMXBean.class, true), on);
        } catch (JMException | IllegalArgumentException e) {
            throw new IllegalStateException("diagnosticsMBean(true): could not register " + on
                    + " (another runtime with the same name has one: give each runtime its own name)", e);
        }
        return bean;
    }

    /** I2: unregisters; idempotent. */
    void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) server.unregisterMBean(name);
        } catch (JMException e) {
            // already gone (a concurrent shutdown): nothing to do
        }
    }

    @Override
    public String getRuntimeName() {
        return scheduler.name();
    }

    @Override
    public long getLiveTasks() {
        return scheduler.liveTasks();
    }

    @Override
    public String dump() {
        return DumpBuilder.take(scheduler).dump().toString();
    }

    @Override
    public String dumpJson() {
        return DumpBuilder.take(scheduler).dump().toJson();
    }

    @Override
    public String deadlocks() {
        TaskDump d = DumpBuilder.take(scheduler).dump();
        if (d.deadlocks().isEmpty()) return "No deadlock in runtime '" + d.runtime() + "'";
        StringBuilder b = new StringBuilder();
        for (Deadlock x : d.deadlocks()) b.append(x);
        return b.toString();
    }
}
