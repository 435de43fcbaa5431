package org.accountstream.adapters.dynamodb;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.accountstream.aws.Backoff;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;

/**
 * The server's shared head of a DynamoDB stream: one {@link ShardHeadReader} per open shard,
 * made on first use and dropped once its shard is closed. Capturing the head advances every
 * reader to its shard's tip, the shards in parallel on virtual threads (at most
 * {@code parallelism} reading at once, to stay within the HTTP client's connection pool).
 */
final class StreamHeadReader {

    private final StreamShardClient shards;
    private final Backoff backoff;
    private final Semaphore permits;
    private final Map<String, ShardHeadReader> readers = new ConcurrentHashMap<>();

    StreamHeadReader(StreamShardClient shards, Backoff backoff, int parallelism) {
        this.shards = shards;
        this.backoff = backoff;
        this.permits = new Semaphore(parallelism);
    }

    /**
     * A horizon with the head of every shard open in {@code listed}: every record written after
     * this returns follows it (see {@link ShardHeadReader}).
     *
     * @throws CancellationException when interrupted (the interrupt flag is set again)
     */
    Horizon capture(List<Shard> listed) {
        long arrival = System.nanoTime();
        Set<String> open = listed.stream().filter(s -> !s.isClosed()).map(Shard::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        readers.keySet().retainAll(open);
        Map<String, Future<Position>> heads = new LinkedHashMap<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (String shardId : open) {
                ShardHeadReader reader = readers.computeIfAbsent(shardId,
                        id -> new ShardHeadReader(id, shards, backoff));
                heads.put(shardId, threads.submit(() -> headOf(reader, arrival)));
            }
            Map<String, Position> positions = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Position>> head : heads.entrySet()) {
                positions.put(head.getKey(), head.getValue().get());
            }
            return Horizon.of(positions);
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while capturing the head of " + shards.streamArn());
        } catch (ExecutionException e) {
            threads.shutdownNow();
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("capturing the head of " + shards.streamArn() + " failed", e.getCause());
        } finally {
            threads.shutdown();
        }
    }

    /** Shards whose heads are tracked now. */
    Set<String> trackedShards() {
        return Set.copyOf(readers.keySet());
    }

    private Position headOf(ShardHeadReader reader, long arrival) throws InterruptedException {
        permits.acquire();
        try {
            return reader.headAsOf(arrival);
        } finally {
            permits.release();
        }
    }
}
