package shopsync.sink;

/**
 * A target's job on a thread of its own for as long as the sink runs (e.g. a consumer loop).
 *
 * @param name the thread's name
 * @param stop makes {@code body} return soon
 */
public record Loop(String name, Runnable body, AutoCloseable stop) {}
