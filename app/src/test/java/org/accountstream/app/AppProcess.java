package org.accountstream.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The application in a child JVM, started as {@code java -jar accountstream.jar [args]} would
 * start it, but from the test class path (the jar is built after the tests): the same JDK as the
 * tests, native access enabled as the jar's manifest does. Its output (stdout and stderr as one)
 * is read line by line as it comes; tests wait for a line or for the exit, never for a time.
 */
final class AppProcess implements AutoCloseable {

    /** Long enough for a cold embedded start on a busy 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Process process;
    private final List<String> lines = new ArrayList<>(); // guarded by itself
    private boolean ended; // guarded by lines: the output reached its end

    private AppProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().name("app-process-output").start(this::readOutput);
    }

    /** Starts {@code Main} with {@code jvmOptions} before the class and {@code args} after it. */
    static AppProcess start(List<String> jvmOptions, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", testClassPath(), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new AppProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AppProcess start(String... args) {
        return start(List.of(), Map.of(), args);
    }

    /** Surefire runs the tests from a manifest-only jar and names the real class path here. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** A port nothing listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first line, from the start, that matches.
     *
     * @throws AssertionError with the output so far when the output ends or {@link #PATIENCE} passes first
     */
    String awaitLine(Predicate<String> matching) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (lines) {
            for (int next = 0; ; ) {
                for (; next < lines.size(); next++) {
                    if (matching.test(lines.get(next))) {
                        return lines.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError((ended ? "the output ended" : "no line came within " + PATIENCE)
                            + " before the line awaited; output:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    String awaitLineContaining(String text) throws InterruptedException {
        return awaitLine(line -> line.contains(text));
    }

    /** The exit status, once the process has ended and all its output is read. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + PATIENCE + "; output:\n" + String.join("\n", output()));
        }
        awaitEndOfOutput();
        return process.exitValue();
    }

    private void awaitEndOfOutput() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (lines) {
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the output did not end within " + PATIENCE + " of the exit");
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Sends SIGTERM, as {@code kill} does. (Process.destroy() would also close the output before it is read.) */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Every line so far. */
    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process was killed: its output ends here
        } finally {
            synchronized (lines) {
                ended = true;
                lines.notifyAll();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
