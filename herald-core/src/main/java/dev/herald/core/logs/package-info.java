/**
 * The live log stream behind {@code /logs/ws}, in plain Java.
 *
 * <p>{@link dev.herald.core.logs.LogStream} is the entry point: one {@link dev.herald.core.logs.LogTailer}
 * follows {@code logs.dir} on its own thread, {@link dev.herald.core.logs.LogLineParser} turns each line into
 * a flat {@link dev.herald.core.logs.LogEntry}, {@link dev.herald.core.logs.Redactor} masks secrets, and the
 * entries are fanned out to subscribers by their {@link dev.herald.core.logs.LogFilter}
 * (indexed by {@link dev.herald.core.logs.LogFilterIndex}) through each one's
 * {@link dev.herald.core.logs.LogSink}. The WebSocket endpoint itself lives in the server module.
 */
package dev.herald.core.logs;
