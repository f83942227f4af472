package dev.weft.runtime;

/**
 * The management interface of a runtime's diagnostics, registered under
 * {@code dev.weft:type=WeftRuntime,name="<runtime name>"} when the runtime is built with
 * {@link WeftRuntime.Builder#diagnosticsMBean(boolean) diagnosticsMBean(true)}: it prints the task dump of a running
 * process from JConsole, JDK Mission Control or any JMX client, without an agent.
 *
 * <p>From a shell: {@code jcmd <pid> ManagementAgent.start_local} enables local JMX in a process started without
 * it, then JConsole's MBeans tab (or JMC's MBean browser) shows the operations below; a JMX client such as jmxterm
 * runs them from scripts ({@code run -b dev.weft:type=WeftRuntime,name="app" dump}).
 */
public interface RuntimeDiagnosticsMXBean {
    /**
     * The runtime's name.
     *
     * @return the name given to the builder, or the generated one
     */
    String getRuntimeName();

    /**
     * The runtime's live tasks now.
     *
     * @return spawned tasks not yet finished
     */
    long getLiveTasks();

    /**
     * Takes a task dump and returns it for people ({@link TaskDump#toString()}).
     *
     * @return the dump
     */
    String dump();

    /**
     * Takes a task dump and returns it as JSON ({@link TaskDump#toJson()}).
     *
     * @return the dump as JSON
     */
    String dumpJson();

    /**
     * Takes a task dump and returns only its deadlocks, for people; "No deadlock" when there is none.
     *
     * @return the deadlock reports of this snapshot
     */
    String deadlocks();
}
