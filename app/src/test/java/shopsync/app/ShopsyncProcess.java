package shopsync.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code shopsync run} as a separate OS process, so a test can kill it the way a crash or OOM-killer would. */
final class ShopsyncProcess implements AutoCloseable {
    private final String command;
    private final Path config;
    private final Path log;
    private Process process;

    ShopsyncProcess(Path config, Path log) throws IOException {
        this("run", config, log);
    }

    /** @param command {@code run}, or one role: {@code connector}, {@code processor}, {@code sink} */
    ShopsyncProcess(String command, Path config, Path log) throws IOException {
        this.command = command;
        this.config = config;
        this.log = log;
        Files.deleteIfExists(log);
    }

    void start() {
        // The JVM options users get (./shopsync, the image): the kill tests hold under the production memory bounds.
        Path jvmOptions = Path.of("..", "config", "jvm.options").toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + jvmOptions, "-cp", System.getProperty("java.class.path"), Main.class.getName(), command, "--config", config.toString()));
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no offset commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The exit status once the process has ended by itself, or null while it still runs. */
    Integer exitStatus() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) kill();
        }
    }
}
