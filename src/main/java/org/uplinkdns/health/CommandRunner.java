package org.uplinkdns.health;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command with a deadline. Its output (standard output and error together) is read to the
 * end so the command never blocks on a full pipe, but only the first {@link #KEPT} bytes are kept:
 * a command that prints megabytes costs neither memory nor time. At the deadline the command and
 * every process it started are killed.
 */
final class CommandRunner {
    static final int KEPT = 4096;
    private static final File NULL = new File("/dev/null");
    /** How long to wait for the output to end after the command exited or was killed. */
    private static final long DRAIN_WAIT_MS = 200;

    /**
     * @param exit the exit status, or -1 when the command was killed or could not start
     * @param timedOut whether the deadline killed it
     * @param output the first {@link #KEPT} bytes of its output
     * @param bytes how many bytes it printed in all
     */
    record Result(int exit, boolean timedOut, String output, long bytes, String error) {
        /** The last non-empty line of the output, shortened, for a log line. */
        String lastLine() {
            String[] lines = output.strip().split("\n");
            String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
            return last.length() > 120 ? last.substring(0, 120) + "..." : last;
        }
    }

    private final ExecutorService pool;

    CommandRunner(ExecutorService pool) {
        this.pool = pool;
    }

    Result run(List<String> argv, Map<String, String> env, long deadlineNanos) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(NULL);
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new Result(-1, false, "", 0, "cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        CappedSink sink = new CappedSink();
        Future<?> reader;
        try {
            reader = pool.submit(() -> sink.drain(process.getInputStream()));
        } catch (RuntimeException e) {
            killTree(process);
            return new Result(-1, false, "", 0, "no thread to read its output: " + e.getMessage());
        }
        boolean exited;
        try {
            exited = process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            killTree(process);
        }
        try {
            reader.get(DRAIN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // A grandchild that escaped the kill still holds the pipe: stop waiting for it.
            reader.cancel(true);
            closeQuietly(process.getInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The reader only fails on an I/O error: what it kept is still good.
        }
        int exit = exited ? process.exitValue() : -1;
        return new Result(exit, !exited, sink.text(), sink.total(), "");
    }

    /** Kills the command and everything it started: a shell's children would otherwise live on. */
    private static void killTree(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.onExit().get(DRAIN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // SIGKILL cannot be refused; the exit is just not reaped yet.
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing more to do with a pipe that will not close.
        }
    }

    /** Keeps the first bytes, counts and discards the rest. */
    private static final class CappedSink {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;

        void drain(InputStream in) {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (this) {
                        int room = KEPT - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, Math.min(room, n));
                        }
                        total += n;
                    }
                }
            } catch (IOException e) {
                // The pipe closed under us (killed command): keep what was read.
            }
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        synchronized long total() {
            return total;
        }
    }
}
