package org.accountstream.lambda;

import java.util.Arrays;
import org.accountstream.lambda.local.LocalRunner;

/**
 * The jar's main class: {@code java -jar lambda-filter.jar local ...} runs the filter locally
 * ({@link LocalRunner}). As a Lambda the jar's handler is {@link FilterHandler}; this class is
 * not used there.
 */
public final class Main {

    static {
        LocalRunner.configureLogging(); // before anything logs
    }

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("local")) {
            LocalRunner.run(Arrays.asList(args).subList(1, args.length));
            return;
        }
        System.err.println("usage: java -jar lambda-filter.jar local --table <table> --stream <kinesis stream> [options]"
                + "\n  (java -jar lambda-filter.jar local --help: the options)"
                + "\n  As a Lambda, the handler is " + FilterHandler.class.getName() + ".");
        System.exit(2);
    }
}
