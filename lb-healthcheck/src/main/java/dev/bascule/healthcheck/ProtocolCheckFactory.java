package dev.bascule.healthcheck;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;

import java.util.List;

/**
 * The protocol checks HAProxy 2.6 builds as predefined tcp-check rulesets ({@code option redis-check},
 * {@code mysql-check}, {@code pgsql-check}, {@code smtpchk}, {@code ldap-check}, {@code ssl-hello-chk}):
 * each one is its ruleset run by the {@code tcp-check} engine, reporting only the rules' own messages.
 * The arguments are the words after the option, as the loader checked them.
 */
final class ProtocolCheckFactory implements HealthCheckFactory {
    /** How one protocol builds its rules from the option's words. */
    @FunctionalInterface
    private interface Ruleset {
        List<TcpCheckRule> rules(List<String> arguments) throws InvalidArgumentException;
    }

    private final String name;
    private final Ruleset ruleset;

    private ProtocolCheckFactory(String name, Ruleset ruleset) {
        this.name = name;
        this.ruleset = ruleset;
    }

    /** The table of predefined rulesets, one per option. */
    static List<HealthCheckFactory> all() {
        return List.of(
                new ProtocolCheckFactory("redis-check", arguments -> RedisCheck.rules()),
                new ProtocolCheckFactory("ssl-hello-chk", arguments -> SslHelloCheck.rules()),
                new ProtocolCheckFactory("ldap-check", arguments -> LdapCheck.rules()),
                new ProtocolCheckFactory("smtpchk", SmtpCheck::rules),
                new ProtocolCheckFactory("pgsql-check", arguments -> PgsqlCheck.rules(only(arguments, "pgsql-check"))),
                new ProtocolCheckFactory("mysql-check", ProtocolCheckFactory::mysql));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public HealthCheck create(List<String> arguments) throws InvalidArgumentException {
        return new TcpCheck(ruleset.rules(arguments), true);
    }

    /** {@code [<user> [post-41|pre-41]]}. */
    private static List<TcpCheckRule> mysql(List<String> arguments) throws InvalidArgumentException {
        if (arguments.isEmpty()) {
            return MysqlCheck.rules(null, true);
        }
        if (arguments.size() > 2 || arguments.size() == 2 && !arguments.get(1).equals("post-41")
                && !arguments.get(1).equals("pre-41")) {
            throw new InvalidArgumentException("mysql-check expects <user> [post-41|pre-41]");
        }
        return MysqlCheck.rules(arguments.get(0), arguments.size() == 1 || arguments.get(1).equals("post-41"));
    }

    private static String only(List<String> arguments, String check) throws InvalidArgumentException {
        if (arguments.size() != 1 || arguments.get(0).isEmpty()) {
            throw new InvalidArgumentException(check + " expects one argument, got " + arguments);
        }
        return arguments.get(0);
    }
}
