package shopsync.app.runtime;

import java.util.List;

/** One role of the process: the runtime starts the roles it runs side by side, asks them how they are, and closes them in reverse. */
interface RoleService extends AutoCloseable {

    void start();

    /** How each part of the role is: live (working or able to recover) and ready (doing its job now). */
    List<Part> health();

    /** @param state a word for ops (e.g. the Streams client state), or null */
    record Part(String name, boolean live, boolean ready, String state) {}

    @Override
    void close();
}
