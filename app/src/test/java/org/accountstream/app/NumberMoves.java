package org.accountstream.app;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.accountstream.adapters.kinesis.AccountRecordFormat;
import org.accountstream.domain.Account;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Phone numbers moving between accounts whose Kinesis records land on different shards: a move's
 * upsert may then be read before the removal that freed the number, the case the aci-keyed
 * replica exists for. The accounts' numbers are far from the demo writer's.
 */
final class NumberMoves {

    private static final long FIRST_NUMBER = 19_995_550_000L;
    private static final long SPARE_NUMBER = 19_995_559_999L;

    private final List<Account> movers = new ArrayList<>();
    private final Consumer<Account> put;
    private final Function<UUID, Optional<Account>> get;

    /**
     * {@code count} new accounts, the i-th on the i-th of {@code openShards} (sorted by hash key
     * range, cycling), written with {@code put}; {@code get} reads an account back from the table.
     */
    NumberMoves(List<Shard> openShards, int count, Consumer<Account> put, Function<UUID, Optional<Account>> get)
            throws NoSuchAlgorithmException {
        this.put = put;
        this.get = get;
        long number = FIRST_NUMBER;
        for (long seed = 1; movers.size() < count; seed++) {
            UUID aci = new UUID(seed, seed * 31);
            if (shardIndex(openShards, aci) == movers.size() % openShards.size()) {
                movers.add(new Account(aci, number++, true, null, new byte[0]));
            }
        }
        movers.forEach(put);
    }

    /**
     * Each account takes the next one's number, the last the first's, through a spare so numbers
     * stay unique: every number moves to an account on another shard.
     */
    void rotate() {
        List<Long> numbers = movers.stream().map(Account::e164).toList();
        int count = movers.size();
        put.accept(withNumber(movers.getFirst(), SPARE_NUMBER)); // frees the first number
        for (int i = count - 1; i >= 0; i--) {
            put.accept(withNumber(movers.get(i), numbers.get((i + 1) % count)));
        }
        movers.replaceAll(account -> get.apply(account.aci()).orElseThrow());
    }

    private static Account withNumber(Account account, long e164) {
        return new Account(account.aci(), e164, account.discoverable(), account.pni(), account.uak());
    }

    /** Which of {@code shards} (sorted by hash key range) Kinesis puts the aci's records in: MD5 of the partition key. */
    private static int shardIndex(List<Shard> shards, UUID aci) throws NoSuchAlgorithmException {
        BigInteger hash = new BigInteger(1, MessageDigest.getInstance("MD5")
                .digest(AccountRecordFormat.partitionKey(aci).getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < shards.size(); i++) {
            if (hash.compareTo(new BigInteger(shards.get(i).hashKeyRange().endingHashKey())) <= 0) {
                return i;
            }
        }
        throw new IllegalStateException("no shard holds hash " + hash);
    }
}
