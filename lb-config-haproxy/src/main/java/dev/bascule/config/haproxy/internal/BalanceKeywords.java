package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalanceArgumentException;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.loader.KeywordRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/** {@code balance} and {@code hash-type}: how a backend picks its server. */
final class BalanceKeywords {
    private final KeywordRegistry registry;

    BalanceKeywords(KeywordRegistry registry) {
        this.registry = registry;
    }

    void register(ProxyKeywordTable table) {
        table.register("balance", ProxyKeywordTable.SectionRule.BACKEND, this::parseBalance);
        table.register("hash-type", ProxyKeywordTable.SectionRule.BACKEND, this::parseHashType);
    }

    private void parseBalance(ProxyLine line) {
        String written = line.word(1);
        String algorithm;
        List<String> arguments = new ArrayList<>();
        if (written.isEmpty()) {
            algorithm = BalanceConfig.DEFAULT_ALGORITHM;
        } else if (written.startsWith("random(") && !written.endsWith(")")) {
            line.alert("balance random : missing closing parenthesis.");
            return;
        } else if (written.startsWith("rdp-cookie(") && !written.endsWith(")")
                || written.startsWith("rdp-cookie") && !written.equals("rdp-cookie") && !written.startsWith("rdp-cookie(")) {
            // HAProxy reads the name up to the first parenthesis after "rdp-cookie("
            line.alert("balance rdp-cookie : missing cookie name.");
            return;
        } else if (written.startsWith("hdr(") && !written.endsWith(")")) {
            // HAProxy looks for the parenthesis ending the name
            line.alert("balance hdr requires an http header field name.");
            return;
        } else {
            int parenthesis = written.indexOf('(');
            if (parenthesis > 0 && written.endsWith(")")) {
                algorithm = written.substring(0, parenthesis);
                arguments.add(written.substring(parenthesis + 1, written.length() - 1));
            } else {
                algorithm = written;
            }
            if (!algorithm.equals("rdp-cookie")) {
                // HAProxy reads no word after rdp-cookie
                arguments.addAll(line.args.subList(2, line.args.size()));
            }
        }
        Optional<BalancingAlgorithmFactory> factory = registry.balancingAlgorithm(algorithm);
        if (factory.isEmpty()) {
            SortedSet<String> names = registry.balancingAlgorithmNames();
            Optional<String> best = DidYouMean.bestMatch(algorithm, names);
            line.alert("unknown balance algorithm '" + (written.isEmpty() ? algorithm : written)
                    + "' (expected one of: " + String.join(", ", names) + ")"
                    + best.map(match -> "; did you mean '" + match + "'?").orElse(""));
            return;
        }
        try {
            factory.get().create(List.copyOf(arguments));
        } catch (InvalidArgumentException e) {
            if (e instanceof BalanceArgumentException) {
                // worded as backend_parse_balance() words it, the algorithm first
                line.alert("balance " + e.getMessage());
            } else {
                line.alert("'balance " + written + "' : " + e.getMessage());
            }
            return;
        }
        line.section.balance = new BalanceConfig(algorithm, arguments, line.location);
    }

    /** {@code hash-type map-based|consistent [sdbm|djb2|wt6|crc32 [avalanche]]}, with HAProxy's messages. */
    private void parseHashType(ProxyLine line) {
        String type = line.word(1);
        boolean consistent;
        if (type.equals("consistent")) {
            consistent = true;
        } else if (type.equals("map-based")) {
            consistent = false;
        } else if (type.equals("avalanche")) {
            line.alert("experimental feature 'hash-type avalanche' is not supported anymore, please use "
                    + "'hash-type map-based sdbm avalanche' instead.");
            return;
        } else {
            line.alert("'hash-type' only supports 'consistent' and 'map-based'.");
            return;
        }
        String function = line.word(2);
        boolean avalanche;
        if (function.isEmpty()) {
            // sdbm by default; consistent hashing adds the avalanche modifier to it
            function = "sdbm";
            avalanche = consistent;
        } else {
            if (!List.of("sdbm", "djb2", "wt6", "crc32").contains(function)) {
                line.alert("'hash-type' only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions.");
                return;
            }
            String modifier = line.word(3);
            if (!modifier.isEmpty() && !modifier.equals("avalanche")) {
                line.alert("'hash-type' only supports 'avalanche' as a modifier for hash functions.");
                return;
            }
            avalanche = modifier.equals("avalanche");
        }
        line.section.hashType = new HashType(consistent, function, avalanche);
        line.section.hashTypeLocation = line.location;
    }
}
