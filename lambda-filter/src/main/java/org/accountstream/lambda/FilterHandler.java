package org.accountstream.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.Map;

/**
 * The filter Lambda's handler ({@code org.accountstream.lambda.FilterHandler}, runtime java21):
 * DynamoDB stream events in, account records out to Kinesis (README, "The filter Lambda").
 * Lambda creates it once per execution environment, so the Kinesis client is reused across
 * invocations; its settings come from the environment ({@link FilterSettings}).
 */
public final class FilterHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ChangeFilter filter;

    public FilterHandler() {
        this(System.getenv());
    }

    FilterHandler(Map<String, String> environment) {
        this.filter = ChangeFilter.create(FilterSettings.fromEnvironment(environment), AwsClients.kinesis());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return filter.filter(event);
    }
}
