package dev.bascule.api;

import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.loader.ConfigLoaderFactory;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;

import java.util.Collection;
import java.util.List;

/**
 * The single entry point of a Bascule plugin.
 *
 * <p>A plugin is a public class with a public no-argument constructor implementing this
 * interface, packaged in a jar that carries {@value #DESCRIPTOR} (keys {@code name},
 * {@code version}, {@code api-version}, {@code scan-packages}) and dropped into
 * {@code plugins/<name>/}. Bascule gives each plugin directory its own class loader, which sees
 * only {@code dev.bascule.api} and {@code org.slf4j} from the host, finds the implementations of
 * this interface in the descriptor's packages and registers every factory they return under the
 * factory's name. A name claimed by two plugins is a start-up error naming both.
 *
 * <p>Every method defaults to an empty collection, so a new extension kind is a new default
 * method and plugins compiled against an older API keep working.
 */
public interface Plugin {
    /** Resource path of the plugin descriptor inside a plugin jar. */
    String DESCRIPTOR = "META-INF/bascule-plugin.properties";

    /** Algorithms served by {@code balance <name>}. */
    default Collection<BalancingAlgorithmFactory> balancingAlgorithms() {
        return List.of();
    }

    /** Health checks ({@code check}, {@code option httpchk}, ...). */
    default Collection<HealthCheckFactory> healthChecks() {
        return List.of();
    }

    /** Sample fetches used in ACLs and rules ({@code path}, {@code hdr(host)}, {@code src}, ...). */
    default Collection<SampleFetchFactory> sampleFetches() {
        return List.of();
    }

    /** Converters applied to samples ({@code lower}, {@code field(2,/)}, {@code crc32}, ...). */
    default Collection<SampleConverterFactory> sampleConverters() {
        return List.of();
    }

    /** ACL match methods ({@code -m str}, {@code -m beg}, ...). */
    default Collection<AclMatcherFactory> aclMatchers() {
        return List.of();
    }

    /** ACL keywords that are a fetch with its own match method ({@code hdr_beg}, {@code path_end}, ...). */
    default Collection<AclKeyword> aclKeywords() {
        return List.of();
    }

    /**
     * Rule actions ({@code http-request <keyword>}, {@code tcp-request content <keyword>}, ...), each
     * in the rule sets its factory names. A keyword the configuration loader serves itself cannot
     * be taken over.
     */
    default Collection<ActionFactory> actions() {
        return List.of();
    }

    /** Configuration formats ({@code haproxy}). */
    default Collection<ConfigLoaderFactory> configLoaders() {
        return List.of();
    }
}
