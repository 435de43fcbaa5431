package org.accountstream.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stub SSE server on a loopback port, to measure what clients cost on their own: it answers
 * every connection at once with a chunked {@code event: current} and holds it open, reading
 * nothing. What it keeps per connection is the accepted channel.
 */
final class CurrentOnlySseServer implements AutoCloseable {

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n19\r\nevent: current\ndata: {}\n\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel server;
    private final List<SocketChannel> accepted = new ArrayList<>(); // by the acceptor until it ends
    private final Thread acceptor;

    /** Listens with room for {@code backlog} connections not yet accepted. */
    CurrentOnlySseServer(int backlog) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
        acceptor = Thread.ofPlatform().name("stub-sse-server").daemon().start(this::acceptAll);
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    private void acceptAll() {
        try {
            while (true) {
                SocketChannel channel = server.accept();
                accepted.add(channel);
                ByteBuffer out = ByteBuffer.wrap(RESPONSE);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            }
        } catch (IOException e) {
            // closed: accept no more
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join();
        for (SocketChannel channel : accepted) {
            channel.close();
        }
    }
}
