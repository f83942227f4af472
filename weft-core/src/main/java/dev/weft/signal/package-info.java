/**
 * Operating-system signals as futures: {@link dev.weft.signal.Signals#ctrlC()} (SIGINT) and
 * {@link dev.weft.signal.Signals#terminate()} (SIGTERM), tokio's {@code tokio::signal}.
 */
package dev.weft.signal;
