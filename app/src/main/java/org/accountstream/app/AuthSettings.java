package org.accountstream.app;

import io.helidon.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.accountstream.application.ClientCredentials;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.InvalidRequestException;

/**
 * Who may read: {@code accountstream.auth.clients.<i>.token} (a bearer token; put it in the
 * environment, {@code ACCOUNTSTREAM_AUTH_CLIENTS_0_TOKEN}, rather than in a file) with optional
 * {@code .start} / {@code .limit} (UUIDs: the aci range that client may read), and whether the
 * metrics need a credential too ({@code accountstream.auth.protect-metrics}). No clients: no
 * authentication.
 */
record AuthSettings(List<ClientCredentials.Client> clients, boolean protectMetrics) {

    static final String CLIENTS = "accountstream.auth.clients";
    static final String PROTECT_METRICS = "accountstream.auth.protect-metrics";

    private static final Set<String> CLIENT_KEYS = Set.of("token", "start", "limit");

    @Override
    public String toString() {
        return "AuthSettings[clients=" + clients.size() + ", protectMetrics=" + protectMetrics + "]";
    }

    static AuthSettings from(Config root, ConfigReader reader) {
        List<ClientCredentials.Client> clients = new ArrayList<>();
        Config list = root.get(CLIENTS);
        for (int i = 0; list.get(Integer.toString(i)).exists(); i++) {
            clients.add(client(list.get(Integer.toString(i)), CLIENTS + "." + i));
        }
        list.traverse().filter(Config::isLeaf).map(node -> node.key().toString())
                .filter(key -> !key.matches(Pattern.quote(CLIENTS) + "\\.(0|[1-9][0-9]*)\\.[a-z]+")
                        || Integer.parseInt(key.split("\\.")[3]) >= clients.size())
                .findFirst()
                .ifPresent(key -> {
                    throw new ConfigurationException("'" + key + "' is not a client entry; clients are "
                            + CLIENTS + ".0, .1, ... without gaps, each with " + CLIENT_KEYS);
                });
        return new AuthSettings(List.copyOf(clients), reader.booleanValue(PROTECT_METRICS, false));
    }

    private static ClientCredentials.Client client(Config entry, String key) {
        entry.traverse().filter(Config::isLeaf).map(node -> node.name())
                .filter(name -> !CLIENT_KEYS.contains(name)).findFirst()
                .ifPresent(name -> {
                    throw new ConfigurationException("unknown key '" + key + "." + name + "'; a client has " + CLIENT_KEYS);
                });
        String token = entry.get("token").asString().orElse("").strip();
        if (token.length() < 16) {
            throw new ConfigurationException(key + ".token must be set, at least 16 characters (a random secret)");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigurationException(key + ".token must be printable ASCII without spaces (it travels in a header)");
        }
        try {
            return new ClientCredentials.Client(token, AciRange.fromText(
                    entry.get("start").asString().map(String::strip).orElse(null),
                    entry.get("limit").asString().map(String::strip).orElse(null)));
        } catch (InvalidRequestException e) {
            throw new ConfigurationException(key + ": " + e.getMessage());
        }
    }
}
