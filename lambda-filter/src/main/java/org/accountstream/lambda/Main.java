package org.accountstream.lambda;

import java.util.Arrays;
import org.accountstream.lambda.local.LocalRunner;
import org.accountstream.logging.ShutdownLogManager;

/**
 * The jar's main class: {@code java -jar lambda-filter.jar local ...} runs the filter locally
 * ({@link LocalRunner}). As a Lambda the jar's handler is {@link FilterHandler}; this class is
 * not used there.
 */
public final class Main {

    static {
        // Before any class that logs is loaded (LocalRunner's logger would set up java.util.logging).
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) { // the service's
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tY.%1$tm.%1$td %1$tH:%1$tM:%1$tS.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
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
