package org.accountstream.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.accountstream.adapters.sse.SseStreamService;

/**
 * Many SSE clients that cost the JVM they run in little, so that a benchmark measures the server:
 * one raw HTTP/1.1 connection each to {@code /v1/accounts/stream}, all read by one platform thread
 * through one selector. A client decodes the chunked response and the event lines in it with a
 * few fields of state, and keeps no replica: it notes when it has received {@code current}, and
 * when it has received a record of the number being {@linkplain #watch watched}. Lines before
 * {@code current} (the snapshot) are not kept beyond what tells {@code event: current}.
 */
final class SseCrowd implements AutoCloseable {

    private static final int HTTP_LINE = 64; // longer status, header and chunk-size lines are cut: prefixes tell
    private static final int EVENT_LINE_BEFORE_CURRENT = 32;
    private static final int EVENT_LINE_KEPT = 1024; // a longer line buffer is dropped once its line is read
    private static final byte[] CURRENT = "event: current".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORDS = "data: [".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] E164 = "\"e164\":\"".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final List<Client> clients = new ArrayList<>();
    private final CountDownLatch current;
    private final Thread reader = Thread.ofPlatform().name("sse-crowd").daemon().unstarted(this::readAll);
    private volatile Watch watch;
    private volatile Exception failure;

    private SseCrowd(Selector selector, int count) {
        this.selector = selector;
        this.current = new CountDownLatch(count);
    }

    /** Opens {@code count} streams of the whole aci range from the SSE server at {@code server}. */
    static SseCrowd open(InetSocketAddress server, int count) throws IOException, InterruptedException {
        SseCrowd crowd = new SseCrowd(Selector.open(), count);
        byte[] request = ("GET " + SseStreamService.PATH + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                + server.getPort() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(server);
                crowd.clients.add(crowd.new Client(i, channel));
                ByteBuffer out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.configureBlocking(false);
                channel.register(crowd.selector, SelectionKey.OP_READ, crowd.clients.getLast());
            }
        } catch (IOException | RuntimeException e) {
            crowd.close();
            throw e;
        }
        crowd.reader.start();
        return crowd;
    }

    int size() {
        return clients.size();
    }

    /** Waits until every client has received {@code current}. */
    void awaitCurrent(Duration timeout) throws Exception {
        boolean all = current.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        throwIfFailed();
        if (!all) {
            throw new IllegalStateException(current.getCount() + " clients did not receive current within " + timeout);
        }
    }

    /** Notes from now on when each client receives a record of {@code e164}; the previous watch ends. */
    Watch watch(long e164) {
        Watch next = new Watch(e164, clients.size());
        watch = next;
        return next;
    }

    @Override
    public void close() throws InterruptedException {
        reader.interrupt();
        if (reader.isAlive()) {
            reader.join();
        }
        for (Client client : clients) {
            try {
                client.channel.close();
            } catch (IOException e) {
                // closing: nothing more to do for it
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** When each client received a record of one number. */
    final class Watch {
        private final long e164;
        private final long[] arrivals; // System.nanoTime() by client; written by the reader thread only
        private int received; // by the reader thread only
        private final CountDownLatch all = new CountDownLatch(1);

        private Watch(long e164, int clients) {
            this.e164 = e164;
            this.arrivals = new long[clients];
        }

        /** The {@link System#nanoTime()} at which each client received the record, earliest first. */
        long[] await(Duration timeout) throws Exception {
            boolean done = all.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throwIfFailed();
            if (!done) {
                throw new IllegalStateException("not every client received +" + e164 + " within " + timeout);
            }
            long[] sorted = arrivals.clone();
            Arrays.sort(sorted);
            return sorted;
        }

        private void arrived(int client, long nanos) {
            if (arrivals[client] == 0) {
                arrivals[client] = nanos;
                if (++received == arrivals.length) {
                    all.countDown();
                }
            }
        }
    }

    private void throwIfFailed() throws Exception {
        if (failure != null) {
            throw failure;
        }
    }

    private void readAll() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    Client client = (Client) key.attachment();
                    buffer.clear();
                    int read = client.channel.read(buffer);
                    if (read < 0) {
                        throw new IOException("the server closed the connection of client " + client.index);
                    }
                    client.consume(buffer.array(), read, System.nanoTime());
                }
                selector.selectedKeys().clear();
            }
        } catch (ClosedSelectorException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            failure = e;
            while (current.getCount() > 0) {
                current.countDown();
            }
            Watch watching = watch;
            if (watching != null) {
                watching.all.countDown();
            }
        }
    }

    private enum State { STATUS, HEADERS, CHUNK_SIZE, CHUNK_DATA, CHUNK_END }

    /** One connection's decoding: the response head, then chunks whose bytes are event lines. */
    private final class Client {
        final int index;
        final SocketChannel channel;
        private State state = State.STATUS;
        private boolean chunked;
        private long chunkLeft;
        private final byte[] httpLine = new byte[HTTP_LINE];
        private int httpLineLength;
        private byte[] eventLine = new byte[EVENT_LINE_BEFORE_CURRENT];
        private int eventLineLength;
        private boolean sawCurrent;

        Client(int index, SocketChannel channel) {
            this.index = index;
            this.channel = channel;
        }

        void consume(byte[] bytes, int length, long nanos) throws IOException {
            int i = 0;
            while (i < length) {
                if (state == State.CHUNK_DATA) {
                    int take = (int) Math.min(chunkLeft, length - i);
                    for (int end = i + take; i < end; i++) {
                        eventByte(bytes[i], nanos);
                    }
                    chunkLeft -= take;
                    if (chunkLeft == 0) {
                        state = State.CHUNK_END;
                    }
                    continue;
                }
                byte b = bytes[i++];
                if (b != '\n') {
                    if (httpLineLength < HTTP_LINE) {
                        httpLine[httpLineLength++] = b;
                    }
                    continue;
                }
                String line = new String(httpLine, 0, httpLineLength, StandardCharsets.US_ASCII).strip();
                httpLineLength = 0;
                httpLine(line);
            }
        }

        private void httpLine(String line) throws IOException {
            switch (state) {
                case STATUS -> {
                    if (!line.startsWith("HTTP/1.1 200")) {
                        throw new IOException("client " + index + ": " + line);
                    }
                    state = State.HEADERS;
                }
                case HEADERS -> {
                    chunked |= line.equalsIgnoreCase("transfer-encoding: chunked");
                    if (line.isEmpty()) {
                        if (!chunked) {
                            throw new IOException("client " + index + ": the response is not chunked");
                        }
                        state = State.CHUNK_SIZE;
                    }
                }
                case CHUNK_SIZE -> {
                    int extension = line.indexOf(';');
                    chunkLeft = Long.parseLong(extension < 0 ? line : line.substring(0, extension), 16);
                    if (chunkLeft == 0) {
                        throw new IOException("client " + index + ": the stream ended");
                    }
                    state = State.CHUNK_DATA;
                }
                case CHUNK_END -> state = State.CHUNK_SIZE; // the CRLF after a chunk's data
                case CHUNK_DATA -> throw new IllegalStateException("chunk data is not read as lines");
            }
        }

        private void eventByte(byte b, long nanos) {
            if (b != '\n') {
                if (eventLineLength == eventLine.length && sawCurrent) {
                    eventLine = Arrays.copyOf(eventLine, eventLine.length * 2);
                }
                if (eventLineLength < eventLine.length) {
                    eventLine[eventLineLength++] = b;
                }
                return;
            }
            if (!sawCurrent) {
                sawCurrent = eventLineLength == CURRENT.length && startsWith(CURRENT);
                if (sawCurrent) {
                    current.countDown();
                }
            } else if (startsWith(RECORDS)) {
                noteRecords(nanos);
            }
            eventLineLength = 0;
            if (eventLine.length > EVENT_LINE_KEPT) {
                eventLine = new byte[EVENT_LINE_BEFORE_CURRENT];
            }
        }

        private boolean startsWith(byte[] prefix) {
            return eventLineLength >= prefix.length
                    && Arrays.equals(eventLine, 0, prefix.length, prefix, 0, prefix.length);
        }

        /** Every {@code "e164":"<digits>"} of a records line, against the watched number. */
        private void noteRecords(long nanos) {
            Watch watching = watch;
            if (watching == null) {
                return;
            }
            for (int at = 0; at + E164.length <= eventLineLength; at++) {
                if (Arrays.equals(eventLine, at, at + E164.length, E164, 0, E164.length)) {
                    long e164 = 0;
                    for (at += E164.length; at < eventLineLength && eventLine[at] != '"'; at++) {
                        e164 = e164 * 10 + (eventLine[at] - '0');
                    }
                    if (e164 == watching.e164) {
                        watching.arrived(index, nanos);
                    }
                }
            }
        }
    }
}
