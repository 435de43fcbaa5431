package org.accountstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The embedded database's in-process clients answer as the SDK's HTTP clients would where the
 * application relies on it: the SDK's exception types, and interrupts that stop the caller.
 */
class InProcessDynamoDbTest {

    private static EmbeddedDynamoDb database;

    @BeforeAll
    static void start() {
        database = EmbeddedDynamoDb.inMemory();
        accounts().createWithoutStream();
    }

    private static DynamoDbAccountTable accounts() {
        return new DynamoDbAccountTable(database.tables(), "accounts", AccountAttributes.defaults());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void errorsArriveAsTheSdksExceptions() {
        assertThatThrownBy(() -> accounts().createWithoutStream())
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> database.tables().describeTable(d -> d.tableName("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anInterruptedCallerGetsAbortedExceptionAndKeepsItsInterrupt() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        AtomicLong writes = new AtomicLong();
        Thread writer = Thread.ofVirtual().start(() -> {
            DynamoDbClient tables = database.tables();
            try {
                for (long i = 0; ; i++) {
                    byte[] aci = ByteBuffer.allocate(16).putLong(i).array();
                    tables.putItem(put -> put.tableName("accounts")
                            .item(Map.of("U", AttributeValue.fromB(SdkBytes.fromByteArray(aci)))));
                    writes.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failure.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        Eventually.await("the writer is writing", Eventually.PATIENCE, () -> writes.get() >= 10);
        writer.interrupt();
        writer.join(10_000);

        assertThat(writer.isAlive()).as("the writer stopped").isFalse();
        assertThat(failure.get()).isInstanceOf(AbortedException.class);
        assertThat(stillInterrupted.get()).isTrue();
    }
}
